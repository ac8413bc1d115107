import { at, coverage, strokeOutline, type Coverage, type Region } from './coverage';
import { imageShader, type Shader } from './image-fill';
import { imagePixels } from './image-pixels';
import { flatten, parsePath, segBounds, type Polyline } from './path-data';
import type { FakeSceneNode } from './scene-node';
import { textInk } from './text-ink';
import { charAdvance, type TextLayout, type TextMetricsStyle } from './text-metrics';

// Pixels are Uint8ClampedArray, which rounds and clamps on write: hot loops avoid Math.*
// calls, which run about 100 times slower under jest's VM context than in a browser.
type Px = Uint8ClampedArray;

/**
 * The rasterizer behind exportAsync: what the person sees on the canvas, as pixels. Shapes are
 * anti-aliased polygons (rectangles with corner radius, ellipses, vector paths with their
 * winding rule, text as letter-shaped ink in its fill); paints are solid colours, linear and
 * radial gradients (angular and diamond as radial) and the decoded pixels of image fills in
 * their scale mode; strokes are drawn inside, centred or outside; frames clip their children
 * when clipsContent (rounded corners included); layer opacity composites a whole subtree. Not drawn: effects, blend
 * modes, rotation, image filters. Transparent where nothing is drawn.
 */

type RGBA = Float64Array; // r, g, b in 0..255, a in 0..1

/** A node's box in export pixels, and export pixels per design pixel. */
interface BoxPx {
  x: number;
  y: number;
  width: number;
  height: number;
  sx: number;
  sy: number;
  scale: number;
}

const GREY = [197, 197, 197];

interface Ctx {
  w: number;
  h: number;
  /** Export pixels per design pixel, per axis. */
  sx: number;
  sy: number;
  ox: number;
  oy: number;
}

export function rasterize(root: FakeSceneNode, outW: number, outH: number): Uint8Array {
  const box = root._absBox();
  const ctx: Ctx = { w: outW, h: outH, sx: outW / (box.width || 1), sy: outH / (box.height || 1), ox: box.x, oy: box.y };
  const px = new Uint8ClampedArray(outW * outH * 4);
  drawNode(ctx, px, root, { x0: 0, y0: 0, x1: outW, y1: outH }, [], 1, true);
  return new Uint8Array(px.buffer);
}

/** `masks`: the rounded-corner coverage of each clipping ancestor (their boxes are already in `clip`). */
function drawNode(ctx: Ctx, target: Px, node: FakeSceneNode, clip: Region, masks: Coverage[], alpha: number, isRoot: boolean, ownOpacity = node._opacity): void {
  if (!isRoot && !node._visible) return;
  if (clip.x1 <= clip.x0 || clip.y1 <= clip.y0) return;
  const children = node._sceneChildren().filter((c) => c._visible);
  const opacity = ownOpacity * alpha;
  if (opacity <= 0) return;
  // A translucent node with children fades as one layer, as in Figma, not child by child.
  if (opacity < 1 && children.length) {
    const layer = new Uint8ClampedArray(target.length);
    drawNode(ctx, layer, node, clip, masks, 1, true, 1);
    composite(target, layer, opacity, clip, ctx.w);
    return;
  }
  drawOwn(ctx, target, node, clip, masks, opacity);
  if (!children.length) return;
  const b = node._absBox();
  const childClip = node._clips()
    ? intersect(clip, {
        x0: Math.round((b.x - ctx.ox) * ctx.sx),
        y0: Math.round((b.y - ctx.oy) * ctx.sy),
        x1: Math.round((b.x + b.width - ctx.ox) * ctx.sx),
        y1: Math.round((b.y + b.height - ctx.oy) * ctx.sy),
      })
    : clip;
  let childMasks = masks;
  const radius = (node as unknown as ShapeProps)._cornerRadius ?? 0;
  if (node._clips() && radius > 0) {
    const scale = Math.sqrt(ctx.sx * ctx.sy);
    const x = (b.x - ctx.ox) * ctx.sx;
    const y = (b.y - ctx.oy) * ctx.sy;
    const w = b.width * ctx.sx;
    const h = b.height * ctx.sy;
    childMasks = [...masks, coverage([roundRect(x, y, w, h, Math.min(radius * scale, w / 2, h / 2))], 'NONZERO', childClip)];
  }
  for (const c of children) drawNode(ctx, target, c, childClip, childMasks, opacity, false);
}

function intersect(a: Region, b: Region): Region {
  return { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
}

interface ShapeProps {
  _fills?: ReadonlyArray<Paint>;
  _strokes?: ReadonlyArray<Paint>;
  _strokeWeight?: number;
  _cornerRadius?: number;
  strokeAlign?: 'CENTER' | 'INSIDE' | 'OUTSIDE';
}

function drawOwn(ctx: Ctx, target: Px, node: FakeSceneNode, clip: Region, masks: Coverage[], opacity: number): void {
  const n = node as unknown as ShapeProps;
  const fills = (n._fills ?? []).filter((p) => p.visible !== false);
  const strokes = (n._strokes ?? []).filter((p) => p.visible !== false);
  const weight = n._strokeWeight ?? 0;
  if (!fills.length && !(strokes.length && weight > 0)) return;
  const b = node._absBox();
  const bx: BoxPx = { x: (b.x - ctx.ox) * ctx.sx, y: (b.y - ctx.oy) * ctx.sy, width: b.width * ctx.sx, height: b.height * ctx.sy, sx: ctx.sx, sy: ctx.sy, scale: Math.sqrt(ctx.sx * ctx.sy) };
  const geo = geometry(node, bx);
  if (!geo) return;
  const fillCov = coverage(geo.polys, geo.rule, clip);
  for (const p of fills) paintWith(ctx, target, node, p, fillCov, masks, bx, opacity);
  if (!strokes.length || weight <= 0 || node.type === 'TEXT') return;
  const lines = geo.strokeLines ?? geo.polys;
  const align = n.strokeAlign ?? 'CENTER';
  const closed = lines.every((l) => l.closed);
  const width = weight * bx.scale * (align === 'CENTER' || !closed ? 1 : 2);
  let strokeCov = coverage(strokeOutline(lines, width), 'NONZERO', clip);
  if (align !== 'CENTER' && closed) strokeCov = mask(strokeCov, fillCov, align === 'INSIDE');
  for (const p of strokes) paintWith(ctx, target, node, p, strokeCov, masks, bx, opacity);
}

/** Stroke coverage kept inside (or outside) the fill area. */
function mask(stroke: Coverage, fill: Coverage, inside: boolean): Coverage {
  const r = stroke.region;
  const data = new Float32Array(stroke.data.length);
  const w = r.x1 - r.x0;
  for (let y = r.y0; y < r.y1; y++) {
    for (let x = r.x0; x < r.x1; x++) {
      const i = (y - r.y0) * w + x - r.x0;
      const f = at(fill, x, y);
      const k = stroke.data[i] > 1 ? 1 : stroke.data[i];
      data[i] = k * (inside ? f : 1 - f);
    }
  }
  return { region: r, data };
}

interface Geometry {
  polys: Polyline[];
  rule: 'NONZERO' | 'EVENODD';
  strokeLines?: Polyline[];
}

function geometry(node: FakeSceneNode, bx: BoxPx): Geometry | null {
  const { x, y, width: w, height: h } = bx;
  switch (node.type) {
    case 'ELLIPSE':
      return { polys: [ellipse(x + w / 2, y + h / 2, w / 2, h / 2)], rule: 'NONZERO' };
    case 'VECTOR':
      return vectorGeometry(node, bx);
    case 'TEXT': {
      const t = node as unknown as {
        _fontSize: number;
        _fontName: FontName;
        _layout(): TextLayout;
        _metricsStyle(): TextMetricsStyle;
        textAlignHorizontal: string;
        textAlignVertical: string;
      };
      const local = textInk({
        layout: t._layout(),
        advance: charAdvance(t._metricsStyle()),
        fontSize: t._fontSize,
        width: w / bx.sx,
        height: h / bx.sy,
        alignH: t.textAlignHorizontal,
        alignV: t.textAlignVertical,
        bold: /bold|black|heavy/i.test(t._fontName.style),
      });
      const polys = local.map((p) => ({ closed: true, points: p.points.map((v, i) => (i % 2 ? y + v * bx.sy : x + v * bx.sx)) }));
      return { polys, rule: 'NONZERO' };
    }
    default: {
      const r = Math.min(((node as unknown as ShapeProps)._cornerRadius ?? 0) * bx.scale, w / 2, h / 2);
      return { polys: [roundRect(x, y, w, h, r)], rule: 'NONZERO' };
    }
  }
}

function ellipse(cx: number, cy: number, rx: number, ry: number): Polyline {
  const n = Math.max(16, Math.min(720, Math.ceil((rx + ry) * 1.5)));
  const points: number[] = [];
  for (let k = 0; k < n; k++) points.push(cx + rx * Math.cos((2 * Math.PI * k) / n), cy + ry * Math.sin((2 * Math.PI * k) / n));
  return { points, closed: true };
}

function roundRect(x: number, y: number, w: number, h: number, r: number): Polyline {
  if (r <= 0) return { points: [x, y, x + w, y, x + w, y + h, x, y + h], closed: true };
  const points: number[] = [];
  const steps = Math.max(2, Math.min(32, Math.ceil(r)));
  const corners: [number, number, number][] = [
    [x + w - r, y + r, -Math.PI / 2],
    [x + w - r, y + h - r, 0],
    [x + r, y + h - r, Math.PI / 2],
    [x + r, y + r, Math.PI],
  ];
  for (const [cx, cy, start] of corners) {
    for (let k = 0; k <= steps; k++) {
      const a = start + (k / steps) * (Math.PI / 2);
      points.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
    }
  }
  return { points, closed: true };
}

/**
 * Vector paths stretched to the node: imported SVG paths keep SVG units (their bounds are the
 * node's box, even after a resize); paths set by a plugin are in the node's own pixels.
 */
function vectorGeometry(node: FakeSceneNode, bx: BoxPx): Geometry | null {
  const v = node as unknown as { _paths: VectorPaths; _pathOrigin: { x: number; y: number; scaleX: number; scaleY: number } };
  const segs = v._paths.flatMap((p) => {
    try {
      return parsePath(p.data);
    } catch {
      return [];
    }
  });
  if (!segs.length) return null;
  const o = v._pathOrigin;
  const imported = !(o.x === 0 && o.y === 0 && o.scaleX === 1 && o.scaleY === 1);
  const bounds = segBounds(segs)!;
  let kx: number;
  let ky: number;
  let x0: number;
  let y0: number;
  if (imported) {
    kx = bounds.width > 1e-9 ? bx.width / bounds.width : o.scaleX * bx.sx;
    ky = bounds.height > 1e-9 ? bx.height / bounds.height : o.scaleY * bx.sy;
    x0 = bounds.x;
    y0 = bounds.y;
  } else {
    kx = bx.sx;
    ky = bx.sy;
    x0 = y0 = 0;
  }
  const step = 0.5 / Math.max(kx, ky, 1e-9);
  const lines = flatten(segs, step).map((l) => ({
    closed: l.closed,
    points: l.points.map((val, i) => (i % 2 ? bx.y + (val - y0) * ky : bx.x + (val - x0) * kx)),
  }));
  const rule = v._paths.some((p) => p.windingRule === 'EVENODD') ? 'EVENODD' : 'NONZERO';
  return { polys: lines, rule, strokeLines: lines };
}

function paintWith(ctx: Ctx, target: Px, node: FakeSceneNode, paint: Paint, cov: Coverage, masks: Coverage[], bx: BoxPx, opacity: number): void {
  const shader = shaderFor(node, paint, bx);
  const a0 = opacity * (paint.opacity ?? 1);
  if (!shader || a0 <= 0) return;
  const r = cov.region;
  const w = r.x1 - r.x0;
  const c = new Float64Array(4);
  for (let y = r.y0; y < r.y1; y++) {
    for (let x = r.x0; x < r.x1; x++) {
      const v = cov.data[(y - r.y0) * w + x - r.x0];
      let k = v > 1 ? 1 : v;
      for (const m of masks) k *= at(m, x, y);
      if (k <= 0.001) continue;
      if (!shader(x, y, c)) continue;
      blend(target, (y * ctx.w + x) * 4, c, c[3] * k * a0);
    }
  }
}

function shaderFor(node: FakeSceneNode, paint: Paint, bx: BoxPx): Shader | null {
  switch (paint.type) {
    case 'SOLID': {
      const { r, g, b } = paint.color;
      return (_x, _y, out) => {
        out[0] = r * 255;
        out[1] = g * 255;
        out[2] = b * 255;
        out[3] = 1;
        return true;
      };
    }
    case 'IMAGE': {
      const stored = paint.imageHash ? node._ctx.images.images.get(paint.imageHash) : undefined;
      const pixels = stored ? imagePixels(stored) : null;
      if (!pixels) return (_x, _y, out) => (out.set([...GREY, 1]), true);
      return imageShader(paint, pixels, bx);
    }
    case 'GRADIENT_LINEAR':
    case 'GRADIENT_RADIAL':
    case 'GRADIENT_ANGULAR':
    case 'GRADIENT_DIAMOND': {
      const stops = [...paint.gradientStops].sort((a, b) => a.position - b.position);
      if (!stops.length) return null;
      const [[a, b, c], [d, e, f]] = paint.gradientTransform;
      const linear = paint.type === 'GRADIENT_LINEAR';
      return (x, y, out) => {
        const u = (x + 0.5 - bx.x) / (bx.width || 1);
        const v = (y + 0.5 - bx.y) / (bx.height || 1);
        const gx = a * u + b * v + c;
        const gy = d * u + e * v + f;
        const t = linear ? gx : Math.hypot(gx - 0.5, gy - 0.5) * 2;
        stopColour(stops, t, out);
        return true;
      };
    }
    default:
      return null;
  }
}

function stopColour(stops: ColorStop[], t: number, out: RGBA): void {
  let i = 0;
  while (i < stops.length - 1 && stops[i + 1].position < t) i++;
  const s0 = stops[i];
  const s1 = stops[Math.min(i + 1, stops.length - 1)];
  const span = s1.position - s0.position;
  const k = span > 0 ? Math.min(1, Math.max(0, (t - s0.position) / span)) : t < s0.position ? 0 : 1;
  const c0 = s0.color;
  const c1 = i === 0 && t < s0.position ? c0 : s1.color;
  const a = c0.a + (c1.a - c0.a) * k;
  // Interpolate premultiplied so a fade to transparent keeps its hue.
  const pm = (p: number, q: number): number => (a > 0 ? ((p * c0.a + (q * c1.a - p * c0.a) * k) / a) * 255 : p * 255);
  out[0] = pm(c0.r, c1.r);
  out[1] = pm(c0.g, c1.g);
  out[2] = pm(c0.b, c1.b);
  out[3] = a;
}

/** Source-over of a straight-alpha colour onto a straight-alpha pixel. */
function blend(px: Px, i: number, c: RGBA, a: number): void {
  if (a <= 0) return;
  const da = px[i + 3] / 255;
  const keep = da * (1 - a);
  const oa = a + keep;
  px[i] = (c[0] * a + px[i] * keep) / oa;
  px[i + 1] = (c[1] * a + px[i + 1] * keep) / oa;
  px[i + 2] = (c[2] * a + px[i + 2] * keep) / oa;
  px[i + 3] = oa * 255;
}

function composite(target: Px, layer: Px, opacity: number, r: Region, w: number): void {
  const c = new Float64Array(4);
  for (let y = Math.max(0, r.y0); y < r.y1; y++) {
    for (let x = Math.max(0, r.x0); x < r.x1; x++) {
      const i = (y * w + x) * 4;
      if (!layer[i + 3]) continue;
      c[0] = layer[i];
      c[1] = layer[i + 1];
      c[2] = layer[i + 2];
      blend(target, i, c, (layer[i + 3] / 255) * opacity);
    }
  }
}
