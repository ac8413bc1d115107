import { intersects, placeGrid, gridCells, GAP } from '../../shared/layout';

const square = { width: 100, height: 100 };

describe('placeGrid', () => {
  it('puts results to the right of the anchor, top-aligned', () => {
    const rects = placeGrid({ cells: [square, square], anchor: { x: 0, y: 0, width: 200, height: 200 }, obstacles: [] });
    expect(rects[0].x).toBeGreaterThan(200);
    expect(rects[0].y).toBe(0);
    expect(rects[1].x).toBe(rects[0].x + 100 + GAP);
  });

  it('never overlaps anything already on the canvas', () => {
    const anchor = { x: 0, y: 0, width: 200, height: 200 };
    const obstacles = [anchor, { x: 260, y: -50, width: 300, height: 400 }, { x: 700, y: 50, width: 50, height: 50 }];
    const rects = placeGrid({ cells: [square, square, square, square], anchor, obstacles });
    for (const r of rects) for (const o of obstacles) expect(intersects(r, o)).toBe(false);
  });

  it('centres on the viewport without an anchor', () => {
    const rects = placeGrid({ cells: [square], center: { x: 500, y: 500 }, obstacles: [] });
    expect(rects[0]).toEqual({ x: 450, y: 450, width: 100, height: 100 });
  });

  it('wraps more than four cells into rows', () => {
    const rects = gridCells(Array.from({ length: 6 }, () => square));
    expect(new Set(rects.map((r) => r.y)).size).toBe(2);
    expect(rects[4].x).toBe(0);
  });
});
