/**
 * The relay handler called directly with Web Requests, forwarding over real HTTP to a
 * tiny local upstream.
 */
import { createRelay, type RelayConfig } from '../../relay/handler';
import { closedPort, startFakeUpstream, type FakeUpstream } from './fake-upstream';

const CLIENT_TOKEN = 'r8_client_SECRET_0123456789';
const SERVER_TOKEN = 'r8_server_SECRET_9876543210';
const RELAY = 'http://relay.test';

let upstream: FakeUpstream;
let logs: string[];

function relay(overrides: Partial<RelayConfig> = {}) {
  return createRelay({
    upstream: upstream.url,
    downloadHosts: ['replicate.delivery', '*.replicate.delivery', upstream.host],
    maxBodyBytes: 1024 * 1024,
    log: (line) => logs.push(line),
    ...overrides,
  });
}

beforeEach(async () => {
  upstream = await startFakeUpstream();
  logs = [];
});
afterEach(async () => {
  await upstream.close();
});

function expectCors(response: Response) {
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
}

describe('CORS', () => {
  it('answers preflights for any path with the allowed methods and headers', async () => {
    for (const path of ['/v1/predictions', '/v1/models/a/b/predictions', '/download', '/nope']) {
      const response = await relay()(
        new Request(RELAY + path, {
          method: 'OPTIONS',
          headers: { Origin: 'null', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,prefer' },
        }),
      );
      expect(response.status).toBe(204);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type, Prefer, Cancel-After, X-Relay-Key',
        'access-control-max-age': '86400',
        'access-control-expose-headers': 'Retry-After',
      });
    }
    expect(upstream.seen).toHaveLength(0);
  });

  it('puts CORS on success and on every kind of error', async () => {
    const handler = relay();
    const auth = { Authorization: `Bearer ${CLIENT_TOKEN}` };
    const responses = await Promise.all([
      handler(new Request(`${RELAY}/v1/account`, { headers: auth })),
      handler(new Request(`${RELAY}/v1/account`)),
      handler(new Request(`${RELAY}/v1/collections`, { headers: auth })),
      handler(new Request(`${RELAY}/download?url=${encodeURIComponent('https://evil.com/x')}`)),
      handler(new Request(`${RELAY}/health`)),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 403, 200]);
    responses.forEach(expectCors);
  });
});

describe('forwarding', () => {
  it('forwards method, path, body and only the allowed headers', async () => {
    const body = JSON.stringify({ input: { prompt: 'a red fox' } });
    const response = await relay()(
      new Request(`${RELAY}/v1/models/black-forest-labs/flux-schnell/predictions`, {
        method: 'POST',
        body,
        headers: {
          Authorization: `Bearer ${CLIENT_TOKEN}`,
          'Content-Type': 'application/json',
          Prefer: 'wait=5',
          'Cancel-After': '1m',
          Cookie: 'session=stolen',
          'X-Custom': 'nope',
          Origin: 'null',
          Referer: 'https://www.figma.com/',
        },
      }),
    );
    expect(response.status).toBe(200);
    expectCors(response);
    expect(upstream.seen).toHaveLength(1);
    const seen = upstream.seen[0];
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/models/black-forest-labs/flux-schnell/predictions');
    expect(seen.body.toString()).toBe(body);
    expect(seen.headers.authorization).toBe(`Bearer ${CLIENT_TOKEN}`);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.prefer).toBe('wait=5');
    expect(seen.headers['cancel-after']).toBe('1m');
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['x-custom']).toBeUndefined();
    expect(seen.headers.origin).toBeUndefined();
    expect(seen.headers.referer).toBeUndefined();
  });

  it.each([
    ['POST', '/v1/predictions'],
    ['GET', '/v1/predictions/p1'],
    ['POST', '/v1/predictions/p1/cancel'],
    ['GET', '/v1/models/o/n'],
    ['GET', '/v1/models/o/n/versions/v1'],
    ['POST', '/v1/files'],
    ['GET', '/v1/files/f1'],
    ['POST', '/v1/models/o/n/versions/v1/trainings'],
    ['GET', '/v1/trainings/t1'],
    ['POST', '/v1/trainings/t1/cancel'],
    ['GET', '/v1/account'],
    ['POST', '/v1/models'],
  ])('forwards %s %s', async (method, path) => {
    const response = await relay()(
      new Request(RELAY + path, { method, headers: { Authorization: `Bearer ${CLIENT_TOKEN}` }, body: method === 'POST' ? '{}' : undefined }),
    );
    expect(response.status).toBe(200);
    expect(upstream.seen.map((s) => `${s.method} ${s.url}`)).toEqual([`${method} ${path}`]);
  });

  it('returns the upstream status, body and headers', async () => {
    upstream.routes.set('/v1/predictions', (_req, res) => {
      const body = JSON.stringify({ title: 'Input validation failed', status: 422, invalid_fields: [] });
      res.writeHead(422, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(body), 'Set-Cookie': 'x=y', 'X-Internal': '1' });
      res.end(body);
    });
    const response = await relay()(new Request(`${RELAY}/v1/predictions`, { method: 'POST', body: '{}', headers: { Authorization: 'Bearer t' } }));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('content-length')).toBe(String((await response.clone().text()).length));
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-internal')).toBeNull();
    expect(await response.json()).toMatchObject({ title: 'Input validation failed' });
  });

  it('passes 429 with Retry-After through', async () => {
    upstream.routes.set('/v1/predictions', (_req, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      res.end(JSON.stringify({ detail: 'Request was throttled. Your rate limit resets in ~7s.', status: 429 }));
    });
    const response = await relay()(new Request(`${RELAY}/v1/predictions`, { method: 'POST', body: '{}', headers: { Authorization: 'Bearer t' } }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expectCors(response);
    expect((await response.json()).detail).toMatch(/throttled/);
  });

  it('refuses unknown routes and wrong methods with 404 JSON without calling upstream', async () => {
    const handler = relay();
    const auth = { Authorization: `Bearer ${CLIENT_TOKEN}` };
    for (const [method, path] of [
      ['GET', '/v1/collections'],
      ['GET', '/v1/predictions'],
      ['DELETE', '/v1/predictions/p1'],
      ['POST', '/v1/deployments/o/d/predictions'],
      ['GET', '/v2/predictions/p1'],
      ['GET', '/admin'],
      ['PUT', '/download'],
    ]) {
      const response = await handler(new Request(RELAY + path, { method, headers: auth }));
      expect(response.status).toBe(404);
      expectCors(response);
      expect(typeof (await response.json()).detail).toBe('string');
    }
    expect(upstream.seen).toHaveLength(0);
  });

  it('refuses encoded traversal and encoded slashes', async () => {
    const handler = relay();
    for (const path of ['/v1/predictions/..%2F..%2Fadmin', '/v1/predictions/a%2Fb', '/v1/files/%5c..%5cx', '/v1/models/o/n%2F..%2F..%2Fx']) {
      const response = await handler(new Request(RELAY + path, { headers: { Authorization: 'Bearer t' } }));
      expect(response.status).toBe(404);
      expect((await response.json()).detail).toMatch(/not allowed/);
    }
    expect(upstream.seen).toHaveLength(0);
  });
});

describe('tokens', () => {
  it('answers 401 in Replicate\'s shape when there is no token anywhere', async () => {
    const response = await relay()(new Request(`${RELAY}/v1/predictions`, { method: 'POST', body: '{}' }));
    expect(response.status).toBe(401);
    expectCors(response);
    const body = await response.json();
    expect(body).toMatchObject({ title: 'Unauthenticated', status: 401 });
    expect(body.detail).toMatch(/token/i);
    expect(upstream.seen).toHaveLength(0);
  });

  it('uses the server token in place of the client\'s header', async () => {
    const handler = relay({ serverToken: SERVER_TOKEN, allowAnonymous: true });
    await handler(new Request(`${RELAY}/v1/models/o/n`, { headers: { Authorization: `Bearer ${CLIENT_TOKEN}` } }));
    await handler(new Request(`${RELAY}/v1/models/o/n`));
    expect(upstream.seen.map((s) => s.headers.authorization)).toEqual([`Bearer ${SERVER_TOKEN}`, `Bearer ${SERVER_TOKEN}`]);
  });

  it('forwards model creation (Train a style) on a token-holding relay only with a relay key', async () => {
    const handler = relay({ serverToken: SERVER_TOKEN, clientKeys: ['team-key-0123456789abcdef'] });
    const create = (headers: Record<string, string>) =>
      handler(new Request(`${RELAY}/v1/models`, { method: 'POST', body: '{"owner":"o","name":"n","visibility":"private","hardware":"gpu-t4"}', headers }));
    const refused = await create({});
    expect(refused.status).not.toBe(200);
    expect(upstream.seen).toHaveLength(0);
    const forwarded = await create({ 'X-Relay-Key': 'team-key-0123456789abcdef' });
    expect(forwarded.status).toBe(200);
    expect(upstream.seen.map((s) => `${s.method} ${s.url} ${s.headers.authorization}`)).toEqual([`POST /v1/models Bearer ${SERVER_TOKEN}`]);
  });

  it('never logs tokens, headers or download query strings', async () => {
    const handler = relay({ serverToken: SERVER_TOKEN, allowAnonymous: true });
    await handler(new Request(`${RELAY}/v1/models/o/n`, { headers: { Authorization: `Bearer ${CLIENT_TOKEN}` } }));
    await handler(new Request(`${RELAY}/v1/predictions`, { method: 'POST', body: '{}', headers: { Authorization: `Token ${CLIENT_TOKEN}` } }));
    const secretUrl = `${upstream.url}/file.png?sig=QUERY_SECRET`;
    await handler(new Request(`${RELAY}/download?url=${encodeURIComponent(secretUrl)}`));
    await relay()(new Request(`${RELAY}/v1/account?token=${CLIENT_TOKEN}`, { headers: { Authorization: `Bearer ${CLIENT_TOKEN}` } }));
    expect(logs).toHaveLength(4);
    const all = logs.join('\n');
    expect(all).not.toContain(CLIENT_TOKEN);
    expect(all).not.toContain(SERVER_TOKEN);
    expect(all).not.toContain('QUERY_SECRET');
    expect(all).not.toMatch(/bearer|authorization/i);
    expect(logs[0]).toMatch(/^GET \/v1\/models\/o\/n 200 \d+ms$/);
    expect(logs[2]).toMatch(new RegExp(`^GET /download ${upstream.host} 200 \\d+ms$`));
  });
});

describe('failures', () => {
  it('answers 502 when upstream is unreachable', async () => {
    const port = await closedPort();
    const response = await relay({ upstream: `http://127.0.0.1:${port}` })(new Request(`${RELAY}/v1/account`, { headers: { Authorization: 'Bearer t' } }));
    expect(response.status).toBe(502);
    expectCors(response);
    const body = await response.json();
    expect(body.title).toBe('Relay could not reach Replicate');
    // The host is named; the network error (its resolved address, internal codes) is not.
    expect(body.detail).toBe(`127.0.0.1:${port}: the relay could not connect.`);
  });

  it('answers 504 when upstream does not answer in time', async () => {
    upstream.routes.set('/v1/account', () => {
      /* never answers */
    });
    const response = await relay({ upstreamTimeoutMs: 200 })(new Request(`${RELAY}/v1/account`, { headers: { Authorization: 'Bearer t' } }));
    expect(response.status).toBe(504);
    expectCors(response);
  });

  it('refuses a declared oversized body at once with 413', async () => {
    const handler = relay({ maxBodyBytes: 1000 });
    const response = await handler(
      new Request(`${RELAY}/v1/files`, { method: 'POST', body: 'x'.repeat(2000), headers: { Authorization: 'Bearer t', 'Content-Length': '2000' } }),
    );
    expect(response.status).toBe(413);
    expectCors(response);
    expect(upstream.seen).toHaveLength(0);
  });

  it('cuts off a streamed body that passes the limit, and upstream never gets it whole', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const response = await relay({ maxBodyBytes: 1024 * 1024 })(
      new Request(`${RELAY}/v1/files`, { method: 'POST', body, headers: { Authorization: 'Bearer t' }, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(413);
    expectCors(response);
    expect(sent).toBeLessThan(40);
    expect(upstream.seen.filter((s) => s.complete)).toHaveLength(0);
  });

  it('sends a create on whole with its length, even one that came streamed without a length', async () => {
    const json = JSON.stringify({ input: { prompt: 'a fox' } });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // In two pieces, as a slow client sends it.
        const bytes = new TextEncoder().encode(json);
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const response = await relay()(
      new Request(`${RELAY}/v1/models/o/n/predictions`, { method: 'POST', body, headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' }, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(200);
    expect(upstream.seen[0].headers['content-length']).toBe(String(Buffer.byteLength(json)));
    expect(upstream.seen[0].headers['transfer-encoding']).toBeUndefined();
    expect(upstream.seen[0].body.toString()).toBe(json);
  });

  it('refuses a streamed create that passes the limit, and upstream never sees it', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const response = await relay({ maxBodyBytes: 1024 * 1024 })(
      new Request(`${RELAY}/v1/predictions`, { method: 'POST', body, headers: { Authorization: 'Bearer t' }, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(413);
    expectCors(response);
    expect(sent).toBeLessThan(40);
    expect(upstream.seen).toHaveLength(0);
  });

  it('streams a body under the limit through', async () => {
    const bytes = new Uint8Array(300 * 1024).map((_, i) => i % 251);
    const response = await relay()(
      new Request(`${RELAY}/v1/files`, { method: 'POST', body: bytes, headers: { Authorization: 'Bearer t', 'Content-Type': 'multipart/form-data; boundary=x' } }),
    );
    expect(response.status).toBe(200);
    expect(Buffer.compare(upstream.seen[0].body, Buffer.from(bytes))).toBe(0);
  });
});

describe('health', () => {
  it('reports the upstream host and whether a server token is set, never the token', async () => {
    for (const path of ['/', '/health']) {
      const response = await relay({ serverToken: SERVER_TOKEN, allowAnonymous: true, upstream: 'https://api.replicate.com' })(new Request(RELAY + path));
      expect(response.status).toBe(200);
      expectCors(response);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ ok: true, upstream: 'api.replicate.com', serverToken: true, demo: false, envelopes: true, outputFrames: true });
      expect(text).not.toContain(SERVER_TOKEN);
    }
    const plain = await relay()(new Request(`${RELAY}/health`));
    expect((await plain.json()).serverToken).toBe(false);
  });
});

describe('health, as a Worker reached over HTTP/2 sees it', () => {
  it('says the caller is multiplexed only when the runtime says it came over HTTP/2 or 3', async () => {
    const over = (protocol?: string) => {
      const request = new Request(`${RELAY}/health`);
      if (protocol) Object.defineProperty(request, 'cf', { value: { httpProtocol: protocol } });
      return relay()(request).then((r) => r.json() as Promise<{ multiplexed?: boolean }>);
    };
    expect((await over('HTTP/2')).multiplexed).toBe(true);
    expect((await over('HTTP/3')).multiplexed).toBe(true);
    expect((await over('HTTP/1.1')).multiplexed).toBeUndefined();
    expect((await over()).multiplexed).toBeUndefined();
  });
});
