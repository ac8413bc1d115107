/**
 * Token buckets per API token, like Replicate's limits: prediction creates 600/min, everything
 * else 3000/min (a bucket holds a minute's worth and refills continuously).
 */

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(
    private readonly createPerMinute: number,
    private readonly otherPerMinute: number,
  ) {}

  /** Takes one token; returns 0 if allowed, else the seconds until one is available. */
  take(token: string, isCreate: boolean, now = Date.now()): number {
    const perMinute = isCreate ? this.createPerMinute : this.otherPerMinute;
    const key = `${isCreate ? 'create' : 'other'}:${token}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: perMinute, updated: now };
      this.buckets.set(key, b);
    }
    const perMs = perMinute / 60000;
    b.tokens = Math.min(perMinute, b.tokens + (now - b.updated) * perMs);
    b.updated = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}
