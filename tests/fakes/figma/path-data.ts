/**
 * SVG path data as absolute moves, lines, cubics and closes: parsed from any path syntax
 * (relative commands, H/V, smooth curves, quadratics and arcs become cubics), transformed by
 * an affine matrix (how SVG transforms get baked into imported vectors, as Figma does), and
 * flattened into polygons for the rasterizer. Malformed data throws.
 */

export type Seg = { c: 'M' | 'L'; x: number; y: number } | { c: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number } | { c: 'Z' };

/** [a, b, c, d, e, f] as in SVG's matrix(): x' = a x + c y + e, y' = b x + d y + f. */
export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

interface Ctrl {
  x: number;
  y: number;
  kind: 'C' | 'Q';
}

const ARGS: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };

export class PathError extends Error {}

function tokenize(d: string): string[] {
  const tokens: string[] = [];
  const re = /([MmLlHhVvCcSsQqTtAaZz])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|([\s,]+)|(.)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(d))) {
    if (m[4]) throw new PathError(`unexpected "${m[4]}" in path data`);
    if (m[1] || m[2]) tokens.push(m[1] ?? m[2]);
  }
  return tokens;
}

/** Absolute segments of path data. Arc flags packed without separators ("a1 1 0 011 1") are read as SVG allows. */
export function parsePath(d: string): Seg[] {
  const tokens = tokenize(d);
  const out: Seg[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  const last: { ctrl: Ctrl | null } = { ctrl: null };
  let cmd = '';
  let i = 0;
  const quad = (qx: number, qy: number, x: number, y: number): void => {
    out.push({ c: 'C', x1: cx + (2 / 3) * (qx - cx), y1: cy + (2 / 3) * (qy - cy), x2: x + (2 / 3) * (qx - x), y2: y + (2 / 3) * (qy - y), x, y });
  };
  while (i < tokens.length) {
    if (/^[A-Za-z]$/.test(tokens[i])) cmd = tokens[i++];
    else if (!cmd) throw new PathError('path data must start with a command');
    const lower = cmd.toLowerCase();
    const rel = cmd === lower;
    if (lower === 'z') {
      out.push({ c: 'Z' });
      cx = sx;
      cy = sy;
      last.ctrl = null;
      continue;
    }
    const n = ARGS[lower];
    let a: number[];
    if (lower === 'a') {
      // Flags may be written as single digits glued to what follows.
      a = [];
      while (a.length < 7 && i < tokens.length && !/^[A-Za-z]$/.test(tokens[i])) {
        const t = tokens[i++];
        if ((a.length === 3 || a.length === 4) && /^[01]\d/.test(t)) {
          a.push(Number(t[0]));
          tokens.splice(i, 0, t.slice(1));
        } else a.push(Number(t));
      }
    } else {
      a = tokens.slice(i, i + n).map(Number);
      if (tokens.slice(i, i + n).some((t) => /^[A-Za-z]$/.test(t))) a = [];
      i += n;
    }
    if (a.length < n || a.some((v) => !Number.isFinite(v))) throw new PathError('truncated path data');
    const X = (v: number): number => (rel ? cx + v : v);
    const Y = (v: number): number => (rel ? cy + v : v);
    let ctrl: Ctrl | null = null;
    switch (lower) {
      case 'm':
        cx = X(a[0]);
        cy = Y(a[1]);
        sx = cx;
        sy = cy;
        out.push({ c: 'M', x: cx, y: cy });
        cmd = rel ? 'l' : 'L';
        break;
      case 'l':
      case 'h':
      case 'v': {
        const x = lower === 'v' ? cx : X(a[0]);
        const y = lower === 'h' ? cy : lower === 'v' ? Y(a[0]) : Y(a[1]);
        out.push({ c: 'L', x, y });
        cx = x;
        cy = y;
        break;
      }
      case 'c':
      case 's': {
        const [x1, y1]: number[] =
          lower === 'c' ? [X(a[0]), Y(a[1])] : last.ctrl?.kind === 'C' ? [2 * cx - last.ctrl.x, 2 * cy - last.ctrl.y] : [cx, cy];
        const k = lower === 'c' ? 2 : 0;
        const seg: Seg & { c: 'C' } = { c: 'C', x1, y1, x2: X(a[k]), y2: Y(a[k + 1]), x: X(a[k + 2]), y: Y(a[k + 3]) };
        out.push(seg);
        ctrl = { x: seg.x2, y: seg.y2, kind: 'C' };
        cx = seg.x;
        cy = seg.y;
        break;
      }
      case 'q':
      case 't': {
        const [qx, qy]: number[] = lower === 'q' ? [X(a[0]), Y(a[1])] : last.ctrl?.kind === 'Q' ? [2 * cx - last.ctrl.x, 2 * cy - last.ctrl.y] : [cx, cy];
        const x = X(a[lower === 'q' ? 2 : 0]);
        const y = Y(a[lower === 'q' ? 3 : 1]);
        quad(qx, qy, x, y);
        ctrl = { x: qx, y: qy, kind: 'Q' };
        cx = x;
        cy = y;
        break;
      }
      case 'a': {
        const x = X(a[5]);
        const y = Y(a[6]);
        out.push(...arcToCubics(cx, cy, a[0], a[1], a[2], a[3] !== 0, a[4] !== 0, x, y));
        cx = x;
        cy = y;
        break;
      }
    }
    last.ctrl = ctrl;
  }
  if (out.length && out[0].c !== 'M') throw new PathError('path data must start with a move');
  return out;
}

/** SVG arc (endpoint form) as cubic Béziers, at most a quarter turn each (SVG 1.1 appendix F.6). */
function arcToCubics(x0: number, y0: number, rx: number, ry: number, angle: number, large: boolean, sweep: boolean, x: number, y: number): Seg[] {
  if (x0 === x && y0 === y) return [];
  rx = Math.abs(rx);
  ry = Math.abs(ry);
  if (rx === 0 || ry === 0) return [{ c: 'L', x, y }];
  const phi = (angle * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const dx = (x0 - x) / 2;
  const dy = (y0 - y) / 2;
  const x1p = cos * dx + sin * dy;
  const y1p = -sin * dx + cos * dy;
  const lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
  if (lambda > 1) {
    rx *= Math.sqrt(lambda);
    ry *= Math.sqrt(lambda);
  }
  const num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
  const den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
  const k = (large === sweep ? -1 : 1) * Math.sqrt(Math.max(0, num / den));
  const cxp = (k * rx * y1p) / ry;
  const cyp = (-k * ry * x1p) / rx;
  const cx = cos * cxp - sin * cyp + (x0 + x) / 2;
  const cy = sin * cxp + cos * cyp + (y0 + y) / 2;
  const ang = (ux: number, uy: number, vx: number, vy: number): number => Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  const t1 = ang(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
  let dt = ang((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
  if (!sweep && dt > 0) dt -= 2 * Math.PI;
  if (sweep && dt < 0) dt += 2 * Math.PI;
  const n = Math.max(1, Math.ceil(Math.abs(dt) / (Math.PI / 2) - 1e-9));
  const step = dt / n;
  const alpha = (4 / 3) * Math.tan(step / 4);
  const point = (t: number): [number, number] => [cx + rx * Math.cos(t) * cos - ry * Math.sin(t) * sin, cy + rx * Math.cos(t) * sin + ry * Math.sin(t) * cos];
  const deriv = (t: number): [number, number] => [-rx * Math.sin(t) * cos - ry * Math.cos(t) * sin, -rx * Math.sin(t) * sin + ry * Math.cos(t) * cos];
  const out: Seg[] = [];
  for (let s = 0; s < n; s++) {
    const ta = t1 + s * step;
    const tb = ta + step;
    const [ax, ay] = point(ta);
    const [bx, by] = s === n - 1 ? [x, y] : point(tb);
    const [dax, day] = deriv(ta);
    const [dbx, dby] = deriv(tb);
    out.push({ c: 'C', x1: ax + alpha * dax, y1: ay + alpha * day, x2: bx - alpha * dbx, y2: by - alpha * dby, x: bx, y: by });
  }
  return out;
}

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function transformPath(segs: Seg[], m: Matrix): Seg[] {
  const px = (x: number, y: number): number => m[0] * x + m[2] * y + m[4];
  const py = (x: number, y: number): number => m[1] * x + m[3] * y + m[5];
  return segs.map((s) =>
    s.c === 'Z'
      ? s
      : s.c === 'C'
        ? { c: 'C', x1: px(s.x1, s.y1), y1: py(s.x1, s.y1), x2: px(s.x2, s.y2), y2: py(s.x2, s.y2), x: px(s.x, s.y), y: py(s.x, s.y) }
        : { c: s.c, x: px(s.x, s.y), y: py(s.x, s.y) },
  );
}

export function serializePath(segs: Seg[]): string {
  const f = (v: number): string => String(Math.round(v * 1000) / 1000);
  return segs
    .map((s) => (s.c === 'Z' ? 'Z' : s.c === 'C' ? `C ${f(s.x1)} ${f(s.y1)} ${f(s.x2)} ${f(s.y2)} ${f(s.x)} ${f(s.y)}` : `${s.c} ${f(s.x)} ${f(s.y)}`))
    .join(' ');
}

/** Bounds of every point the path passes through or bends towards (control points included, like the fake always has). */
export function segBounds(segs: Seg[]): { x: number; y: number; width: number; height: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const add = (x: number, y: number): void => {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  };
  for (const s of segs) {
    if (s.c === 'Z') continue;
    if (s.c === 'C') {
      add(s.x1, s.y1);
      add(s.x2, s.y2);
    }
    add(s.x, s.y);
  }
  return x0 === Infinity ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export interface Polyline {
  points: number[]; // x0, y0, x1, y1, ...
  closed: boolean;
}

/** Straight-line pieces no longer than about `step` units along each curve. */
export function flatten(segs: Seg[], step: number): Polyline[] {
  const out: Polyline[] = [];
  let cur: Polyline | null = null;
  let lx = 0;
  let ly = 0;
  for (const s of segs) {
    if (s.c === 'M') {
      cur = { points: [s.x, s.y], closed: false };
      out.push(cur);
    } else if (s.c === 'Z') {
      if (cur) {
        cur.closed = true;
        const sx: number = cur.points[0];
        const sy: number = cur.points[1];
        cur = { points: [sx, sy], closed: false };
        out.push(cur);
        lx = sx;
        ly = sy;
      }
      continue;
    } else if (!cur) {
      continue;
    } else if (s.c === 'L') {
      cur.points.push(s.x, s.y);
    } else if (s.c === 'C') {
      const len = Math.hypot(s.x1 - lx, s.y1 - ly) + Math.hypot(s.x2 - s.x1, s.y2 - s.y1) + Math.hypot(s.x - s.x2, s.y - s.y2);
      const n = Math.max(2, Math.min(200, Math.ceil(len / Math.max(step, 1e-6))));
      for (let k = 1; k <= n; k++) {
        const t = k / n;
        const u = 1 - t;
        const b0 = u * u * u;
        const b1 = 3 * u * u * t;
        const b2 = 3 * u * t * t;
        const b3 = t * t * t;
        cur.points.push(b0 * lx + b1 * s.x1 + b2 * s.x2 + b3 * s.x, b0 * ly + b1 * s.y1 + b2 * s.y2 + b3 * s.y);
      }
    }
    lx = s.x;
    ly = s.y;
  }
  return out.filter((p) => p.points.length >= 4);
}
