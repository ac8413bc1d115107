/**
 * A canvas's pixels encoded as a blob, without waiting for an idle moment that may not come.
 * Chromium encodes a main-thread `toBlob` or `OffscreenCanvas.convertToBlob` in idle tasks and
 * starts one unprompted only after 1 s when the page gives it no idle period
 * (canvas_async_blob_creator.cc, kIdleTaskStartTimeoutDelayMs): a panel with nothing to redraw
 * waited ~1.1 s for each WebP it turned into PNG (BENCHMARKS.md). Asking for an idle callback
 * has the scheduler start idle periods, and the encode runs at once.
 */
export function canvasBlob(canvas: OffscreenCanvas | HTMLCanvasElement, type: string): Promise<Blob | null> {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => undefined);
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type });
  return new Promise((resolve) => canvas.toBlob(resolve, type));
}
