import { reportListenerError } from './events';
import type { AutoLayoutFields } from './auto-layout-nodes';
import type { FakeContext } from './context';
import { notImplemented } from './errors';
import { FakeBaseNode, unwrap } from './node-base';
import { checkPaints, readPaints, solid } from './paints-and-images';
import { checkNumber, FakeSceneNode } from './scene-node';
import { FakeShapeNode } from './shapes';

/** Nodes with children: document, page, frame, group, section. */

export class FakeFrameNode
  extends FakeShapeNode
  implements
    AutoLayoutFields,
    Pick<
      FrameNode,
      | 'type'
      | 'children'
      | 'appendChild'
      | 'insertChild'
      | 'findAll'
      | 'findOne'
      | 'fills'
      | 'clipsContent'
      | 'x'
      | 'y'
      | 'width'
      | 'height'
      | 'resize'
      | 'absoluteBoundingBox'
      | 'layoutMode'
      | 'itemSpacing'
      | 'counterAxisSpacing'
      | 'paddingLeft'
      | 'paddingRight'
      | 'paddingTop'
      | 'paddingBottom'
      | 'primaryAxisAlignItems'
      | 'counterAxisAlignItems'
      | 'counterAxisAlignContent'
      | 'primaryAxisSizingMode'
      | 'counterAxisSizingMode'
      | 'layoutWrap'
      | 'layoutSizingHorizontal'
      | 'layoutSizingVertical'
      | 'layoutGrow'
      | 'layoutAlign'
      | 'layoutPositioning'
      | 'itemReverseZIndex'
      | 'strokesIncludedInLayout'
    >
{
  readonly type = 'FRAME' as const;
  clipsContent = true;
  expanded = true;
  // Auto layout, with the defaults of figma.createFrame(): once layoutMode is set the frame hugs
  // its primary axis and keeps its counter axis fixed (100 px).
  _layoutMode: AutoLayoutFields['_layoutMode'] = 'NONE';
  _primarySizing: 'FIXED' | 'AUTO' = 'AUTO';
  _counterSizing: 'FIXED' | 'AUTO' = 'FIXED';
  _paddingLeft = 0;
  _paddingRight = 0;
  _paddingTop = 0;
  _paddingBottom = 0;
  _itemSpacing = 0;
  _counterAxisSpacing: number | null = null;
  _primaryAlign: FrameNode['primaryAxisAlignItems'] = 'MIN';
  _counterAlign: FrameNode['counterAxisAlignItems'] = 'MIN';
  _counterAlignContent: FrameNode['counterAxisAlignContent'] = 'AUTO';
  _layoutWrap: FrameNode['layoutWrap'] = 'NO_WRAP';
  /** Stored only: the fake draws children in layer order and does not inset them by strokes. */
  itemReverseZIndex = false;
  strokesIncludedInLayout = false;

  constructor(ctx: FakeContext) {
    super(ctx);
    this._children = [];
    this._name = 'Frame';
    this._fills = checkPaints('fills', [solid(1, 1, 1)]);
  }

  override _clips(): boolean {
    return this.clipsContent;
  }

  /** Sections live on the canvas or in other sections only. */
  override _acceptsChild(child: FakeBaseNode): boolean {
    return super._acceptsChild(child) && child.type !== 'SECTION';
  }

  _blank(): FakeFrameNode {
    return new FakeFrameNode(this._ctx);
  }

  get layoutMode(): FrameNode['layoutMode'] {
    return this._layoutMode;
  }
  set layoutMode(v: FrameNode['layoutMode']) {
    if (v === 'GRID') throw notImplemented('FRAME.layoutMode = "GRID"');
    this._layoutMode = oneOf('layoutMode', v, ['NONE', 'HORIZONTAL', 'VERTICAL']);
    if (v === 'VERTICAL' && this._layoutWrap === 'WRAP') this._layoutWrap = 'NO_WRAP';
  }

  get primaryAxisSizingMode(): 'FIXED' | 'AUTO' {
    return this._primarySizing;
  }
  set primaryAxisSizingMode(v: 'FIXED' | 'AUTO') {
    this._primarySizing = oneOf('primaryAxisSizingMode', v, ['FIXED', 'AUTO']);
  }
  get counterAxisSizingMode(): 'FIXED' | 'AUTO' {
    return this._counterSizing;
  }
  set counterAxisSizingMode(v: 'FIXED' | 'AUTO') {
    this._counterSizing = oneOf('counterAxisSizingMode', v, ['FIXED', 'AUTO']);
  }

  get paddingLeft(): number {
    return this._paddingLeft;
  }
  set paddingLeft(v: number) {
    this._paddingLeft = spacing('paddingLeft', v);
  }
  get paddingRight(): number {
    return this._paddingRight;
  }
  set paddingRight(v: number) {
    this._paddingRight = spacing('paddingRight', v);
  }
  get paddingTop(): number {
    return this._paddingTop;
  }
  set paddingTop(v: number) {
    this._paddingTop = spacing('paddingTop', v);
  }
  get paddingBottom(): number {
    return this._paddingBottom;
  }
  set paddingBottom(v: number) {
    this._paddingBottom = spacing('paddingBottom', v);
  }

  get itemSpacing(): number {
    return this._itemSpacing;
  }
  set itemSpacing(v: number) {
    // Negative gaps are allowed: Figma overlaps the children.
    checkNumber('set_itemSpacing', 'itemSpacing', v);
    this._itemSpacing = v;
  }

  /** Never null when read: null means "same as itemSpacing". */
  get counterAxisSpacing(): number {
    return this._counterAxisSpacing ?? this._itemSpacing;
  }
  set counterAxisSpacing(v: number | null) {
    this._counterAxisSpacing = v === null ? null : spacing('counterAxisSpacing', v);
  }

  get primaryAxisAlignItems(): FrameNode['primaryAxisAlignItems'] {
    return this._primaryAlign;
  }
  set primaryAxisAlignItems(v: FrameNode['primaryAxisAlignItems']) {
    this._primaryAlign = oneOf('primaryAxisAlignItems', v, ['MIN', 'MAX', 'CENTER', 'SPACE_BETWEEN', 'SPACE_EVENLY', 'SPACE_AROUND']);
  }

  get counterAxisAlignItems(): FrameNode['counterAxisAlignItems'] {
    return this._counterAlign;
  }
  set counterAxisAlignItems(v: FrameNode['counterAxisAlignItems']) {
    oneOf('counterAxisAlignItems', v, ['MIN', 'MAX', 'CENTER', 'BASELINE']);
    if (v === 'BASELINE' && this._layoutMode !== 'HORIZONTAL') {
      throw new Error('in set_counterAxisAlignItems: BASELINE can only be set on horizontal auto-layout frames');
    }
    this._counterAlign = v;
  }

  get counterAxisAlignContent(): FrameNode['counterAxisAlignContent'] {
    return this._counterAlignContent;
  }
  set counterAxisAlignContent(v: FrameNode['counterAxisAlignContent']) {
    oneOf('counterAxisAlignContent', v, ['AUTO', 'SPACE_BETWEEN']);
    if (this._layoutWrap !== 'WRAP') throw new Error('in set_counterAxisAlignContent: can only be set on auto-layout frames with layoutWrap "WRAP"');
    this._counterAlignContent = v;
  }

  get layoutWrap(): FrameNode['layoutWrap'] {
    return this._layoutWrap;
  }
  set layoutWrap(v: FrameNode['layoutWrap']) {
    oneOf('layoutWrap', v, ['NO_WRAP', 'WRAP']);
    if (v === 'WRAP' && this._layoutMode !== 'HORIZONTAL') {
      throw new Error('in set_layoutWrap: WRAP can only be set on horizontal auto-layout frames');
    }
    this._layoutWrap = v;
  }

  /** Resizing an auto-layout frame fixes both axes: it stops hugging, as in Figma. */
  override resize(width: number, height: number): void {
    super.resize(width, height);
    this._fixSizing();
  }
  override resizeWithoutConstraints(width: number, height: number): void {
    super.resizeWithoutConstraints(width, height);
    this._fixSizing();
  }
  _fixSizing(): void {
    if (this._layoutMode === 'NONE') return;
    this._primarySizing = 'FIXED';
    this._counterSizing = 'FIXED';
  }
}

function oneOf<T extends string>(prop: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) {
    throw new Error(`in set_${prop}: Invalid enum value: expected ${allowed.map((a) => `'${a}'`).join(' | ')}, received '${String(v)}'`);
  }
  return v as T;
}

function spacing(prop: string, v: unknown): number {
  checkNumber(`set_${prop}`, prop, v);
  if (v < 0) throw new Error(`in set_${prop}: Expected "${prop}" to have value >=0`);
  return v;
}

export class FakeGroupNode
  extends FakeSceneNode
  implements Pick<GroupNode, 'type' | 'children' | 'appendChild' | 'x' | 'y' | 'width' | 'height' | 'absoluteBoundingBox'>
{
  readonly type = 'GROUP' as const;
  expanded = true;

  constructor(ctx: FakeContext) {
    super(ctx);
    this._children = [];
    this._name = 'Group';
  }

  override _acceptsChild(child: FakeBaseNode): boolean {
    return super._acceptsChild(child) && child.type !== 'SECTION';
  }

  _blank(): FakeGroupNode {
    return new FakeGroupNode(this._ctx);
  }
}

export class FakeSectionNode
  extends FakeShapeNode
  implements Pick<SectionNode, 'type' | 'children' | 'appendChild' | 'insertChild' | 'fills' | 'x' | 'y' | 'width' | 'height' | 'resizeWithoutConstraints' | 'sectionContentsHidden'>
{
  readonly type = 'SECTION' as const;
  sectionContentsHidden = false;
  devStatus: SectionNode['devStatus'] = null;

  constructor(ctx: FakeContext) {
    super(ctx);
    this._children = [];
    this._name = 'Section';
    this._fills = checkPaints('fills', [solid(1, 1, 1)]);
  }

  _blank(): FakeSectionNode {
    return new FakeSectionNode(this._ctx);
  }
}

export class FakePageNode
  extends FakeBaseNode
  implements Pick<PageNode, 'type' | 'children' | 'selection' | 'appendChild' | 'insertChild' | 'findAll' | 'findOne' | 'backgrounds' | 'loadAsync'>
{
  readonly type = 'PAGE' as const;
  _selection: FakeSceneNode[] = [];
  _backgrounds: ReadonlyArray<Paint> = checkPaints('backgrounds', [solid(0.9607843, 0.9607843, 0.9607843)]);
  readonly isPageDivider = false;

  constructor(ctx: FakeContext, name: string) {
    super(ctx);
    this._children = [];
    this._name = name;
  }

  override _acceptsChild(child: FakeBaseNode): boolean {
    return child instanceof FakeSceneNode;
  }

  /** The selection as it stands: nodes removed or moved off this page drop out, like in Figma. */
  _liveSelection(): FakeSceneNode[] {
    this._selection = this._selection.filter((n) => !n._removed && n._page() === this);
    return this._selection;
  }

  get selection(): ReadonlyArray<SceneNode> {
    return Object.freeze(this._liveSelection().map((n) => n.asNode<SceneNode>()));
  }
  set selection(nodes: ReadonlyArray<SceneNode>) {
    this._setSelection(nodes, false);
  }

  /** `sync` for a simulated user click; a plugin's write fires selectionchange later. */
  _setSelection(nodes: ReadonlyArray<SceneNode>, sync: boolean): void {
    if (!Array.isArray(nodes)) throw new Error('in set_selection: Expected an array of nodes');
    const raws = nodes.map((n) => unwrap(n, 'set_selection'));
    for (const r of raws) {
      if (!(r instanceof FakeSceneNode)) throw new Error(`in set_selection: ${r.type} node cannot be selected`);
      if (r._page() !== this) throw new Error(`in set_selection: Node ${r.id} is not on page ${this.id}`);
    }
    this._selection = [...new Set(raws as FakeSceneNode[])];
    this._ctx.selectionChanged(this, sync);
  }

  get backgrounds(): ReadonlyArray<Paint> {
    return readPaints(this._backgrounds);
  }
  set backgrounds(v: ReadonlyArray<Paint>) {
    this._backgrounds = checkPaints('backgrounds', v);
  }

  async loadAsync(): Promise<void> {}

  // PageNode.on('nodechange'), the change event that works with documentAccess: dynamic-page.
  // As in Figma: only the top-most node of a removed or added subtree is reported, and the
  // changes arrive together on a later task.
  private _nodeListeners: ((event: NodeChangeEvent) => void)[] = [];
  private _queuedChanges: NodeChange[] = [];

  on(type: string, cb: (event: NodeChangeEvent) => void): void {
    if (type !== 'nodechange') throw notImplemented(`PageNode.on('${type}')`);
    this._nodeListeners.push(cb);
  }

  off(type: string, cb: (event: NodeChangeEvent) => void): void {
    if (type !== 'nodechange') throw notImplemented(`PageNode.off('${type}')`);
    const i = this._nodeListeners.indexOf(cb);
    if (i >= 0) this._nodeListeners.splice(i, 1);
  }

  override _nodeChange(type: 'CREATE' | 'DELETE', node: FakeBaseNode): void {
    if (this._nodeListeners.length === 0) return;
    const subject =
      type === 'DELETE' ? ({ id: node.id, type: node.type, removed: true } as unknown as RemovedNode) : node.asNode<SceneNode>();
    this._queuedChanges.push({ type, id: node.id, origin: 'LOCAL', node: subject } as NodeChange);
    if (this._queuedChanges.length > 1) return;
    setTimeout(() => {
      const nodeChanges = this._queuedChanges;
      this._queuedChanges = [];
      // As in Figma, a listener that throws is reported and the others still run; an uncaught
      // throw from a timer would end the whole test process instead.
      for (const l of [...this._nodeListeners]) {
        try {
          l({ nodeChanges });
        } catch (error) {
          reportListenerError(error);
        }
      }
    }, 0);
  }
}

export class FakeDocumentNode extends FakeBaseNode implements Pick<DocumentNode, 'type' | 'findAll' | 'findOne'> {
  readonly type = 'DOCUMENT' as const;
  readonly documentColorProfile = 'SRGB' as const;

  constructor(ctx: FakeContext) {
    super(ctx, '0:0');
    this._children = [];
    this._name = 'Untitled';
  }

  override _acceptsChild(child: FakeBaseNode): boolean {
    return child.type === 'PAGE';
  }
}
