import { fontKey } from './context';
import type { FakeContext } from './context';
import { notImplemented } from './errors';
import { checkPaints, readPaints, solid } from './paints-and-images';
import { unloadedFont } from './fonts';
import { checkNumber, FakeSceneNode } from './scene-node';
import { checkLetterSpacing, checkLineHeight } from './styles';
import { layoutText, type TextLayout, type TextMetricsStyle } from './text-metrics';

/** Nodes with fills and strokes: the base of rectangles, ellipses, vectors, text and frames. */
export abstract class FakeShapeNode extends FakeSceneNode {
  _fills: ReadonlyArray<Paint> = [];
  _strokes: ReadonlyArray<Paint> = [];
  _strokeWeight = 1;
  _cornerRadius = 0;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'INSIDE';
  _fillStyleId = '';
  strokeStyleId = '';

  /** Paints as drawn: a paint style's current paints, colours bound to variables at their current value. */
  _paintedFills(): ReadonlyArray<Paint> {
    const styled = this._fillStyleId ? this._ctx.styles.paintsOf(this._fillStyleId) : null;
    return this._ctx.variables.resolvePaints(styled ?? this._fills);
  }

  get fills(): ReadonlyArray<Paint> | PluginAPI['mixed'] {
    return readPaints(this._paintedFills());
  }
  set fills(v: ReadonlyArray<Paint> | PluginAPI['mixed']) {
    this._fills = checkPaints('fills', v);
    // Setting paints directly detaches the fill style, as in Figma.
    this._fillStyleId = '';
  }

  async setFillsAsync(paints: ReadonlyArray<Paint>): Promise<void> {
    this.fills = paints;
  }

  get fillStyleId(): string | PluginAPI['mixed'] {
    return this._fillStyleId && this._ctx.styles.paintsOf(this._fillStyleId) ? this._fillStyleId : '';
  }
  set fillStyleId(_v: string | PluginAPI['mixed']) {
    throw new Error('Cannot call set_fillStyleId with documentAccess: dynamic-page. Use setFillStyleIdAsync instead.');
  }

  async setFillStyleIdAsync(styleId: string): Promise<void> {
    if (typeof styleId !== 'string') throw new Error('in setFillStyleIdAsync: Expected a style id string');
    if (styleId === '') {
      this._fills = this._paintedFills();
      this._fillStyleId = '';
    } else {
      const paints = this._ctx.styles.paintsOf(styleId);
      if (!paints) throw new Error(`in setFillStyleIdAsync: No paint style with id "${styleId}"`);
      // Kept as the node's own paints too, so removing the style leaves the colour in place.
      this._fills = paints;
      this._fillStyleId = styleId;
    }
    this._afterEdit();
    this._ctx.changed();
  }

  get strokes(): ReadonlyArray<Paint> {
    return readPaints(this._strokes);
  }
  set strokes(v: ReadonlyArray<Paint>) {
    this._strokes = checkPaints('strokes', v);
  }

  get strokeWeight(): number | PluginAPI['mixed'] {
    return this._strokeWeight;
  }
  set strokeWeight(v: number | PluginAPI['mixed']) {
    checkNumber('set_strokeWeight', 'strokeWeight', v);
    if (v < 0) throw new Error('in set_strokeWeight: Expected "strokeWeight" to have value >=0');
    this._strokeWeight = v;
  }

  get cornerRadius(): number | PluginAPI['mixed'] {
    return this._cornerRadius;
  }
  set cornerRadius(v: number | PluginAPI['mixed']) {
    checkNumber('set_cornerRadius', 'cornerRadius', v);
    if (v < 0) throw new Error('in set_cornerRadius: Expected "cornerRadius" to have value >=0');
    this._cornerRadius = v;
  }
}

export class FakeRectangleNode
  extends FakeShapeNode
  implements Pick<RectangleNode, 'type' | 'fills' | 'strokes' | 'cornerRadius' | 'x' | 'y' | 'width' | 'height' | 'resize' | 'visible' | 'opacity'>
{
  readonly type = 'RECTANGLE' as const;
  constructor(ctx: FakeContext) {
    super(ctx);
    this._name = 'Rectangle';
    this._fills = checkPaints('fills', [solid(0.8509804, 0.8509804, 0.8509804)]);
  }
  _blank(): FakeRectangleNode {
    return new FakeRectangleNode(this._ctx);
  }
}

export class FakeEllipseNode
  extends FakeShapeNode
  implements Pick<EllipseNode, 'type' | 'fills' | 'strokes' | 'x' | 'y' | 'width' | 'height' | 'resize'>
{
  readonly type = 'ELLIPSE' as const;
  arcData: ArcData = { startingAngle: 0, endingAngle: 2 * Math.PI, innerRadius: 0 };
  constructor(ctx: FakeContext) {
    super(ctx);
    this._name = 'Ellipse';
    this._fills = checkPaints('fills', [solid(0.8509804, 0.8509804, 0.8509804)]);
  }
  _blank(): FakeEllipseNode {
    return new FakeEllipseNode(this._ctx);
  }
}

export class FakeVectorNode
  extends FakeShapeNode
  implements Pick<VectorNode, 'type' | 'fills' | 'strokes' | 'vectorPaths' | 'x' | 'y' | 'width' | 'height' | 'resize'>
{
  readonly type = 'VECTOR' as const;
  _paths: VectorPaths = [];
  /** Where the path data's coordinates come from: SVG user units for imported vectors, local pixels otherwise. */
  _pathOrigin = { x: 0, y: 0, scaleX: 1, scaleY: 1 };
  constructor(ctx: FakeContext) {
    super(ctx);
    this._name = 'Vector';
    this._w = 0.01;
    this._h = 0.01;
  }
  get vectorPaths(): VectorPaths {
    return structuredClone(this._paths as VectorPath[]);
  }
  set vectorPaths(v: VectorPaths) {
    if (!Array.isArray(v)) throw new Error('in set_vectorPaths: Expected an array of paths');
    for (const p of v) {
      if (typeof p?.data !== 'string' || !['NONZERO', 'EVENODD', 'NONE'].includes(p.windingRule)) {
        throw new Error('in set_vectorPaths: Expected {windingRule, data} paths');
      }
    }
    this._paths = Object.freeze(structuredClone(v as VectorPath[]));
    this._pathOrigin = { x: 0, y: 0, scaleX: 1, scaleY: 1 };
  }
  _blank(): FakeVectorNode {
    return new FakeVectorNode(this._ctx);
  }
}

export class FakeTextNode
  extends FakeShapeNode
  implements
    Pick<
      TextNode,
      | 'type'
      | 'characters'
      | 'fontName'
      | 'fontSize'
      | 'lineHeight'
      | 'letterSpacing'
      | 'textAlignHorizontal'
      | 'textAlignVertical'
      | 'textAutoResize'
      | 'textStyleId'
      | 'setTextStyleIdAsync'
      | 'fills'
      | 'x'
      | 'y'
      | 'width'
      | 'height'
      | 'resize'
    >
{
  readonly type = 'TEXT' as const;
  _characters = '';
  _fontName: FontName = { family: 'Inter', style: 'Regular' };
  _fontSize = 12;
  _lineHeight: LineHeight = { unit: 'AUTO' };
  _letterSpacing: LetterSpacing = { unit: 'PERCENT', value: 0 };
  _autoResize: TextNode['textAutoResize'] = 'WIDTH_AND_HEIGHT';
  _alignH: TextNode['textAlignHorizontal'] = 'LEFT';
  _alignV: TextNode['textAlignVertical'] = 'TOP';
  _textStyleId = '';
  autoRename = true;
  readonly hasMissingFont = false;

  constructor(ctx: FakeContext) {
    super(ctx);
    this._name = 'Text';
    this._fills = checkPaints('fills', [solid(0, 0, 0)]);
    this._w = 0;
    this._h = 15;
  }

  _blank(): FakeTextNode {
    return new FakeTextNode(this._ctx);
  }

  _requireFont(font: FontName): void {
    if (!this._ctx.loadedFonts.has(fontKey(font))) throw unloadedFont(font);
  }

  _metricsStyle(): TextMetricsStyle {
    return { fontSize: this._fontSize, lineHeight: this._lineHeight, letterSpacing: this._letterSpacing };
  }

  /** Lines as the fake lays them out (text-metrics.ts): the playground draws exactly these. */
  _layout(): TextLayout {
    const wraps = this._autoResize !== 'WIDTH_AND_HEIGHT';
    return layoutText(this._characters, this._metricsStyle(), wraps ? this._w : null);
  }

  /** Resizes the box to its text as textAutoResize says (NONE and TRUNCATE keep the box). */
  _relayout(): void {
    if (this._autoResize !== 'WIDTH_AND_HEIGHT' && this._autoResize !== 'HEIGHT') return;
    const l = this._layout();
    if (this._autoResize === 'WIDTH_AND_HEIGHT') this._w = Math.max(0.01, l.contentWidth);
    this._h = Math.max(0.01, l.contentHeight);
  }

  _baseline(): number {
    return this._layout().baseline;
  }

  /** A property set directly on the node detaches its text style, as in Figma. */
  _edit(font: FontName = this._fontName): void {
    this._requireFont(font);
    this._textStyleId = '';
  }

  get characters(): string {
    return this._characters;
  }
  set characters(v: string) {
    if (typeof v !== 'string') throw new Error('in set_characters: Expected a string');
    this._requireFont(this._fontName);
    this._characters = v;
    if (this.autoRename) this._name = v.slice(0, 100) || 'Text';
    this._relayout();
  }

  get fontName(): FontName | PluginAPI['mixed'] {
    return { ...this._fontName };
  }
  set fontName(v: FontName | PluginAPI['mixed']) {
    if (typeof v !== 'object' || typeof v.family !== 'string' || typeof v.style !== 'string') {
      throw new Error('in set_fontName: Expected a FontName {family, style}');
    }
    this._edit(v);
    this._fontName = { family: v.family, style: v.style };
    this._relayout();
  }

  get fontSize(): number | PluginAPI['mixed'] {
    return this._fontSize;
  }
  set fontSize(v: number | PluginAPI['mixed']) {
    checkNumber('set_fontSize', 'fontSize', v);
    if (v < 1) throw new Error('in set_fontSize: Expected "fontSize" to have value >=1');
    this._edit();
    this._fontSize = v;
    this._relayout();
  }

  get lineHeight(): LineHeight | PluginAPI['mixed'] {
    return { ...this._lineHeight };
  }
  set lineHeight(v: LineHeight | PluginAPI['mixed']) {
    const lh = checkLineHeight(v, 'set_lineHeight');
    this._edit();
    this._lineHeight = lh;
    this._relayout();
  }

  get letterSpacing(): LetterSpacing | PluginAPI['mixed'] {
    return { ...this._letterSpacing };
  }
  set letterSpacing(v: LetterSpacing | PluginAPI['mixed']) {
    const ls = checkLetterSpacing(v, 'set_letterSpacing');
    this._edit();
    this._letterSpacing = ls;
    this._relayout();
  }

  get textAlignHorizontal(): TextNode['textAlignHorizontal'] {
    return this._alignH;
  }
  set textAlignHorizontal(v: TextNode['textAlignHorizontal']) {
    if (!['LEFT', 'CENTER', 'RIGHT', 'JUSTIFIED'].includes(v)) throw new Error(`in set_textAlignHorizontal: Invalid value "${String(v)}"`);
    this._requireFont(this._fontName);
    this._alignH = v;
  }

  get textAlignVertical(): TextNode['textAlignVertical'] {
    return this._alignV;
  }
  set textAlignVertical(v: TextNode['textAlignVertical']) {
    if (!['TOP', 'CENTER', 'BOTTOM'].includes(v)) throw new Error(`in set_textAlignVertical: Invalid value "${String(v)}"`);
    this._requireFont(this._fontName);
    this._alignV = v;
  }

  get textAutoResize(): TextNode['textAutoResize'] {
    return this._autoResize;
  }
  set textAutoResize(v: TextNode['textAutoResize']) {
    if (!['NONE', 'WIDTH_AND_HEIGHT', 'HEIGHT', 'TRUNCATE'].includes(v)) throw new Error('in set_textAutoResize: invalid value');
    this._requireFont(this._fontName);
    this._autoResize = v;
    this._relayout();
  }

  get textStyleId(): string | PluginAPI['mixed'] {
    return this._textStyleId && this._ctx.styles.textOf(this._textStyleId) ? this._textStyleId : '';
  }
  set textStyleId(_v: string | PluginAPI['mixed']) {
    throw new Error('Cannot call set_textStyleId with documentAccess: dynamic-page. Use setTextStyleIdAsync instead.');
  }

  async setTextStyleIdAsync(styleId: string): Promise<void> {
    if (typeof styleId !== 'string') throw new Error('in setTextStyleIdAsync: Expected a style id string');
    if (styleId === '') {
      this._textStyleId = '';
      return;
    }
    const style = this._ctx.styles.textOf(styleId);
    if (!style) throw new Error(`in setTextStyleIdAsync: No text style with id "${styleId}"`);
    this._requireFont(this._fontName);
    this._requireFont(style.fontName);
    this._textStyleId = styleId;
    this._applyTextStyle();
    this._afterEdit();
    this._ctx.changed();
  }

  /** Copies the text style's properties onto the node (when applied, and when the style changes). */
  _applyTextStyle(): void {
    const style = this._textStyleId ? this._ctx.styles.textOf(this._textStyleId) : null;
    if (!style) return;
    this._fontName = style.fontName;
    this._fontSize = style.fontSize;
    this._lineHeight = style.lineHeight;
    this._letterSpacing = style.letterSpacing;
    this._relayout();
  }

  override _resize(width: number, height: number, method: string): void {
    super._resize(width, height, method);
    if (this._autoResize === 'WIDTH_AND_HEIGHT') this._autoResize = 'NONE';
    this._relayout();
  }

  insertCharacters(): void {
    throw notImplemented('TEXT.insertCharacters');
  }
}
