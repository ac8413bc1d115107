/**
 * Parses just enough SVG for figma.createNodeFromSvg: the document size (width/height or
 * viewBox) and one rough shape (bounding box, path data, fill) per drawable element.
 * Transforms are ignored. Malformed markup throws.
 */

export interface SvgShape {
  element: string;
  /** Bounding box in SVG user units. */
  x: number;
  y: number;
  width: number;
  height: number;
  d: string;
  fill: { r: number; g: number; b: number } | null;
  fillOpacity: number;
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

function attrs(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) out[m[1]] = m[3] ?? m[4];
  const rest = source.replace(re, '').replace(/\/\s*$/, '').trim();
  if (rest.length) fail(`malformed attributes "${rest.slice(0, 40)}"`);
  if (out.style) {
    for (const decl of out.style.split(';')) {
      const [k, v] = decl.split(':').map((s) => s?.trim());
      if (k && v && !(k in out)) out[k] = v;
    }
  }
  return out;
}

function num(v: string | undefined, fallback = 0): number {
  if (v === undefined) return fallback;
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
}

const NAMED: Record<string, [number, number, number]> = {
  black: [0, 0, 0],
  white: [255, 255, 255],
  red: [255, 0, 0],
  green: [0, 128, 0],
  blue: [0, 0, 255],
  gray: [128, 128, 128],
  grey: [128, 128, 128],
};

function colour(v: string): { r: number; g: number; b: number } | null {
  const s = v.trim().toLowerCase();
  if (s === 'none' || s === 'transparent') return null;
  let m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) return { r: parseInt(m[1][0] + m[1][0], 16) / 255, g: parseInt(m[1][1] + m[1][1], 16) / 255, b: parseInt(m[1][2] + m[1][2], 16) / 255 };
  m = /^#([0-9a-f]{6})/.exec(s);
  if (m) return { r: parseInt(m[1].slice(0, 2), 16) / 255, g: parseInt(m[1].slice(2, 4), 16) / 255, b: parseInt(m[1].slice(4, 6), 16) / 255 };
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (m) return { r: Math.min(1, +m[1] / 255), g: Math.min(1, +m[2] / 255), b: Math.min(1, +m[3] / 255) };
  const named = NAMED[s];
  if (named) return { r: named[0] / 255, g: named[1] / 255, b: named[2] / 255 };
  return { r: 0, g: 0, b: 0 }; // currentColor, gradients (url(#...)) and the rest: black
}

/** Bounding box of path data, following the current point through absolute and relative commands. */
export function pathBounds(d: string): { x: number; y: number; width: number; height: number } | null {
  const tokens = d.match(/[MmLlHhVvCcSsQqTtAaZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const xs: number[] = [];
  const ys: number[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let cmd = '';
  let i = 0;
  const ARGS: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };
  while (i < tokens.length) {
    if (/[A-Za-z]/.test(tokens[i])) cmd = tokens[i++];
    else if (!cmd) fail('path data must start with a command');
    const lower = cmd.toLowerCase();
    const rel = cmd === lower;
    if (lower === 'z') {
      cx = sx;
      cy = sy;
      continue;
    }
    const n = ARGS[lower];
    const a = tokens.slice(i, i + n).map(Number);
    if (a.length < n || a.some((v) => !Number.isFinite(v))) fail('truncated path data');
    i += n;
    const pt = (x: number, y: number): void => {
      xs.push(rel ? cx + x : x);
      ys.push(rel ? cy + y : y);
    };
    if (lower === 'h') {
      cx = rel ? cx + a[0] : a[0];
    } else if (lower === 'v') {
      cy = rel ? cy + a[0] : a[0];
    } else {
      if (lower !== 'a') for (let k = 0; k + 1 < n - 2; k += 2) pt(a[k], a[k + 1]);
      const ex = a[n - 2];
      const ey = a[n - 1];
      cx = rel ? cx + ex : ex;
      cy = rel ? cy + ey : ey;
    }
    xs.push(cx);
    ys.push(cy);
    if (lower === 'm') {
      sx = cx;
      sy = cy;
      cmd = rel ? 'l' : 'L';
    }
  }
  if (xs.length === 0) return null;
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return { x: x0, y: y0, width: Math.max(...xs) - x0, height: Math.max(...ys) - y0 };
}

const SKIP_CONTENT = new Set(['defs', 'clipPath', 'mask', 'symbol', 'pattern', 'linearGradient', 'radialGradient', 'style', 'title', 'desc', 'metadata']);

export function parseSvg(svg: string): ParsedSvg {
  if (typeof svg !== 'string') fail('expected a string');
  const body = svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!DOCTYPE[^>]*>/gi, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const tagRe = /<(\/?)([A-Za-z][\w:.-]*)([^<>]*?)(\/?)>/g;
  const stack: { name: string; fill: string | undefined; skip: boolean }[] = [];
  const shapes: SvgShape[] = [];
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
    const fill = a.fill ?? parent?.fill;
    const skip = (parent?.skip ?? false) || SKIP_CONTENT.has(name);
    if (!skip) {
      const shape = shapeOf(name, a, fill);
      if (shape) shapes.push(shape);
    }
    if (!selfClosing) stack.push({ name, fill, skip });
  }
  if (/[<>]/.test(body.slice(last))) fail('unbalanced "<" or ">"');
  if (!root) fail('no <svg> element');
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is not closed`);

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
    shapes,
  };
}

function shapeOf(name: string, a: Record<string, string>, inheritedFill: string | undefined): SvgShape | null {
  const fill = colour(inheritedFill ?? 'black');
  const fillOpacity = Math.max(0, Math.min(1, num(a['fill-opacity'], 1) * num(a.opacity, 1)));
  const make = (x: number, y: number, w: number, h: number, d: string, f = fill): SvgShape => ({
    element: name,
    x,
    y,
    width: w,
    height: h,
    d,
    fill: f,
    fillOpacity,
  });
  switch (name) {
    case 'rect': {
      const x = num(a.x);
      const y = num(a.y);
      const w = num(a.width);
      const h = num(a.height);
      return make(x, y, w, h, `M ${x} ${y} H ${x + w} V ${y + h} H ${x} Z`);
    }
    case 'circle':
    case 'ellipse': {
      const cx = num(a.cx);
      const cy = num(a.cy);
      const rx = name === 'circle' ? num(a.r) : num(a.rx);
      const ry = name === 'circle' ? num(a.r) : num(a.ry);
      const d = `M ${cx - rx} ${cy} A ${rx} ${ry} 0 1 0 ${cx + rx} ${cy} A ${rx} ${ry} 0 1 0 ${cx - rx} ${cy} Z`;
      return make(cx - rx, cy - ry, 2 * rx, 2 * ry, d);
    }
    case 'line': {
      const x1 = num(a.x1);
      const y1 = num(a.y1);
      const x2 = num(a.x2);
      const y2 = num(a.y2);
      return make(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1), `M ${x1} ${y1} L ${x2} ${y2}`, null);
    }
    case 'polygon':
    case 'polyline':
    case 'path': {
      let d = a.d ?? '';
      if (name !== 'path') {
        const pts = (a.points ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);
        if (pts.length < 4 || pts.some((v) => !Number.isFinite(v))) return null;
        d = `M ${pts.slice(0, 2).join(' ')} L ${pts.slice(2).join(' ')}${name === 'polygon' ? ' Z' : ''}`;
      }
      const b = pathBounds(d);
      return b ? make(b.x, b.y, b.width, b.height, d) : null;
    }
    default:
      return null;
  }
}
