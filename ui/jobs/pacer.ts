import { abortableSleep } from '../replicate/retrying-fetch';

/**
 * Keeps prediction creates under Replicate's limit (600 a minute) across every job in the
 * panel, so many presses in a row are spread out instead of answered with 429s. The burst is
 * the largest single press (a 48-image Explore grid): Replicate allows short bursts above the
 * rate (replicate.com/docs/topics/predictions/rate-limits), and with 10 the 48th create of a
 * grid waited 3.9 s (BENCHMARKS.md, Explore).
 */
export const DEFAULT_BURST = 48;

export interface Pacer {
  take(signal?: AbortSignal): Promise<void>;
}

export function createPacer(perMinute = 600, burst = DEFAULT_BURST, now: () => number = Date.now): Pacer {
  // The first burst comes out of the same minute: refill only what is left of it, so no
  // 60-second window ever holds more than `perMinute` creates (burst + refill <= perMinute).
  const refillPerMs = Math.max(1, perMinute - burst) / 60_000;
  let tokens = burst;
  let updated = now();
  let queue: Promise<void> = Promise.resolve();

  function refill(): void {
    const t = now();
    tokens = Math.min(burst, tokens + (t - updated) * refillPerMs);
    updated = t;
  }

  return {
    take(signal) {
      // Chained so that callers are served in order.
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) {
          await abortableSleep(Math.ceil((1 - tokens) / refillPerMs), signal);
          refill();
        }
        tokens -= 1;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
