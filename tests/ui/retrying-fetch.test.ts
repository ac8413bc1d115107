import Replicate from 'replicate';
import { createRetryingFetch } from '../../ui/replicate/retrying-fetch';

type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'network-error';

/** A scripted upstream: answers in order, then repeats the last answer. */
function scripted(replies: Reply[]) {
  const calls: { url: string; method: string }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET' });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === 'network-error') throw new TypeError('fetch failed');
    return new Response(reply.body ?? '{}', { status: reply.status, headers: reply.headers });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function harness(replies: Reply[], options: { maxAttempts?: number; frozenClock?: boolean } = {}) {
  const upstream = scripted(replies);
  const sleeps: number[] = [];
  let clock = 0;
  const retrying = createRetryingFetch({
    fetch: upstream.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      if (!options.frozenClock) clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    maxAttempts: options.maxAttempts,
  });
  return { retrying, sleeps, calls: upstream.calls };
}

const throttled = (seconds: number): Reply => ({
  status: 429,
  headers: { 'Retry-After': String(seconds), 'Content-Type': 'application/json' },
  body: JSON.stringify({ detail: `Request was throttled. Your rate limit resets in ~${seconds}s.` }),
});

describe('retrying fetch', () => {
  it('waits as long as Retry-After says before retrying a 429', async () => {
    const { retrying, sleeps, calls } = harness([throttled(7), { status: 200 }]);
    const response = await retrying('http://relay/v1/predictions', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(7000);
    expect(sleeps[0]).toBeLessThan(7300);
  });

  it('reads the "resets in ~Ns" body when there is no Retry-After header', async () => {
    const { retrying, sleeps } = harness([
      { status: 429, body: '{"detail":"Request was throttled. Your rate limit resets in ~12s."}' },
      { status: 200 },
    ]);
    await retrying('http://relay/v1/predictions', { method: 'POST' });
    expect(sleeps[0]).toBeGreaterThanOrEqual(12_000);
  });

  it('backs off exponentially on 5xx for GET', async () => {
    const { retrying, sleeps, calls } = harness([{ status: 502 }, { status: 503 }, { status: 500 }, { status: 200 }]);
    const response = await retrying('http://relay/v1/predictions/abc');
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(4);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0]);
    expect(sleeps[2]).toBeGreaterThan(sleeps[1]);
  });

  it('does not retry a POST that got a 5xx (it may have created a prediction)', async () => {
    const { retrying, calls } = harness([{ status: 500 }, { status: 200 }]);
    const response = await retrying('http://relay/v1/predictions', { method: 'POST' });
    expect(response.status).toBe(500);
    expect(calls).toHaveLength(1);
  });

  it('retries network errors for GET only', async () => {
    const get = harness(['network-error', { status: 200 }]);
    await expect(get.retrying('http://relay/v1/predictions/a')).resolves.toHaveProperty('status', 200);
    const post = harness(['network-error', { status: 200 }]);
    await expect(post.retrying('http://relay/v1/predictions', { method: 'POST' })).rejects.toThrow('fetch failed');
    expect(post.calls).toHaveLength(1);
  });

  it('gives up on a Retry-After too long to sit through and returns the 429', async () => {
    const { retrying, calls } = harness([throttled(600)]);
    const response = await retrying('http://relay/v1/predictions', { method: 'POST' });
    expect(response.status).toBe(429);
    expect(calls).toHaveLength(1);
  });

  it('keeps the replicate client from multiplying attempts after we give up', async () => {
    const { retrying, calls } = harness([throttled(1)], { maxAttempts: 3 });
    const client = new Replicate({ auth: 'r8_x', baseUrl: 'http://relay/v1', fetch: retrying, useFileOutput: false });
    await expect(client.predictions.create({ model: 'a/b', input: {} })).rejects.toMatchObject({ name: 'ApiError' });
    // Without the replay, replicate 1.4.0 would call again 5 more times at ~0 ms.
    expect(calls).toHaveLength(3);
  });

  it('makes every request wait while one is throttled (the limit is per account)', async () => {
    // The clock stands still, so the throttle window is still open for the second request.
    const { retrying, sleeps } = harness([throttled(5), { status: 200 }, { status: 200 }], { frozenClock: true });
    await retrying('http://relay/v1/predictions', { method: 'POST' });
    const before = sleeps.length;
    await retrying('http://relay/v1/predictions/x');
    expect(sleeps.length).toBe(before + 1);
    expect(sleeps[before]).toBeGreaterThanOrEqual(5000);
  });

  it('does not wait when the throttle window has passed', async () => {
    const { retrying, sleeps } = harness([throttled(5), { status: 200 }, { status: 200 }]);
    await retrying('http://relay/v1/predictions', { method: 'POST' });
    const before = sleeps.length;
    await retrying('http://relay/v1/predictions/x');
    expect(sleeps.length).toBe(before);
  });
});
