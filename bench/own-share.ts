/**
 * The plugin's own share of a run's overhead: the overhead windows (click → create request,
 * last output available → last node filled) minus the time the page's main thread spent in
 * what Figma does natively — the playground redrawing its canvas and the Figma fake hashing
 * image bytes in figma.createImage — as the page noted them (window.__playground.timings).
 */

export type Interval = [number, number];

/** How much of [from, to] the intervals cover (overlaps counted once). */
export function coveredMs(intervals: Interval[], from: number, to: number): number {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as Interval)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of clipped) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

export interface OwnShare {
  /** Click → create request, minus drawing and hashing in that window. */
  ownBeforeCreateMs: number;
  /** Last output available → last node filled, minus drawing and hashing in that window. */
  ownAfterOutputMs: number;
  /** What was subtracted, by kind, over both windows. */
  renderMs: number;
  createImageMs: number;
  renders: number;
}

export function ownShare(
  timings: { render: Interval[]; createImage: Interval[] },
  windows: { clickAt: number; createAt: number; lastOutputAt: number; lastFillAt: number },
): OwnShare {
  const both = [...timings.render, ...timings.createImage];
  const before: Interval = [windows.clickAt, windows.createAt];
  const after: Interval = [windows.lastOutputAt, windows.lastFillAt];
  const within = (list: Interval[]) => coveredMs(list, ...before) + coveredMs(list, ...after);
  return {
    ownBeforeCreateMs: before[1] - before[0] - coveredMs(both, ...before),
    ownAfterOutputMs: after[1] - after[0] - coveredMs(both, ...after),
    renderMs: within(timings.render),
    createImageMs: within(timings.createImage),
    renders: timings.render.filter(([s, e]) => (e > before[0] && s < before[1]) || (e > after[0] && s < after[1])).length,
  };
}
