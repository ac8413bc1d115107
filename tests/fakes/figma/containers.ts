import type { FakeContext } from './context';
import { FakeBaseNode, unwrap } from './node-base';
import { checkPaints, readPaints, solid } from './paints-and-images';
import { FakeSceneNode } from './scene-node';
import { FakeShapeNode } from './shapes';

/** Nodes with children: document, page, frame, group. */

export class FakeFrameNode
  extends FakeShapeNode
  implements
    Pick<
      FrameNode,
      'type' | 'children' | 'appendChild' | 'insertChild' | 'findAll' | 'findOne' | 'fills' | 'clipsContent' | 'x' | 'y' | 'width' | 'height' | 'resize' | 'absoluteBoundingBox' | 'layoutMode'
    >
{
  readonly type = 'FRAME' as const;
  clipsContent = true;
  /** Stored only: the fake does no auto layout. */
  layoutMode: FrameNode['layoutMode'] = 'NONE';
  expanded = true;

  constructor(ctx: FakeContext) {
    super(ctx);
    this._children = [];
    this._name = 'Frame';
    this._fills = checkPaints('fills', [solid(1, 1, 1)]);
  }

  override _clips(): boolean {
    return this.clipsContent;
  }

  _blank(): FakeFrameNode {
    return new FakeFrameNode(this._ctx);
  }
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

  _blank(): FakeGroupNode {
    return new FakeGroupNode(this._ctx);
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
