import { options } from 'preact';

/** Renders still happen this long after a change when the panel gets no frames (hidden, throttled). */
export const HIDDEN_RENDER_DELAY_MS = 100;

/**
 * Coalesces the panel's re-renders to one per frame. Preact's default renders a microtask after
 * each change, and the results of a grid arrive in separate tasks (each cell's answer, image and
 * placement): a 48-image Explore re-rendered the job list a few hundred times in under a second,
 * most of them never seen. A person sees frames, so one render per frame shows the same; a
 * panel that gets no frames (hidden, or throttled in the background) still renders, a little later.
 */
export function renderPerFrame(
  raf: (cb: () => void) => unknown = (cb) => requestAnimationFrame(cb),
  later: (cb: () => void, ms: number) => unknown = (cb, ms) => setTimeout(cb, ms),
): void {
  options.debounceRendering = (flush) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      flush();
    };
    raf(once);
    later(once, HIDDEN_RENDER_DELAY_MS);
  };
}
