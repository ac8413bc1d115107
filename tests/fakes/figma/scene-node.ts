import { getLayoutSizing, isAutoLayout, setLayoutSizing, type LayoutSizing } from './auto-layout-nodes';
import { notImplemented } from './errors';
import { encodeJpeg } from './jpeg';
import { FakeBaseNode } from './node-base';
import { encodePng } from './png';
import { rasterize } from './render';
import { toSvg } from './svg-export';

/**
 * Geometry, visibility, clone and export shared by every scene node.
 *
 * Coordinates follow Figma: x/y are relative to the nearest ancestor that is not a group
 * (a group does not make a coordinate space; its own box is the union of its children).
 * Rotation is only supported at 0.
 */

/** Largest side of an exported PNG; a larger request is scaled down to fit. */
export const EXPORT_MAX_SIDE = 4096;

export function checkNumber(method: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`in ${method}: Expected "${name}" to be a finite number, got ${String(v)}`);
  }
}

/** Export settings as the fake reads them (a superset of every ExportSettings variant). */
export interface AnyExportSettings {
  readonly format: string;
  readonly constraint?: ExportSettingsConstraints;
  readonly contentsOnly?: boolean;
  readonly useAbsoluteBounds?: boolean;
}

export abstract class FakeSceneNode extends FakeBaseNode {
  _x = 0;
  _y = 0;
  _w = 100;
  _h = 100;
  _visible = true;
  _locked = false;
  _opacity = 1;
  blendMode: BlendMode = 'PASS_THROUGH';
  isMask = false;
  effects: ReadonlyArray<Effect> = [];
  exportSettings: ReadonlyArray<ExportSettings> = [];
  constraints: Constraints = { horizontal: 'MIN', vertical: 'MIN' };
  constrainProportions = false;
  /** How this node sits in an auto-layout parent (AutoLayoutChildrenMixin); read by auto-layout-nodes.ts. */
  _layoutGrow = 0;
  _layoutAlign: LayoutMixin['layoutAlign'] = 'INHERIT';
  _layoutPositioning: 'AUTO' | 'ABSOLUTE' = 'AUTO';
  _minWidth: number | null = null;
  _maxWidth: number | null = null;
  _minHeight: number | null = null;
  _maxHeight: number | null = null;

  /** A fresh node of the same kind, for clone(). */
  abstract _blank(): FakeSceneNode;

  get visible(): boolean {
    return this._visible;
  }
  set visible(v: boolean) {
    if (typeof v !== 'boolean') throw new Error('in set_visible: Expected a boolean');
    this._visible = v;
  }

  get locked(): boolean {
    return this._locked;
  }
  set locked(v: boolean) {
    if (typeof v !== 'boolean') throw new Error('in set_locked: Expected a boolean');
    this._locked = v;
  }

  get opacity(): number {
    return this._opacity;
  }
  set opacity(v: number) {
    checkNumber('set_opacity', 'opacity', v);
    if (v < 0 || v > 1) throw new Error('in set_opacity: Expected "opacity" to have value between 0 and 1');
    this._opacity = v;
  }

  /**
   * After any edit through the API: the auto layout around this node is stale. It is recomputed
   * before any geometry is read (_absBox), so reads see what Figma shows at once, and a builder's
   * many edits in a row cost one layout.
   */
  override _afterEdit(): void {
    this._ctx.layoutDirty(this);
  }

  // ---- auto-layout child properties ----

  get layoutSizingHorizontal(): LayoutSizing {
    return getLayoutSizing(this, 'HORIZONTAL');
  }
  set layoutSizingHorizontal(v: LayoutSizing) {
    setLayoutSizing(this, 'HORIZONTAL', v);
  }
  get layoutSizingVertical(): LayoutSizing {
    return getLayoutSizing(this, 'VERTICAL');
  }
  set layoutSizingVertical(v: LayoutSizing) {
    setLayoutSizing(this, 'VERTICAL', v);
  }

  get layoutGrow(): number {
    return this._layoutGrow;
  }
  set layoutGrow(v: number) {
    checkNumber('set_layoutGrow', 'layoutGrow', v);
    if (v !== 0 && v !== 1) throw new Error('in set_layoutGrow: Expected "layoutGrow" to be 0 or 1');
    this._layoutGrow = v;
  }

  get layoutAlign(): LayoutMixin['layoutAlign'] {
    return this._layoutAlign;
  }
  set layoutAlign(v: LayoutMixin['layoutAlign']) {
    if (!['MIN', 'CENTER', 'MAX', 'STRETCH', 'INHERIT'].includes(v)) {
      throw new Error(`in set_layoutAlign: Invalid enum value: expected 'MIN' | 'CENTER' | 'MAX' | 'STRETCH' | 'INHERIT', received '${String(v)}'`);
    }
    this._layoutAlign = v;
  }

  get layoutPositioning(): 'AUTO' | 'ABSOLUTE' {
    return this._layoutPositioning;
  }
  set layoutPositioning(v: 'AUTO' | 'ABSOLUTE') {
    if (v !== 'AUTO' && v !== 'ABSOLUTE') throw new Error(`in set_layoutPositioning: Invalid enum value: expected 'AUTO' | 'ABSOLUTE', received '${String(v)}'`);
    if (v === 'ABSOLUTE' && !isAutoLayout(this._parent)) {
      throw new Error('in set_layoutPositioning: Can only set layoutPositioning = "ABSOLUTE" on children of auto-layout frames');
    }
    this._layoutPositioning = v;
    if (v === 'ABSOLUTE') {
      this._layoutGrow = 0;
      if (this._layoutAlign === 'STRETCH') this._layoutAlign = 'INHERIT';
    }
  }

  get minWidth(): number | null {
    return this._minWidth;
  }
  set minWidth(v: number | null) {
    this._minWidth = this._checkLimit('minWidth', v);
  }
  get maxWidth(): number | null {
    return this._maxWidth;
  }
  set maxWidth(v: number | null) {
    this._maxWidth = this._checkLimit('maxWidth', v);
  }
  get minHeight(): number | null {
    return this._minHeight;
  }
  set minHeight(v: number | null) {
    this._minHeight = this._checkLimit('minHeight', v);
  }
  get maxHeight(): number | null {
    return this._maxHeight;
  }
  set maxHeight(v: number | null) {
    this._maxHeight = this._checkLimit('maxHeight', v);
  }

  _checkLimit(name: string, v: number | null): number | null {
    if (v === null) return null;
    checkNumber(`set_${name}`, name, v);
    if (v <= 0) throw new Error(`in set_${name}: Expected "${name}" to be positive`);
    if (!isAutoLayout(this) && !isAutoLayout(this._parent)) {
      throw new Error(`in set_${name}: ${name} can only be set on auto-layout frames and their children`);
    }
    return v;
  }

  // ---- geometry ----

  /** The node whose coordinate space x/y are in: the nearest non-group ancestor. */
  _space(): FakeBaseNode | null {
    let p = this._parent;
    while (p && p.type === 'GROUP') p = p._parent;
    return p;
  }

  /** Absolute position of this node's coordinate-space origin. */
  _spaceOrigin(): Vector {
    const s = this._space();
    if (s instanceof FakeSceneNode) {
      const b = s._absBox();
      return { x: b.x, y: b.y };
    }
    return { x: 0, y: 0 };
  }

  _sceneChildren(): FakeSceneNode[] {
    return (this._children ?? []).filter((c): c is FakeSceneNode => c instanceof FakeSceneNode);
  }

  /** Bounding box in page coordinates. */
  _absBox(): Rect {
    this._ctx.flushLayout();
    if (this.type === 'GROUP') {
      const boxes = this._sceneChildren().map((c) => c._absBox());
      if (boxes.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
      return union(boxes);
    }
    const o = this._spaceOrigin();
    return { x: o.x + this._x, y: o.y + this._y, width: this._w, height: this._h };
  }

  get x(): number {
    return this._absBox().x - this._spaceOrigin().x;
  }
  set x(v: number) {
    checkNumber('set_x', 'x', v);
    if (this.type === 'GROUP') this._moveChildren(v - this.x, 0);
    else this._x = v;
  }

  get y(): number {
    return this._absBox().y - this._spaceOrigin().y;
  }
  set y(v: number) {
    checkNumber('set_y', 'y', v);
    if (this.type === 'GROUP') this._moveChildren(0, v - this.y);
    else this._y = v;
  }

  _moveChildren(dx: number, dy: number): void {
    for (const c of this._sceneChildren()) {
      if (c.type === 'GROUP') c._moveChildren(dx, dy);
      else {
        c._x += dx;
        c._y += dy;
      }
    }
  }

  get width(): number {
    return this._absBox().width;
  }
  get height(): number {
    return this._absBox().height;
  }

  get rotation(): number {
    return 0;
  }
  set rotation(v: number) {
    checkNumber('set_rotation', 'rotation', v);
    if (v !== 0) throw notImplemented('rotation other than 0');
  }

  get relativeTransform(): Transform {
    return [
      [1, 0, this.x],
      [0, 1, this.y],
    ];
  }
  set relativeTransform(t: Transform) {
    if (t[0][0] !== 1 || t[0][1] !== 0 || t[1][0] !== 0 || t[1][1] !== 1) {
      throw notImplemented('relativeTransform with rotation, scale or skew');
    }
    this.x = t[0][2];
    this.y = t[1][2];
  }

  get absoluteTransform(): Transform {
    const b = this._absBox();
    return [
      [1, 0, b.x],
      [0, 1, b.y],
    ];
  }

  get absoluteBoundingBox(): Rect | null {
    return this._absBox();
  }

  /** The painted area: null when hidden; frames that do not clip include overflowing children. */
  get absoluteRenderBounds(): Rect | null {
    return this._renderBounds();
  }

  _renderBounds(): Rect | null {
    if (!this._visible) return null;
    const own = this._absBox();
    if (this.type === 'GROUP' || (this._children && !this._clips())) {
      const boxes = this._sceneChildren()
        .map((c) => c._renderBounds())
        .filter((r): r is Rect => r !== null);
      if (this.type === 'GROUP') return boxes.length ? union(boxes) : null;
      return union([own, ...boxes]);
    }
    return own;
  }

  /** Frames override: whether children are clipped to the box. */
  _clips(): boolean {
    return false;
  }

  resize(width: number, height: number): void {
    this._resize(width, height, 'resize');
  }

  resizeWithoutConstraints(width: number, height: number): void {
    this._resize(width, height, 'resizeWithoutConstraints');
  }

  rescale(scale: number): void {
    checkNumber('rescale', 'scale', scale);
    if (scale < 0.01) throw new Error('in rescale: Expected "scale" to have value >=0.01');
    // As in Figma, everything inside scales with it (a group's _resize already does that).
    if (this.type !== 'GROUP') {
      for (const c of this._sceneChildren()) {
        c.x = c.x * scale;
        c.y = c.y * scale;
        c.rescale(Math.max(0.01, scale));
      }
    }
    this._resize(this.width * scale, this.height * scale, 'rescale');
  }

  _resize(width: number, height: number, method: string): void {
    checkNumber(method, 'width', width);
    checkNumber(method, 'height', height);
    if (width < 0.01) throw new Error(`in ${method}: Expected "width" to have value >=0.01`);
    if (height < 0.01) throw new Error(`in ${method}: Expected "height" to have value >=0.01`);
    if (this.type === 'GROUP') {
      const b = this._absBox();
      const sx = width / (b.width || 1);
      const sy = height / (b.height || 1);
      for (const c of this._sceneChildren()) {
        const cb = c._absBox();
        const cx = cb.x - b.x;
        const cy = cb.y - b.y;
        c._resize(Math.max(0.01, cb.width * sx), Math.max(0.01, cb.height * sy), method);
        c.x = c.x + (cx * sx - cx);
        c.y = c.y + (cy * sy - cy);
      }
      return;
    }
    this._w = width;
    this._h = height;
  }

  getTopLevelFrame(): FrameNode | undefined {
    let top: FakeBaseNode | undefined;
    for (let n: FakeBaseNode | null = this; n && n.type !== 'PAGE'; n = n._parent) {
      if (n.type === 'FRAME' && n._parent?.type === 'PAGE') top = n;
    }
    return top?.asNode<FrameNode>();
  }

  // ---- clone ----

  clone(): SceneNode {
    // The copy takes the sizes as laid out, and lays itself out where it lands.
    this._ctx.flushLayout();
    const copy = this._cloneDeep();
    const parent = this._parent ?? this._ctx.currentPage();
    const index = this._parent ? this._parent._children!.indexOf(this) + 1 : parent._children!.length;
    parent._insertChildAt(index, copy.asNode(), 'clone');
    copy._afterEdit();
    return copy.asNode<SceneNode>();
  }

  _cloneDeep(): FakeSceneNode {
    const copy = this._blank();
    const skip = new Set(['id', '_parent', '_children', '_removed', '_ctx', '_proxy', '_data', '_relaunch']);
    for (const key of Object.keys(this)) {
      if (!skip.has(key)) (copy as unknown as Record<string, unknown>)[key] = (this as unknown as Record<string, unknown>)[key];
    }
    copy._data.copyFrom(this._data);
    copy._relaunch = { ...this._relaunch };
    for (const c of this._sceneChildren()) {
      const cc = c._cloneDeep();
      copy._children!.push(cc);
      cc._parent = copy;
    }
    return copy;
  }

  // ---- export ----

  async exportAsync(settings?: AnyExportSettings): Promise<any> {
    const s: AnyExportSettings = settings ?? { format: 'PNG' };
    if (typeof s !== 'object' || s === null) throw new Error('in exportAsync: Expected settings to be an object');
    const box = this._absBox();
    switch (s.format) {
      case 'PNG': {
        const [w, h] = exportSize(box, s.constraint);
        return encodePng(rasterize(this, w, h), w, h);
      }
      case 'SVG':
        return new TextEncoder().encode(toSvg(this));
      case 'SVG_STRING':
        return toSvg(this);
      case 'JPG': {
        const [w, h] = exportSize(box, s.constraint);
        return encodeJpeg(rasterize(this, w, h), w, h);
      }
      default:
        throw notImplemented(`exportAsync({format: "${String(s.format)}"})`);
    }
  }
}

export function union(boxes: Rect[]): Rect {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Output pixel size for a PNG export: constraint applied, at least 1 px, at most EXPORT_MAX_SIDE a side. */
export function exportSize(box: Rect, constraint?: ExportSettingsConstraints): [number, number] {
  let scale = 1;
  if (constraint) {
    checkNumber('exportAsync', 'constraint.value', constraint.value);
    if (constraint.value <= 0) throw new Error('in exportAsync: Expected "constraint.value" to be positive');
    if (constraint.type === 'SCALE') scale = constraint.value;
    else if (constraint.type === 'WIDTH') scale = constraint.value / (box.width || 1);
    else if (constraint.type === 'HEIGHT') scale = constraint.value / (box.height || 1);
    else throw new Error(`in exportAsync: Unknown constraint type "${String(constraint.type)}"`);
  }
  let w = Math.max(1, Math.round(box.width * scale));
  let h = Math.max(1, Math.round(box.height * scale));
  const over = Math.max(w, h) / EXPORT_MAX_SIDE;
  if (over > 1) {
    w = Math.max(1, Math.round(w / over));
    h = Math.max(1, Math.round(h / over));
  }
  return [w, h];
}
