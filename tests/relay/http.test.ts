/**
 * The relay over real HTTP (startRelay, @hono/node-server): what the plugin's UI iframe
 * actually talks to.
 */
import { createHash } from 'node:crypto';
import { startRelay, type StartedRelay } from '../../relay/node';
import { rawRequest, startFakeUpstream, type FakeUpstream } from './fake-upstream';

let upstream: FakeUpstream;
let relay: StartedRelay;
let logs: string[];

beforeEach(async () => {
  upstream = await startFakeUpstream();
  logs = [];
  relay = await startRelay(
    {
      upstream: upstream.url,
      downloadHosts: ['replicate.delivery', '*.replicate.delivery', upstream.host],
      maxBodyBytes: 8 * 1024 * 1024,
      log: (line) => logs.push(line),
    },
    { port: 0 },
  );
});
afterEach(async () => {
  await relay.close();
  await upstream.close();
});

it('listens on 127.0.0.1 and reports health', async () => {
  expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const response = await fetch(`${relay.url}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, upstream: upstream.host, serverToken: false, demo: false, envelopes: true, outputFrames: true, batches: true });
});

it('answers a browser preflight from a null origin', async () => {
  const response = await rawRequest(relay.url, '/v1/models/o/n/predictions', {
    method: 'OPTIONS',
    headers: { Origin: 'null', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, prefer, cancel-after' },
  });
  expect(response.status).toBe(204);
  expect(response.headers).toMatchObject({
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, Prefer, Cancel-After, X-Relay-Key',
    'access-control-max-age': '86400',
    'access-control-expose-headers': 'Retry-After',
  });
  expect(upstream.seen).toHaveLength(0);
});

it('forwards only the allowed headers', async () => {
  const response = await rawRequest(relay.url, '/v1/predictions', {
    method: 'POST',
    headers: {
      Authorization: 'Bearer r8_http_client',
      'Content-Type': 'application/json',
      Prefer: 'wait=60',
      'Cancel-After': '5m',
      Cookie: 'figma=session',
      'X-Forwarded-For': '1.2.3.4',
      Origin: 'null',
    },
    body: '{"version":"abc","input":{}}',
  });
  expect(response.status).toBe(200);
  expect(response.headers['access-control-allow-origin']).toBe('*');
  const seen = upstream.seen[0];
  expect(seen.headers).toMatchObject({ authorization: 'Bearer r8_http_client', prefer: 'wait=60', 'cancel-after': '5m', 'content-type': 'application/json' });
  expect(seen.headers.cookie).toBeUndefined();
  expect(seen.headers['x-forwarded-for']).toBeUndefined();
  expect(seen.headers.origin).toBeUndefined();
  expect(seen.body.toString()).toBe('{"version":"abc","input":{}}');
});

it.each(['/v1/predictions/../../admin', '/v1/predictions/..%2f..%2faccount', '/v1/predictions/%2e%2e/%2e%2e/admin', '/v1/files/a%2Fb', '/v1/../secret'])(
  'refuses traversal %s without calling upstream',
  async (path) => {
    const response = await rawRequest(relay.url, path, { headers: { Authorization: 'Bearer t' } });
    expect(response.status).toBe(404);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(response.body.toString()).detail).toEqual(expect.any(String));
    expect(upstream.seen).toHaveLength(0);
  },
);

it('forwards a bodiless POST (cancel) with and without Content-Length: 0', async () => {
  const a = await rawRequest(relay.url, '/v1/predictions/p1/cancel', { method: 'POST', headers: { Authorization: 'Bearer t', 'Content-Length': '0' } });
  const b = await rawRequest(relay.url, '/v1/trainings/t1/cancel', { method: 'POST', headers: { Authorization: 'Bearer t' } });
  const c = await fetch(`${relay.url}/v1/predictions/p2/cancel`, { method: 'POST', headers: { Authorization: 'Bearer t' } });
  expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
  expect(upstream.seen.map((s) => `${s.method} ${s.url} ${s.body.length} ${s.complete}`)).toEqual([
    'POST /v1/predictions/p1/cancel 0 true',
    'POST /v1/trainings/t1/cancel 0 true',
    'POST /v1/predictions/p2/cancel 0 true',
  ]);
});

it('refuses an oversized upload by Content-Length with 413 before upstream sees it', async () => {
  const response = await rawRequest(relay.url, '/v1/files', {
    method: 'POST',
    headers: { Authorization: 'Bearer t', 'Content-Type': 'application/octet-stream', 'Content-Length': String(9 * 1024 * 1024) },
    body: Buffer.alloc(9 * 1024 * 1024),
  }).catch((error: NodeJS.ErrnoException) => ({ status: -1, headers: {}, body: Buffer.from(String(error.code)) }));
  // The relay answers 413 at once; a client still writing may instead see the socket close.
  expect([413, -1]).toContain(response.status);
  expect(upstream.seen).toHaveLength(0);
  expect(logs.some((line) => / 413 /.test(line))).toBe(true);
});

it('streams an upload to upstream with its length', async () => {
  const bytes = Buffer.alloc(5 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 13) % 256;
  const response = await rawRequest(relay.url, '/v1/files', {
    method: 'POST',
    headers: { Authorization: 'Bearer t', 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': String(bytes.length) },
    body: bytes,
  });
  expect(response.status).toBe(200);
  expect(upstream.seen[0].headers['content-length']).toBe(String(bytes.length));
  expect(upstream.seen[0].body.equals(bytes)).toBe(true);
});

it('streams a 50 MB download without buffering it', async () => {
  const CHUNK = 1024 * 1024;
  const COUNT = 50;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let written = 0;
  let finished = false;
  const sent = createHash('sha256');
  upstream.earlyRoutes.set('/big.bin', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(CHUNK * COUNT) });
    void (async () => {
      for (let i = 0; i < COUNT; i++) {
        const chunk = Buffer.alloc(CHUNK, i);
        sent.update(chunk);
        res.write(chunk);
        written += CHUNK;
        // Hold everything after the first chunk until the client has seen bytes.
        if (i === 0) await gate;
        if (res.writableNeedDrain) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
      finished = true;
    })();
  });

  const response = await fetch(`${relay.url}/download?url=${encodeURIComponent(`${upstream.url}/big.bin`)}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-length')).toBe(String(CHUNK * COUNT));
  expect(response.headers.get('access-control-allow-origin')).toBe('*');

  const reader = response.body!.getReader();
  const received = createHash('sha256');
  let total = 0;
  let firstChunkBeforeUpstreamFinished: boolean | undefined;
  let writtenWhilePaused = -1;
  for (;;) {
    const next = reader.read();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { done, value } =
      total === 0
        ? await Promise.race([
            next,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error('no bytes arrived: the relay is buffering')), 10_000);
            }),
          ]).finally(() => clearTimeout(timer))
        : await next;
    if (done) break;
    if (total === 0) {
      firstChunkBeforeUpstreamFinished = !finished && written < CHUNK * COUNT;
      release();
    }
    received.update(value);
    const before = total;
    total += value.byteLength;
    if (before < 10 * CHUNK && total >= 10 * CHUNK) {
      // Stop reading for a moment: backpressure must hold the upstream back.
      await new Promise((resolve) => setTimeout(resolve, 300));
      writtenWhilePaused = written;
    }
  }
  expect(firstChunkBeforeUpstreamFinished).toBe(true);
  expect(total).toBe(CHUNK * COUNT);
  expect(received.digest('hex')).toBe(sent.digest('hex'));
  expect(writtenWhilePaused).toBeGreaterThan(0);
  expect(writtenWhilePaused).toBeLessThan(CHUNK * COUNT);
});

it('close() stops listening', async () => {
  const url = relay.url;
  await relay.close();
  await expect(fetch(`${url}/health`)).rejects.toThrow();
  relay = await startRelay({ upstream: upstream.url, downloadHosts: [], maxBodyBytes: 1 }, { port: 0 }); // for afterEach
});
