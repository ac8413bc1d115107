/**
 * The `fetch` handed to the `replicate` client. It owns retries, because the client's own
 * retry loop sleeps ~0 ms and ignores Retry-After (FACTS.md). Rules:
 * - 429: wait for Retry-After (or the "resets in ~Ns" in the body), then retry; while one
 *   request waits, every request through this fetch waits too (the limit is per account).
 * - 5xx and network errors: retried for GET only; a POST that may have reached Replicate
 *   could create a second prediction.
 * - Capped exponential back-off with full jitter.
 * When it gives up it hands back the last response; the client then calls it again with
 * the same `init` object a few times in a row, and those calls get the same answer at
 * once instead of starting the whole dance again.
 */

export interface RetryOptions {
  fetch?: typeof fetch;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After we will sit through before giving up and telling the person. */
  maxThrottleWaitMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Told about each wait, so the panel can say "throttled, retrying in 12 s". */
  onWait?: (info: { reason: 'throttled' | 'server-error' | 'network'; ms: number; attempt: number }) => void;
}

type Settled = { response: Response; body: ArrayBuffer } | { error: unknown };

export function createRetryingFetch(options: RetryOptions = {}): typeof fetch {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 20_000;
  const maxThrottleWait = options.maxThrottleWaitMs ?? 90_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const settledByInit = new WeakMap<object, Settled>();
  let blockedUntil = 0;

  async function attempt(input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response> {
    const method = (init?.method ?? 'GET').toUpperCase();
    const idempotent = method === 'GET' || method === 'HEAD';
    for (let attemptNo = 1; ; attemptNo++) {
      const wait = blockedUntil - now();
      if (wait > 0) await sleep(wait, init?.signal ?? undefined);
      const last = attemptNo >= maxAttempts;
      let response: Response;
      try {
        response = await baseFetch(input, init);
      } catch (error) {
        if (isAbort(error) || !idempotent || last) throw error;
        const ms = backoff(attemptNo);
        options.onWait?.({ reason: 'network', ms, attempt: attemptNo });
        await sleep(ms, init?.signal ?? undefined);
        continue;
      }
      if (response.status === 429 && !last) {
        const ms = await throttleDelay(response.clone(), attemptNo);
        if (ms > maxThrottleWait) return response;
        blockedUntil = Math.max(blockedUntil, now() + ms);
        options.onWait?.({ reason: 'throttled', ms, attempt: attemptNo });
        continue;
      }
      if (response.status >= 500 && idempotent && !last) {
        const ms = backoff(attemptNo);
        options.onWait?.({ reason: 'server-error', ms, attempt: attemptNo });
        await sleep(ms, init?.signal ?? undefined);
        continue;
      }
      return response;
    }
  }

  function backoff(attemptNo: number): number {
    const ceiling = Math.min(maxDelay, baseDelay * 2 ** (attemptNo - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  async function throttleDelay(response: Response, attemptNo: number): Promise<number> {
    const header = response.headers.get('retry-after');
    let seconds = header !== null && /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header) : undefined;
    if (seconds === undefined && header) {
      const date = Date.parse(header);
      if (!Number.isNaN(date)) seconds = Math.max(0, (date - now()) / 1000);
    }
    if (seconds === undefined) {
      const text = await response.text().catch(() => '');
      const match = /resets in ~?(\d+(?:\.\d+)?)\s*s/i.exec(text);
      if (match) seconds = Number(match[1]);
    }
    // A little jitter so that parallel requests do not all come back in the same millisecond.
    return seconds !== undefined ? Math.round(seconds * 1000 + random() * 250) : backoff(attemptNo);
  }

  return async function retryingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const key = init as object | undefined;
    const earlier = key ? settledByInit.get(key) : undefined;
    if (earlier) return replay(earlier);
    let settled: Settled;
    try {
      const response = await attempt(input, init);
      if (response.ok) return response;
      // Only failures are kept for replay: the client re-calls us only after one.
      settled = { response, body: await response.arrayBuffer() };
    } catch (error) {
      settled = { error };
    }
    if (key) settledByInit.set(key, settled);
    return replay(settled);
  };
}

function replay(settled: Settled): Response {
  if ('error' in settled) throw settled.error;
  const { response, body } = settled;
  return new Response(body.slice(0), { status: response.status, statusText: response.statusText, headers: response.headers });
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'AbortError';
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}
