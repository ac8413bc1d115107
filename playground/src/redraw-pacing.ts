/**
 * When the playground may redraw its canvas while the document keeps changing. Figma draws its
 * canvas natively and only what changed; the playground rebuilds it as DOM, which for a 48-image
 * grid costs ~15 ms of script and about as much again of style, layout and paint. Redrawn in
 * every frame a cell landed in, that took the page's main thread from the plugin's controller,
 * which shares it (as it shares Figma's). So a redraw of the plugin's changes waits until the last
 * one's script time is at most `share` of the time since it ended (style, layout and paint cost
 * about as much again): a 1 ms redraw still comes every frame, a 16 ms one ~144 ms after the last.
 */
export interface RedrawPacing {
  /** Whether a pending change may be drawn now. */
  due(now: number): boolean;
  /** A redraw ran from `start` to `end` (performance.now() ms). */
  drawn(start: number, end: number): void;
}

/** The longest a change waits: one slow redraw (a first build, a collection) must not stall the canvas. */
export const MAX_WAIT_MS = 250;

export function createRedrawPacing(share = 0.1): RedrawPacing {
  let lastEnd = -Infinity;
  let lastCost = 0;
  return {
    due: (now) => now - lastEnd >= Math.min(MAX_WAIT_MS, lastCost * (1 / share - 1)),
    drawn(start, end) {
      lastEnd = end;
      lastCost = Math.max(0, end - start);
    },
  };
}
