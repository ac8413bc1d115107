/**
 * Per-client request rate (a token bucket refilled per minute) and requests in flight, so
 * one client of a token-holding relay cannot spend the token as fast as it likes. A client is
 * its relay key (or "anonymous" on an open relay).
 */

export interface LimitOptions {
  perMinute: number;
  maxConcurrent: number;
  now?: () => number;
}

export type Admission = { ok: true; release: () => void } | { ok: false; reason: 'rate' | 'concurrency'; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updated: number;
  inFlight: number;
}

export function createClientLimits(options: LimitOptions): (client: string) => Admission {
  const now = options.now ?? (() => Date.now());
  const buckets = new Map<string, Bucket>();
  const perMs = options.perMinute / 60_000;
  return (client) => {
    const at = now();
    let bucket = buckets.get(client);
    if (!bucket) {
      bucket = { tokens: options.perMinute, updated: at, inFlight: 0 };
      buckets.set(client, bucket);
    }
    bucket.tokens = Math.min(options.perMinute, bucket.tokens + (at - bucket.updated) * perMs);
    bucket.updated = at;
    if (bucket.inFlight >= options.maxConcurrent) return { ok: false, reason: 'concurrency', retryAfterSeconds: 1 };
    if (bucket.tokens < 1) return { ok: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    bucket.tokens -= 1;
    bucket.inFlight++;
    const held = bucket;
    let released = false;
    return {
      ok: true,
      release() {
        if (released) return;
        released = true;
        held.inFlight--;
      },
    };
  };
}
