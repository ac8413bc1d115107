/**
 * Where new results go: a grid beside an anchor (the selection, the source image or the
 * last results), slid right past anything already on the canvas so that existing work is
 * never covered.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Size {
  width: number;
  height: number;
}

export const GAP = 40;
const MAX_COLUMNS = 4;
const MAX_SLIDES = 500;

export function gridColumns(count: number): number {
  return Math.max(1, Math.min(count, MAX_COLUMNS));
}

/** Lays the cells out in rows, relative to (0, 0). */
export function gridCells(cells: Size[], gap = GAP): Rect[] {
  const columns = gridColumns(cells.length);
  const colWidth = Math.max(...cells.map((c) => c.width));
  const rects: Rect[] = [];
  let y = 0;
  for (let row = 0; row * columns < cells.length; row++) {
    const inRow = cells.slice(row * columns, row * columns + columns);
    inRow.forEach((cell, i) => rects.push({ x: i * (colWidth + gap), y, width: cell.width, height: cell.height }));
    y += Math.max(...inRow.map((c) => c.height)) + gap;
  }
  return rects;
}

export function bounds(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

export function intersects(a: Rect, b: Rect, margin = 0): boolean {
  return (
    a.x < b.x + b.width + margin &&
    b.x < a.x + a.width + margin &&
    a.y < b.y + b.height + margin &&
    b.y < a.y + a.height + margin
  );
}

export interface PlaceGridOptions {
  cells: Size[];
  /** Place to the right of this; without it, centre on `center`. */
  anchor?: Rect;
  center?: { x: number; y: number };
  /** Everything already on the canvas that must stay uncovered. */
  obstacles: Rect[];
  gap?: number;
}

export function placeGrid(options: PlaceGridOptions): Rect[] {
  const gap = options.gap ?? GAP;
  const local = gridCells(options.cells, gap);
  const size = bounds(local);
  let origin = options.anchor
    ? { x: options.anchor.x + options.anchor.width + gap * 2, y: options.anchor.y }
    : {
        x: Math.round((options.center?.x ?? 0) - size.width / 2),
        y: Math.round((options.center?.y ?? 0) - size.height / 2),
      };

  for (let i = 0; i < MAX_SLIDES; i++) {
    const area = { x: origin.x, y: origin.y, width: size.width, height: size.height };
    const blockers = options.obstacles.filter((o) => intersects(area, o, gap));
    if (blockers.length === 0) break;
    origin = { x: Math.max(...blockers.map((b) => b.x + b.width)) + gap * 2, y: origin.y };
  }
  return local.map((r) => ({ ...r, x: r.x + origin.x, y: r.y + origin.y }));
}
