import { decodeDataUrl } from './data-url';

/** How long an encode may take before the panel encodes at once instead: a base, and per megapixel. */
export const ENCODE_WAIT_MS = 150;
export const ENCODE_WAIT_MS_PER_MEGAPIXEL = 100;

/**
 * A canvas's pixels encoded as a blob, without waiting for an idle moment that may not come.
 * Chromium encodes a main-thread `toBlob` or `OffscreenCanvas.convertToBlob` in idle tasks and
 * starts one unprompted only after 1 s when the page gives it no idle period
 * (canvas_async_blob_creator.cc, kIdleTaskStartTimeoutDelayMs): a panel with nothing to redraw
 * waited ~1.1 s for each WebP it turned into PNG (BENCHMARKS.md). Asking for an idle callback
 * has the scheduler start idle periods, and the encode usually runs at once (2–40 ms for a
 * 1024² image). It does not always: the whole bench still met panels whose encodes waited the
 * 1 s fallback, one after another, even after their own idle callback had run. So an encode
 * that takes longer than an encode should is done again, right away, with the synchronous
 * `toDataURL` (the late one finishes unused).
 */
export async function canvasBlob(canvas: OffscreenCanvas | HTMLCanvasElement, type: string): Promise<Blob | null> {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => undefined);
  const encoded = 'convertToBlob' in canvas ? canvas.convertToBlob({ type }) : new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type));
  const waitMs = ENCODE_WAIT_MS + (ENCODE_WAIT_MS_PER_MEGAPIXEL * canvas.width * canvas.height) / 1e6;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
  const first = await Promise.race([encoded, late]);
  clearTimeout(timer);
  if (first !== 'late') return first;
  const now = encodeNow(canvas, type);
  if (!now) return encoded;
  // The idle encode still finishes some time later; its blob is dropped.
  encoded.catch(() => undefined);
  return now;
}

/** The pixels encoded synchronously (an element canvas's `toDataURL`), or undefined where there is none. */
function encodeNow(canvas: OffscreenCanvas | HTMLCanvasElement, type: string): Blob | undefined {
  let element: HTMLCanvasElement;
  if ('toDataURL' in canvas) element = canvas;
  else {
    if (typeof document === 'undefined') return undefined;
    element = document.createElement('canvas');
    element.width = canvas.width;
    element.height = canvas.height;
    const context = element.getContext('2d');
    if (!context) return undefined;
    context.drawImage(canvas, 0, 0);
  }
  const url = element.toDataURL(type);
  // A type the canvas cannot encode comes back as PNG: that one is left to the idle encode.
  if (!url.startsWith(`data:${type}`)) return undefined;
  return new Blob([decodeDataUrl(url) as BlobPart], { type });
}
