import { options } from 'preact';

/** How long a change waits for others before the panel renders them together: about a frame. */
export const RENDER_BATCH_MS = 16;

/**
 * Renders the panel's changes together, at most about once a frame. Preact's default renders a
 * microtask after each change, and a grid's results arrive in separate tasks (each cell's answer,
 * image and placement): a 48-image Explore re-rendered the job list a few hundred times in under
 * a second, most of them never seen.
 *
 * A timer, not requestAnimationFrame: a panel asking for frames gets no idle periods from
 * Chromium's scheduler, and canvas encoding (toBlob, convertToBlob: ui/images/canvas-blob.ts)
 * runs in idle tasks, so each WebP turned into PNG waited the scheduler's 1 s fallback
 * (BENCHMARKS.md). A timer also keeps rendering in a panel that gets no frames (hidden).
 */
export function batchRenders(later: (cb: () => void, ms: number) => unknown = (cb, ms) => setTimeout(cb, ms)): void {
  options.debounceRendering = (flush) => void later(flush, RENDER_BATCH_MS);
}
