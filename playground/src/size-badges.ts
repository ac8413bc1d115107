/**
 * Where the selection's size badges go, in screen pixels. Each badge sits centred under its
 * layer; a badge that would cover one already placed moves down a row, and one that still
 * collides is left out (its layer's outline keeps the size as a tooltip) rather than drawn
 * over another. Badges are clamped into the view, so a layer larger than the screen (high zoom)
 * still shows its size, and keep their fixed pixel size, so they read the same at any zoom.
 */
export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space between a layer and its badge, and kept between badges and the view's edges. */
export const BADGE_GAP = 6;
const ROWS = 2;

/** One rect per badge (same order as `layers`), or null when it is left out. */
export function layoutSizeBadges(
  layers: readonly ScreenRect[],
  badges: readonly { width: number; height: number }[],
  view: { width: number; height: number },
): (ScreenRect | null)[] {
  const placed: ScreenRect[] = [];
  return layers.map((layer, i) => {
    const { width, height } = badges[i];
    if (!intersects(layer, { x: 0, y: 0, ...view })) return null;
    const x = clamp(layer.x + layer.width / 2 - width / 2, BADGE_GAP, view.width - width - BADGE_GAP);
    for (let row = 0; row < ROWS; row++) {
      const y = clamp(layer.y + layer.height + BADGE_GAP + row * (height + 2), BADGE_GAP, view.height - height - BADGE_GAP);
      const box = { x, y, width, height };
      if (placed.every((p) => !intersects(p, box, 1))) {
        placed.push(box);
        return box;
      }
    }
    return null;
  });
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** Overlap test with an optional margin, so badges never touch. */
export function intersects(a: ScreenRect, b: ScreenRect, margin = 0): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}
