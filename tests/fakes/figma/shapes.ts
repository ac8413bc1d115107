import { fontKey } from './context';
import type { FakeContext } from './context';
import { notImplemented } from './errors';
import { checkPaints, readPaints, solid } from './paints-and-images';
import { checkNumber, FakeSceneNode } from './scene-node';

/** Nodes with fills and strokes: the base of rectangles, ellipses, vectors, text and frames. */
export abstract class FakeShapeNode extends FakeSceneNode {
  _fills: ReadonlyArray<Paint> = [];
  _strokes: ReadonlyArray<Paint> = [];
  _strokeWeight = 1;
  _cornerRadius = 0;
  strokeAlign: 'CENTER' | 'INSIDE' | 'OUTSIDE' = 'INSIDE';
  fillStyleId: string | PluginAPI['mixed'] = '';
  strokeStyleId = '';

  get fills(): ReadonlyArray<Paint> | PluginAPI['mixed'] {
    return readPaints(this._fills);
  }
  set fills(v: ReadonlyArray<Paint> | PluginAPI['mixed']) {
    this._fills = checkPaints('fills', v);
  }

  async setFillsAsync(paints: ReadonlyArray<Paint>): Promise<void> {
    this.fills = paints;
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
      'type' | 'characters' | 'fontName' | 'fontSize' | 'textAutoResize' | 'fills' | 'x' | 'y' | 'width' | 'height' | 'resize'
    >
{
  readonly type = 'TEXT' as const;
  _characters = '';
  _fontName: FontName = { family: 'Inter', style: 'Regular' };
  _fontSize = 12;
  _autoResize: TextNode['textAutoResize'] = 'WIDTH_AND_HEIGHT';
  textAlignHorizontal: TextNode['textAlignHorizontal'] = 'LEFT';
  textAlignVertical: TextNode['textAlignVertical'] = 'TOP';
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
    if (!this._ctx.loadedFonts.has(fontKey(font))) {
      throw new Error(
        `Cannot write to node with unloaded font "${font.family} ${font.style}". Please call figma.loadFontAsync({ family: "${font.family}", style: "${font.style}" }) and await the returned promise first.`,
      );
    }
  }

  /** Rough text metrics: 0.55 em per character, 1.2 em per line. */
  _relayout(): void {
    const lines = this._characters.split('\n');
    const longest = Math.max(...lines.map((l) => l.length));
    if (this._autoResize === 'WIDTH_AND_HEIGHT') this._w = Math.max(0.01, longest * this._fontSize * 0.55);
    if (this._autoResize === 'WIDTH_AND_HEIGHT' || this._autoResize === 'HEIGHT') {
      const perLine = Math.max(1, Math.floor(this._w / (this._fontSize * 0.55)));
      const wrapped = this._autoResize === 'HEIGHT' ? lines.reduce((n, l) => n + Math.max(1, Math.ceil(l.length / perLine)), 0) : lines.length;
      this._h = Math.max(1, wrapped) * this._fontSize * 1.2;
    }
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
    this._requireFont(v);
    this._fontName = { family: v.family, style: v.style };
    this._relayout();
  }

  get fontSize(): number | PluginAPI['mixed'] {
    return this._fontSize;
  }
  set fontSize(v: number | PluginAPI['mixed']) {
    checkNumber('set_fontSize', 'fontSize', v);
    if (v < 1) throw new Error('in set_fontSize: Expected "fontSize" to have value >=1');
    this._requireFont(this._fontName);
    this._fontSize = v;
    this._relayout();
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

  override _resize(width: number, height: number, method: string): void {
    super._resize(width, height, method);
    if (this._autoResize === 'WIDTH_AND_HEIGHT') this._autoResize = 'NONE';
  }

  insertCharacters(): void {
    throw notImplemented('TEXT.insertCharacters');
  }
}
