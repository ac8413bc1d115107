import { parseCssColour, type Rgba } from './css-colour';
import { IDENTITY, multiply, parsePath, PathError, segBounds, serializePath, transformPath, type Matrix, type Seg } from './path-data';

/**
 * Parses SVG for figma.createNodeFromSvg the way Figma imports it: one vector per drawable
 * element with its transforms baked into the path; fill and stroke from attributes or
 * `style`, inherited through groups, in any CSS colour syntax (css-colour.ts), `currentColor`
 * from the inherited `color`; `fill-opacity`/`stroke-opacity` and colour alpha become paint
 * opacity, `opacity` (the element's times its groups') becomes layer opacity; linear and
 * radial gradients become gradient paints (their own gradientTransform and spread are
 * ignored). Not modelled: <style> sheets, <use>, <text>, clip paths, masks, filters.
 * Malformed markup throws.
 */

export interface SvgShape {
  element: string;
  /** Bounding box in SVG user units (after transforms; control points included). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Absolute path data in SVG user units. */
  d: string;
  windingRule: 'NONZERO' | 'EVENODD';
  fills: Paint[];
  strokes: Paint[];
  /** Stroke width in SVG user units (after transforms). */
  strokeWeight: number;
  opacity: number;
}

export interface ParsedSvg {
  width: number;
  height: number;
  /** viewBox origin and the scale from user units to the frame's pixels. */
  minX: number;
  minY: number;
  scaleX: number;
  scaleY: number;
  shapes: SvgShape[];
}

function fail(reason: string): never {
  throw new Error(`in createNodeFromSvg: Failed to import SVG: ${reason}`);
}

/** Attributes, with `style` declarations taking precedence over presentation attributes, as in CSS. */
function attrs(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) out[m[1]] = decodeEntities(m[3] ?? m[4]);
  const rest = source.replace(re, '').replace(/\/\s*$/, '').trim();
  if (rest.length) fail(`malformed attributes "${rest.slice(0, 40)}"`);
  if (out.style) {
    for (const decl of out.style.split(';')) {
      const colon = decl.indexOf(':');
      if (colon < 0) continue;
      const k = decl.slice(0, colon).trim().toLowerCase();
      const v = decl.slice(colon + 1).replace(/!important/i, '').trim();
      if (k && v) out[k] = v;
    }
  }
  return out;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|quot|apos|lt|gt|amp);/gi, (_, e: string) => {
    const named: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
    if (e[0] !== '#') return named[e.toLowerCase()];
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function num(v: string | undefined, fallback = 0): number {
  if (v === undefined) return fallback;
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
}

/** A number or percentage as a fraction (opacity, stop offsets). */
function fraction(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = parseFloat(v);
  if (!Number.isFinite(n)) return fallback;
  return Math.max(0, Math.min(1, v.trim().endsWith('%') ? n / 100 : n));
}

export function parseTransform(t: string | undefined): Matrix {
  let m: Matrix = IDENTITY;
  if (!t) return m;
  const re = /(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)/g;
  let f: RegExpExecArray | null;
  while ((f = re.exec(t))) {
    const a = (f[2].match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? []).map(Number);
    const rad = ((a[0] ?? 0) * Math.PI) / 180;
    let n: Matrix;
    switch (f[1]) {
      case 'matrix':
        n = a.length === 6 ? (a as Matrix) : IDENTITY;
        break;
      case 'translate':
        n = [1, 0, 0, 1, a[0] ?? 0, a[1] ?? 0];
        break;
      case 'scale':
        n = [a[0] ?? 1, 0, 0, a[1] ?? a[0] ?? 1, 0, 0];
        break;
      case 'rotate': {
        const [cx, cy] = [a[1] ?? 0, a[2] ?? 0];
        const r: Matrix = [Math.cos(rad), Math.sin(rad), -Math.sin(rad), Math.cos(rad), 0, 0];
        n = multiply(multiply([1, 0, 0, 1, cx, cy], r), [1, 0, 0, 1, -cx, -cy]);
        break;
      }
      case 'skewX':
        n = [1, 0, Math.tan(rad), 1, 0, 0];
        break;
      default:
        n = [1, Math.tan(rad), 0, 1, 0, 0];
    }
    m = multiply(m, n);
  }
  return m;
}

/** Properties that children inherit (CSS), plus the accumulated group opacity and transform. */
interface Inherited {
  fill: string;
  stroke: string;
  color: string;
  'fill-opacity': string;
  'stroke-opacity': string;
  'stroke-width': string;
  'fill-rule': string;
  groupOpacity: number;
  ctm: Matrix;
}

const INHERITED_KEYS = ['fill', 'stroke', 'color', 'fill-opacity', 'stroke-opacity', 'stroke-width', 'fill-rule'] as const;

function inherit(parent: Inherited, a: Record<string, string>): Inherited {
  const out = { ...parent };
  for (const k of INHERITED_KEYS) {
    const v = a[k]?.trim();
    if (v === undefined || v === '' || v === 'inherit') continue;
    // An invalid colour is ignored (the inherited value stands), as browsers do.
    if ((k === 'fill' || k === 'stroke' || k === 'color') && !/^url\(/i.test(v) && parseCssColour(v) === null) continue;
    out[k] = v;
  }
  return out;
}

interface Gradient {
  type: 'linearGradient' | 'radialGradient';
  a: Record<string, string>;
  stops: ColorStop[];
}

interface Pending {
  shape: SvgShape;
  style: Inherited;
  /** Bounds before the element's transforms, for objectBoundingBox gradients. */
  local: { x: number; y: number; width: number; height: number };
}

const SKIP_CONTENT = new Set(['defs', 'clipPath', 'mask', 'symbol', 'pattern', 'linearGradient', 'radialGradient', 'style', 'title', 'desc', 'metadata', 'marker', 'filter', 'text']);

export function parseSvg(svg: string): ParsedSvg {
  if (typeof svg !== 'string') fail('expected a string');
  const body = svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!DOCTYPE[^>]*>/gi, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const tagRe = /<(\/?)([A-Za-z][\w:.-]*)([^<>]*?)(\/?)>/g;
  const initial: Inherited = {
    fill: 'black',
    stroke: 'none',
    color: 'black',
    'fill-opacity': '1',
    'stroke-opacity': '1',
    'stroke-width': '1',
    'fill-rule': 'nonzero',
    groupOpacity: 1,
    ctm: IDENTITY,
  };
  const stack: { name: string; style: Inherited; skip: boolean }[] = [];
  const pending: Pending[] = [];
  const gradients = new Map<string, Gradient>();
  let openGradient: Gradient | null = null;
  let root: Record<string, string> | null = null;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(body))) {
    if (/[<>]/.test(body.slice(last, m.index))) fail('unbalanced "<" or ">"');
    last = tagRe.lastIndex;
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) fail(`unexpected </${name}>`);
      if (name === 'linearGradient' || name === 'radialGradient') openGradient = null;
      if (stack.length === 0 && body.slice(last).trim().length) fail('content after the root element');
      continue;
    }
    const a = attrs(rawAttrs);
    if (!root) {
      if (name !== 'svg') fail(`root element is <${name}>, not <svg>`);
      if (body.slice(0, m.index).trim().length) fail('content before the root element');
      root = a;
    } else if (stack.length === 0) {
      fail('more than one root element');
    }
    const parent = stack[stack.length - 1];
    const parentStyle = parent?.style ?? initial;
    const style = inherit(parentStyle, a);
    const hidden = a.display === 'none' || a.visibility === 'hidden' || a.visibility === 'collapse';
    const skip = (parent?.skip ?? false) || SKIP_CONTENT.has(name) || hidden;
    if (name !== 'svg') {
      style.ctm = multiply(parentStyle.ctm, parseTransform(a.transform));
      style.groupOpacity = parentStyle.groupOpacity * fraction(a.opacity, 1);
    }
    if (name === 'linearGradient' || name === 'radialGradient') {
      openGradient = { type: name, a, stops: [] };
      if (a.id) gradients.set(a.id, openGradient);
    } else if (name === 'stop' && openGradient) {
      const c = parseCssColour(a['stop-color'] ?? 'black');
      const rgba: Rgba = c && c !== 'none' && c !== 'currentColor' ? c : { r: 0, g: 0, b: 0, a: 1 };
      const prev = openGradient.stops[openGradient.stops.length - 1]?.position ?? 0;
      openGradient.stops.push({
        position: Math.max(prev, fraction(a.offset, 0)),
        color: { r: rgba.r, g: rgba.g, b: rgba.b, a: rgba.a * fraction(a['stop-opacity'], 1) },
      });
    }
    if (!skip) {
      const p = shapeOf(name, a, style);
      if (p) pending.push(p);
    }
    if (!selfClosing) stack.push({ name, style, skip });
  }
  if (/[<>]/.test(body.slice(last))) fail('unbalanced "<" or ">"');
  if (!root) fail('no <svg> element');
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is not closed`);

  for (const p of pending) resolvePaints(p, gradients);

  const vb = (root.viewBox ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);
  const hasVb = vb.length === 4 && vb.every(Number.isFinite) && vb[2] > 0 && vb[3] > 0;
  const size = (v: string | undefined): number | undefined => (v && !v.trim().endsWith('%') && num(v) > 0 ? num(v) : undefined);
  const width = size(root.width) ?? (hasVb ? vb[2] : 100);
  const height = size(root.height) ?? (hasVb ? vb[3] : 100);
  return {
    width,
    height,
    minX: hasVb ? vb[0] : 0,
    minY: hasVb ? vb[1] : 0,
    scaleX: hasVb ? width / vb[2] : 1,
    scaleY: hasVb ? height / vb[3] : 1,
    shapes: pending.map((p) => p.shape),
  };
}

function shapeOf(name: string, a: Record<string, string>, style: Inherited): Pending | null {
  let d: string;
  let fillable = true;
  switch (name) {
    case 'rect': {
      const x = num(a.x);
      const y = num(a.y);
      const w = num(a.width);
      const h = num(a.height);
      if (w <= 0 || h <= 0) return null;
      let rx = a.rx !== undefined ? num(a.rx) : a.ry !== undefined ? num(a.ry) : 0;
      let ry = a.ry !== undefined ? num(a.ry) : rx;
      rx = Math.min(Math.max(0, rx), w / 2);
      ry = Math.min(Math.max(0, ry), h / 2);
      d =
        rx > 0 && ry > 0
          ? `M ${x + rx} ${y} H ${x + w - rx} A ${rx} ${ry} 0 0 1 ${x + w} ${y + ry} V ${y + h - ry} A ${rx} ${ry} 0 0 1 ${x + w - rx} ${y + h} H ${x + rx} A ${rx} ${ry} 0 0 1 ${x} ${y + h - ry} V ${y + ry} A ${rx} ${ry} 0 0 1 ${x + rx} ${y} Z`
          : `M ${x} ${y} H ${x + w} V ${y + h} H ${x} Z`;
      break;
    }
    case 'circle':
    case 'ellipse': {
      const cx = num(a.cx);
      const cy = num(a.cy);
      const rx = name === 'circle' ? num(a.r) : num(a.rx ?? a.ry);
      const ry = name === 'circle' ? num(a.r) : num(a.ry ?? a.rx);
      if (rx <= 0 || ry <= 0) return null;
      d = `M ${cx - rx} ${cy} A ${rx} ${ry} 0 1 0 ${cx + rx} ${cy} A ${rx} ${ry} 0 1 0 ${cx - rx} ${cy} Z`;
      break;
    }
    case 'line':
      d = `M ${num(a.x1)} ${num(a.y1)} L ${num(a.x2)} ${num(a.y2)}`;
      fillable = false;
      break;
    case 'polygon':
    case 'polyline': {
      const pts = (a.points ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);
      if (pts.length < 4 || pts.some((v) => !Number.isFinite(v))) return null;
      d = `M ${pts.slice(0, 2).join(' ')} L ${pts.slice(2, pts.length - (pts.length % 2)).join(' ')}${name === 'polygon' ? ' Z' : ''}`;
      break;
    }
    case 'path':
      d = a.d ?? '';
      break;
    default:
      return null;
  }
  let segs: Seg[];
  try {
    segs = parsePath(d);
  } catch (e) {
    if (e instanceof PathError) fail(e.message);
    throw e;
  }
  const local = segBounds(segs);
  if (!local) return null;
  const placed = transformPath(segs, style.ctm);
  const b = segBounds(placed)!;
  const ctm = style.ctm;
  const shape: SvgShape = {
    element: name,
    ...b,
    d: serializePath(placed),
    windingRule: style['fill-rule'] === 'evenodd' ? 'EVENODD' : 'NONZERO',
    fills: [],
    strokes: [],
    strokeWeight: Math.max(0, num(style['stroke-width'], 1)) * Math.sqrt(Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])),
    opacity: style.groupOpacity,
  };
  // A line has no inside to fill.
  return { shape, style: fillable ? style : { ...style, fill: 'none' }, local };
}

function resolvePaints(p: Pending, gradients: Map<string, Gradient>): void {
  const { shape, style } = p;
  shape.fills = paintFor(style.fill, fraction(style['fill-opacity'], 1), p, gradients);
  shape.strokes = shape.strokeWeight > 0 ? paintFor(style.stroke, fraction(style['stroke-opacity'], 1), p, gradients) : [];
}

function paintFor(value: string, opacity: number, p: Pending, gradients: Map<string, Gradient>): Paint[] {
  const ref = /^url\(\s*['"]?#([^'")\s]+)['"]?\s*\)\s*(.*)$/i.exec(value.trim());
  if (ref) {
    const g = gradients.get(ref[1]);
    if (g) return [gradientPaint(g, opacity, p, gradients)];
    // A missing reference falls back to the colour after it, else paints nothing (SVG 2).
    return ref[2] ? paintFor(ref[2], opacity, p, gradients) : [];
  }
  let c = parseCssColour(value);
  if (c === 'currentColor') c = parseCssColour(p.style.color);
  if (!c || c === 'none' || c === 'currentColor') return [];
  return [{ type: 'SOLID', color: { r: c.r, g: c.g, b: c.b }, opacity: opacity * c.a }];
}

function gradientPaint(g: Gradient, opacity: number, p: Pending, gradients: Map<string, Gradient>): GradientPaint {
  let stops = g.stops;
  // Stops may come from a gradient this one references.
  for (let ref: string | undefined = g.a.href ?? g.a['xlink:href'], hops = 0; !stops.length && ref && hops < 8; hops++) {
    const other = gradients.get(ref.replace(/^#/, ''));
    stops = other?.stops ?? [];
    ref = other?.a.href ?? other?.a['xlink:href'];
  }
  if (!stops.length) stops = [{ position: 0, color: { r: 0, g: 0, b: 0, a: 0 } }];
  const userSpace = g.a.gradientUnits === 'userSpaceOnUse';
  const L = p.local;
  const post = p.shape;
  const ctm = p.style.ctm;
  // A gradient coordinate (fraction of the bbox, or user units) to the node's unit square.
  const coord = (v: string | undefined, fallback: number, axis: 'x' | 'y'): number => {
    const size = axis === 'x' ? L.width : L.height;
    if (v === undefined) return userSpace ? (axis === 'x' ? L.x : L.y) + fallback * size : fallback;
    const n = parseFloat(v);
    const f = v.trim().endsWith('%') ? n / 100 : n;
    return userSpace && !v.trim().endsWith('%') ? f : userSpace ? (axis === 'x' ? L.x : L.y) + f * size : f;
  };
  const toUnit = (gx: number, gy: number): [number, number] => {
    const ux = userSpace ? gx : L.x + gx * L.width;
    const uy = userSpace ? gy : L.y + gy * L.height;
    const px = ctm[0] * ux + ctm[2] * uy + ctm[4];
    const py = ctm[1] * ux + ctm[3] * uy + ctm[5];
    return [(px - post.x) / (post.width || 1), (py - post.y) / (post.height || 1)];
  };
  let transform: Transform;
  if (g.type === 'linearGradient') {
    const [x1, y1] = toUnit(coord(g.a.x1, 0, 'x'), coord(g.a.y1, 0, 'y'));
    const [x2, y2] = toUnit(coord(g.a.x2, 1, 'x'), coord(g.a.y2, 0, 'y'));
    const dx = x2 - x1;
    const dy = y2 - y1;
    const l2 = dx * dx + dy * dy || 1;
    transform = [
      [dx / l2, dy / l2, -(x1 * dx + y1 * dy) / l2],
      [-dy / l2, dx / l2, 0.5 + (x1 * dy - y1 * dx) / l2],
    ];
  } else {
    const [cx, cy] = toUnit(coord(g.a.cx, 0.5, 'x'), coord(g.a.cy, 0.5, 'y'));
    const r = g.a.r === undefined ? 0.5 : parseFloat(g.a.r) / (g.a.r.trim().endsWith('%') ? 100 : 1);
    const scaleX = Math.hypot(ctm[0], ctm[1]);
    const scaleY = Math.hypot(ctm[2], ctm[3]);
    const rx = Math.max(1e-6, (r * (userSpace ? 1 : L.width) * scaleX) / (post.width || 1));
    const ry = Math.max(1e-6, (r * (userSpace ? 1 : L.height) * scaleY) / (post.height || 1));
    transform = [
      [0.5 / rx, 0, 0.5 - (cx * 0.5) / rx],
      [0, 0.5 / ry, 0.5 - (cy * 0.5) / ry],
    ];
  }
  return {
    type: g.type === 'linearGradient' ? 'GRADIENT_LINEAR' : 'GRADIENT_RADIAL',
    gradientTransform: transform,
    gradientStops: stops.map((s) => ({ position: s.position, color: { ...s.color } })),
    opacity,
  };
}
