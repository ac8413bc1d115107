import type { Polyline } from './path-data';

/**
 * Anti-aliased coverage of polygons on the pixel grid (4 sub-scanlines a row, exact spans
 * across), with nonzero or even-odd winding, and the outline of a stroke as polygons whose
 * union (nonzero) is the stroked area.
 */

/** Integer pixel bounds, end-exclusive. */
export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Coverage {
  region: Region;
  /** 0..1 per pixel of the region, row-major. */
  data: Float32Array;
}

const SUB = 4;

interface Edge {
  ya: number;
  yb: number;
  xa: number;
  slope: number;
  dir: number;
}

export function coverage(polys: Polyline[], rule: 'NONZERO' | 'EVENODD', clip: Region): Coverage {
  const edges: Edge[] = [];
  let minY = Infinity;
  let maxY = -Infinity;
  let minX = Infinity;
  let maxX = -Infinity;
  for (const p of polys) {
    const pts = p.points;
    const n = pts.length / 2;
    for (let i = 0; i < n; i++) {
      const x0 = pts[2 * i];
      const y0 = pts[2 * i + 1];
      const j = (i + 1) % n; // fills always close their subpaths
      const x1 = pts[2 * j];
      const y1 = pts[2 * j + 1];
      minX = Math.min(minX, x0);
      maxX = Math.max(maxX, x0);
      if (y0 === y1) continue;
      const down = y1 > y0;
      const ya = down ? y0 : y1;
      const yb = down ? y1 : y0;
      edges.push({ ya, yb, xa: down ? x0 : x1, slope: (x1 - x0) / (y1 - y0), dir: down ? 1 : -1 });
      minY = Math.min(minY, ya);
      maxY = Math.max(maxY, yb);
    }
  }
  const region: Region = {
    x0: Math.max(clip.x0, Math.floor(minX)),
    y0: Math.max(clip.y0, Math.floor(minY)),
    x1: Math.min(clip.x1, Math.ceil(maxX)),
    y1: Math.min(clip.y1, Math.ceil(maxY)),
  };
  if (region.x1 <= region.x0 || region.y1 <= region.y0) return { region: { ...region, x1: region.x0, y1: region.y0 }, data: new Float32Array(0) };
  const w = region.x1 - region.x0;
  const data = new Float32Array(w * (region.y1 - region.y0));
  edges.sort((a, b) => a.ya - b.ya);
  let next = 0;
  let active: Edge[] = [];
  const xs: { x: number; dir: number }[] = [];
  const inside = rule === 'EVENODD' ? (wn: number) => (wn & 1) !== 0 : (wn: number) => wn !== 0;
  for (let y = region.y0; y < region.y1; y++) {
    const row = (y - region.y0) * w;
    for (let k = 0; k < SUB; k++) {
      const sy = y + (k + 0.5) / SUB;
      while (next < edges.length && edges[next].ya <= sy) active.push(edges[next++]);
      active = active.filter((e) => e.yb > sy);
      xs.length = 0;
      for (const e of active) if (e.ya <= sy) xs.push({ x: e.xa + (sy - e.ya) * e.slope, dir: e.dir });
      xs.sort((a, b) => a.x - b.x);
      let wn = 0;
      for (let i = 0; i < xs.length - 1; i++) {
        wn += xs[i].dir;
        if (!inside(wn)) continue;
        span(data, row, region, xs[i].x, xs[i + 1].x, 1 / SUB);
      }
    }
  }
  return { region, data };
}

function span(data: Float32Array, row: number, r: Region, xa: number, xb: number, weight: number): void {
  const a = xa > r.x0 ? xa : r.x0;
  const b = xb < r.x1 ? xb : r.x1;
  if (b <= a) return;
  // a and b are within the region, so non-negative: truncation is floor.
  const ia = a | 0;
  const ib = b | 0;
  if (ia === ib) {
    data[row + ia - r.x0] += (b - a) * weight;
    return;
  }
  data[row + ia - r.x0] += (ia + 1 - a) * weight;
  for (let x = ia + 1; x < ib && x < r.x1; x++) data[row + x - r.x0] += weight;
  if (ib < r.x1) data[row + ib - r.x0] += (b - ib) * weight;
}

/** Value of a coverage at a pixel (0 outside its region). */
export function at(c: Coverage, x: number, y: number): number {
  const r = c.region;
  if (x < r.x0 || x >= r.x1 || y < r.y0 || y >= r.y1) return 0;
  const v = c.data[(y - r.y0) * (r.x1 - r.x0) + x - r.x0];
  return v > 1 ? 1 : v;
}

function oriented(points: number[]): Polyline {
  let area = 0;
  for (let i = 0; i < points.length; i += 2) {
    const j = (i + 2) % points.length;
    area += points[i] * points[j + 1] - points[j] * points[i + 1];
  }
  if (area >= 0) return { points, closed: true };
  const rev: number[] = [];
  for (let i = points.length - 2; i >= 0; i -= 2) rev.push(points[i], points[i + 1]);
  return { points: rev, closed: true };
}

/** A centred stroke of `width` along each polyline: a quad per segment and a round-ish join at each vertex. */
export function strokeOutline(lines: Polyline[], width: number): Polyline[] {
  const h = width / 2;
  const out: Polyline[] = [];
  const joint = (x: number, y: number): void => {
    const pts: number[] = [];
    for (let k = 0; k < 8; k++) pts.push(x + h * Math.cos((k * Math.PI) / 4), y + h * Math.sin((k * Math.PI) / 4));
    out.push(oriented(pts));
  };
  for (const line of lines) {
    const p = line.points;
    const n = p.length / 2;
    const count = line.closed ? n : n - 1;
    for (let i = 0; i < count; i++) {
      const j = (i + 1) % n;
      const dx = p[2 * j] - p[2 * i];
      const dy = p[2 * j + 1] - p[2 * i + 1];
      const len = Math.hypot(dx, dy);
      if (len === 0) continue;
      const nx = (-dy / len) * h;
      const ny = (dx / len) * h;
      out.push(oriented([p[2 * i] + nx, p[2 * i + 1] + ny, p[2 * j] + nx, p[2 * j + 1] + ny, p[2 * j] - nx, p[2 * j + 1] - ny, p[2 * i] - nx, p[2 * i + 1] - ny]));
      if (line.closed || j < n - 1) joint(p[2 * j], p[2 * j + 1]);
    }
  }
  return out;
}
