/**
 * Who may spend a relay's Replicate token, over real HTTP: a client key (or an explicitly open
 * relay), loopback Host names only (DNS rebinding), Origin `null` plus configured origins,
 * only the routes the panel uses without a key, an optional model allow-list, per-client rate
 * and concurrency limits, and a /health that tells a stranger nothing about the token.
 */
import { createRelay, type RelayConfig } from '../../relay/handler';
import { configFromEnv } from '../../relay/config';
import { startRelay, type StartedRelay } from '../../relay/node';
import { rawRequest, startFakeUpstream, type FakeUpstream } from './fake-upstream';

const SERVER_TOKEN = 'r8_server_SECRET_0123456789';
const KEY = 'team-key-4f1c9a7e2b8d6035';
const OTHER_KEY = 'other-key-77aa11bb22cc33dd';

let upstream: FakeUpstream;
let relay: StartedRelay | undefined;

beforeEach(async () => {
  upstream = await startFakeUpstream();
});
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await upstream.close();
});

async function start(config: Partial<RelayConfig> = {}): Promise<StartedRelay> {
  relay = await startRelay(
    { upstream: upstream.url, downloadHosts: [upstream.host], streamHosts: [upstream.host], maxBodyBytes: 1024 * 1024, serverToken: SERVER_TOKEN, clientKeys: [KEY, OTHER_KEY], ...config },
    { port: 0 },
  );
  return relay;
}

const json = (body: Buffer) => JSON.parse(body.toString());

describe('a token-holding relay', () => {
  it('refuses to start without client keys unless told to run open, from the environment and in code', () => {
    expect(() => configFromEnv({ REPLICATE_API_TOKEN: SERVER_TOKEN })).toThrow(/RELAY_CLIENT_KEYS.*RELAY_ALLOW_ANONYMOUS=1/);
    expect(() => configFromEnv({ REPLICATE_API_TOKEN: SERVER_TOKEN, RELAY_CLIENT_KEYS: 'short' })).toThrow(/at least 16/);
    expect(configFromEnv({ REPLICATE_API_TOKEN: SERVER_TOKEN, RELAY_ALLOW_ANONYMOUS: '1' }).allowAnonymous).toBe(true);
    expect(configFromEnv({ REPLICATE_API_TOKEN: SERVER_TOKEN, RELAY_CLIENT_KEYS: KEY }).clientKeys).toEqual([KEY]);
    expect(() => createRelay({ upstream: upstream.url, downloadHosts: [], maxBodyBytes: 1, serverToken: SERVER_TOKEN })).toThrow(/RELAY_CLIENT_KEYS/);
    // A relay without a token (each client sends its own) needs neither.
    expect(() => configFromEnv({})).not.toThrow();
  });

  it('spends the token only for a caller with a valid key; a wrong or missing key never reaches Replicate', async () => {
    const { url } = await start();
    const without = await rawRequest(url, '/v1/models/o/n/predictions', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    const wrong = await rawRequest(url, '/v1/models/o/n/predictions', { method: 'POST', body: '{}', headers: { 'X-Relay-Key': `${KEY}x` } });
    const prefix = await rawRequest(url, '/v1/models/o/n/predictions', { method: 'POST', body: '{}', headers: { 'X-Relay-Key': KEY.slice(0, 8) } });
    expect([without.status, wrong.status, prefix.status]).toEqual([403, 403, 403]);
    expect(json(without.body)).toMatchObject({ title: 'Relay key required' });
    expect(upstream.seen).toHaveLength(0);

    for (const key of [KEY, OTHER_KEY]) {
      const ok = await rawRequest(url, '/v1/models/o/n/predictions', { method: 'POST', body: '{}', headers: { 'X-Relay-Key': key } });
      expect(ok.status).toBe(200);
    }
    expect(upstream.seen.map((s) => s.headers.authorization)).toEqual([`Bearer ${SERVER_TOKEN}`, `Bearer ${SERVER_TOKEN}`]);
    // The key is the relay's business: it is not passed on.
    expect(upstream.seen.every((s) => s.headers['x-relay-key'] === undefined)).toBe(true);
  });

  it('needs the key for /download and /stream too', async () => {
    const { url } = await start();
    upstream.routes.set('/out.png', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png' }).end('png'));
    const target = `/download?url=${encodeURIComponent(`${upstream.url}/out.png`)}`;
    expect((await rawRequest(url, target)).status).toBe(403);
    expect((await rawRequest(url, `/stream?url=${encodeURIComponent(`${upstream.url}/s`)}`)).status).toBe(403);
    expect(upstream.seen).toHaveLength(0);
    expect((await rawRequest(url, target, { headers: { 'X-Relay-Key': KEY } })).status).toBe(200);
  });

  it('lets a browser preflight ask for the X-Relay-Key header', async () => {
    const { url } = await start();
    const response = await rawRequest(url, '/v1/predictions', {
      method: 'OPTIONS',
      headers: { Origin: 'null', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-relay-key' },
    });
    expect(response.status).toBe(204);
    expect(String(response.headers['access-control-allow-headers'])).toMatch(/\bX-Relay-Key\b/);
  });

  it('/health tells a caller without a key only that one is needed', async () => {
    const { url } = await start({ demo: true });
    const stranger = await rawRequest(url, '/health');
    expect(stranger.status).toBe(200);
    expect(json(stranger.body)).toEqual({ ok: true, keyRequired: true });
    expect(stranger.body.toString()).not.toMatch(/serverToken|demo|upstream/);
    const wrong = await rawRequest(url, '/health', { headers: { 'X-Relay-Key': 'not-the-key-at-all-0000' } });
    expect(json(wrong.body)).toEqual({ ok: true, keyRequired: true });
    const member = await rawRequest(url, '/health', { headers: { 'X-Relay-Key': KEY } });
    expect(json(member.body)).toEqual({ ok: true, upstream: upstream.host, serverToken: true, demo: true, envelopes: true, outputFrames: true, batches: true });
  });

  it('run open on purpose, forwards only the routes the panel uses', async () => {
    const { url } = await start({ clientKeys: undefined, allowAnonymous: true });
    const refused: [string, string][] = [
      ['GET', '/v1/account'],
      ['GET', '/v1/files/f1'],
      ['POST', '/v1/models/o/n/versions/v1/trainings'],
      ['GET', '/v1/trainings/t1'],
      ['POST', '/v1/trainings/t1/cancel'],
    ];
    for (const [method, path] of refused) {
      const response = await rawRequest(url, path, { method, body: method === 'POST' ? '{}' : undefined });
      expect([method, path, response.status]).toEqual([method, path, 403]);
    }
    expect(upstream.seen).toHaveLength(0);
    const used: [string, string][] = [
      ['POST', '/v1/predictions'],
      ['POST', '/v1/models/o/n/predictions'],
      ['GET', '/v1/predictions/p1'],
      ['POST', '/v1/predictions/p1/cancel'],
      ['GET', '/v1/models/o/n'],
      ['GET', '/v1/models/o/n/versions/v1'],
      ['POST', '/v1/files'],
    ];
    for (const [method, path] of used) {
      const response = await rawRequest(url, path, { method, body: method === 'POST' ? '{}' : undefined });
      expect([method, path, response.status]).toEqual([method, path, 200]);
    }
    // Open mode reports itself, so the panel knows it needs no token of its own.
    expect(json((await rawRequest(url, '/health')).body)).toMatchObject({ serverToken: true });
  });

  it('forwards trainings, files and the account to a caller with a key', async () => {
    const { url } = await start();
    for (const [method, path] of [['GET', '/v1/account'], ['GET', '/v1/files/f1'], ['GET', '/v1/trainings/t1']]) {
      expect((await rawRequest(url, path, { method, headers: { 'X-Relay-Key': KEY } })).status).toBe(200);
    }
  });
});

describe('Host and Origin', () => {
  it('a loopback relay answers only to loopback names (a rebound DNS name is refused)', async () => {
    const { url } = await start({ clientKeys: undefined, serverToken: undefined });
    for (const host of ['evil.example', `evil.example:${relay!.port}`, '127.0.0.1.nip.io', 'localhost.evil.example']) {
      const response = await rawRequest(url, '/v1/models/o/n', { headers: { Host: host, Authorization: 'Bearer t' } });
      expect([host, response.status]).toEqual([host, 403]);
    }
    // Not even /health or a preflight.
    expect((await rawRequest(url, '/health', { headers: { Host: 'evil.example' } })).status).toBe(403);
    expect(upstream.seen).toHaveLength(0);
    for (const host of [`127.0.0.1:${relay!.port}`, `localhost:${relay!.port}`, 'LOCALHOST', `[::1]:${relay!.port}`]) {
      const response = await rawRequest(url, '/v1/models/o/n', { headers: { Host: host, Authorization: 'Bearer t' } });
      expect([host, response.status]).toEqual([host, 200]);
    }
  });

  it('a relay listening on every address takes the host names it is given', async () => {
    relay = await startRelay(
      { upstream: upstream.url, downloadHosts: [], maxBodyBytes: 1024, allowedHosts: ['relay.example.com'] },
      { port: 0, hostname: '127.0.0.1' },
    );
    expect((await rawRequest(relay.url, '/health', { headers: { Host: 'relay.example.com' } })).status).toBe(200);
    expect((await rawRequest(relay.url, '/health', { headers: { Host: 'other.example.com' } })).status).toBe(403);
  });

  it('answers Origin null (a Figma plugin) and configured origins; refuses other pages, preflights included', async () => {
    const { url } = await start({ clientKeys: undefined, serverToken: undefined, allowedOrigins: ['https://tools.example.com'] });
    const auth = { Authorization: 'Bearer t' };
    expect((await rawRequest(url, '/v1/models/o/n', { headers: { ...auth, Origin: 'null' } })).status).toBe(200);
    expect((await rawRequest(url, '/v1/models/o/n', { headers: { ...auth, Origin: 'https://tools.example.com' } })).status).toBe(200);
    expect((await rawRequest(url, '/v1/models/o/n', { headers: auth })).status).toBe(200);
    const before = upstream.seen.length;
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'https://tools.example.com.evil.example']) {
      const simple = await rawRequest(url, '/v1/models/o/n', { headers: { ...auth, Origin: origin } });
      const preflight = await rawRequest(url, '/v1/predictions', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
      });
      expect([origin, simple.status, preflight.status]).toEqual([origin, 403, 403]);
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    }
    expect(upstream.seen.length).toBe(before);
  });
});

describe('RELAY_ALLOWED_MODELS', () => {
  it('runs listed models by name and listed versions by id, and nothing else', async () => {
    const { url } = await start({
      clientKeys: undefined,
      allowAnonymous: true,
      allowedModels: ['black-forest-labs/flux-schnell', 'acme/logo-model:abc123'],
    });
    const post = (path: string, body: unknown) => rawRequest(url, path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    expect((await post('/v1/models/black-forest-labs/flux-schnell/predictions', { input: {} })).status).toBe(200);
    expect((await rawRequest(url, '/v1/models/black-forest-labs/flux-schnell')).status).toBe(200);
    expect((await post('/v1/predictions', { version: 'abc123', input: {} })).status).toBe(200);
    expect((await post('/v1/predictions', { version: 'acme/logo-model:abc123', input: {} })).status).toBe(200);
    const seen = upstream.seen.length;
    expect(upstream.seen[seen - 1].body.toString()).toBe('{"version":"acme/logo-model:abc123","input":{}}');

    const refused = [
      await post('/v1/models/someone/expensive-video/predictions', { input: {} }),
      await rawRequest(url, '/v1/models/someone/expensive-video'),
      await post('/v1/predictions', { version: 'deadbeef', input: {} }),
      await post('/v1/predictions', { version: 'someone/expensive-video:abc123', input: {} }),
      await post('/v1/predictions', { input: {} }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(json(refused[0].body).title).toBe('Model not allowed');
    expect(upstream.seen.length).toBe(seen);
  });
});

describe('per-client limits', () => {
  it('counts requests a minute per key, with Retry-After, and one key does not use up another', async () => {
    const { url } = await start({ rateLimitPerMinute: 3 });
    const get = (key: string) => rawRequest(url, '/v1/predictions/p1', { headers: { 'X-Relay-Key': key } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(KEY)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await get(KEY);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['access-control-allow-origin']).toBe('*');
    expect((await get(OTHER_KEY)).status).toBe(200);
    expect(upstream.seen).toHaveLength(4);
  });

  it('holds at most maxConcurrent requests in flight per client, released when each body ends', async () => {
    const { url } = await start({ maxConcurrent: 2 });
    const holds: (() => void)[] = [];
    upstream.earlyRoutes.set('/v1/predictions/slow', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id":');
      holds.push(() => res.end('"slow"}'));
    });
    const first = rawRequest(url, '/v1/predictions/slow', { headers: { 'X-Relay-Key': KEY } });
    const second = rawRequest(url, '/v1/predictions/slow', { headers: { 'X-Relay-Key': KEY } });
    while (holds.length < 2) await new Promise((r) => setTimeout(r, 20));
    const third = await rawRequest(url, '/v1/predictions/p1', { headers: { 'X-Relay-Key': KEY } });
    expect(third.status).toBe(429);
    expect((await rawRequest(url, '/v1/predictions/p1', { headers: { 'X-Relay-Key': OTHER_KEY } })).status).toBe(200);
    holds.forEach((release) => release());
    expect((await first).status).toBe(200);
    await second;
    expect((await rawRequest(url, '/v1/predictions/p1', { headers: { 'X-Relay-Key': KEY } })).status).toBe(200);
  });
});
