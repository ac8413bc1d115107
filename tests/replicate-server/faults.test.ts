import { routeMatches, type FakeReplicate } from '../fakes/replicate';
import { api, start } from './helpers';

let server: FakeReplicate;
beforeAll(async () => {
  server = await start();
});
afterEach(() => server.faults.clear());
afterAll(() => server.close());

const CREATE = '/v1/models/black-forest-labs/flux-schnell/predictions';

describe('route syntax', () => {
  it('matches methods and segments', () => {
    expect(routeMatches('POST /v1/models/*/*/predictions', 'POST', CREATE)).toBe(true);
    expect(routeMatches('GET /v1/predictions/*', 'GET', '/v1/predictions/abc')).toBe(true);
    expect(routeMatches('GET /v1/predictions/*', 'POST', '/v1/predictions/abc/cancel')).toBe(false);
    expect(routeMatches('GET /delivery/*', 'GET', '/delivery/abc/out-0.png')).toBe(true);
    expect(routeMatches('GET /delivery/*', 'HEAD', '/delivery/abc/out-0.png')).toBe(true);
    expect(routeMatches('GET /v1/account', 'GET', '/v1/accounts')).toBe(false);
    expect(routeMatches('*', 'DELETE', '/anything')).toBe(true);
    expect(routeMatches('* /v1/account', 'POST', '/v1/account')).toBe(true);
  });
});

describe('scripted faults', () => {
  it('429 with Retry-After, then normal again', async () => {
    server.faults.next('POST /v1/models/*/*/predictions', { kind: 'status', status: 429, retryAfter: 3 });
    const before = server.faults.count;
    const r = await api(server, 'POST', CREATE, { input: { prompt: 'x' } });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(r.json).toEqual({ title: 'Too Many Requests', detail: 'Request was throttled. Your rate limit resets in ~3s.', status: 429 });
    expect(server.faults.count).toBe(before + 1);
    expect((await api(server, 'POST', CREATE, { input: { prompt: 'x' } })).status).toBe(201);
  });

  it('a custom body such as an HTML error page, `times` times', async () => {
    server.faults.next('GET /v1/predictions/*', { kind: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>', contentType: 'text/html' }, 2);
    const created = await api(server, 'POST', CREATE, { input: { prompt: 'x' } });
    for (let i = 0; i < 2; i++) {
      const r = await api(server, 'GET', `/v1/predictions/${created.json.id}`);
      expect(r.status).toBe(502);
      expect(r.headers.get('content-type')).toBe('text/html');
      expect(r.text).toContain('Bad Gateway');
    }
    expect(server.faults.pending).toBe(0);
    expect((await api(server, 'GET', `/v1/predictions/${created.json.id}`)).status).toBe(200);
  });

  it('drop destroys the socket (fetch rejects)', async () => {
    server.faults.next('*', { kind: 'drop' });
    await expect(fetch(`${server.url}/v1/account`, { headers: { authorization: 'Bearer r8_test_token' } })).rejects.toThrow();
    expect((await api(server, 'GET', '/v1/account')).status).toBe(200);
  });

  it('delay answers late', async () => {
    server.faults.next('GET /v1/account', { kind: 'delay', ms: 250 });
    const t0 = Date.now();
    expect((await api(server, 'GET', '/v1/account')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('fail-prediction and cancel-upstream shape the created prediction', async () => {
    server.faults.next('POST *', { kind: 'fail-prediction', error: 'Director: unexpected error handling prediction (E8765)' });
    // A GET does not consume a prediction fault.
    expect((await api(server, 'GET', '/v1/account')).status).toBe(200);
    const a = await api(server, 'POST', CREATE, { input: { prompt: 'x' } }, { prefer: 'wait' });
    expect(a.json).toMatchObject({ status: 'failed', error: 'Director: unexpected error handling prediction (E8765)' });
    server.faults.next(`POST ${CREATE}`, { kind: 'cancel-upstream' });
    const b = await api(server, 'POST', CREATE, { input: { prompt: 'x' } }, { prefer: 'wait' });
    expect(b.json.status).toBe('canceled');
  });

  it('a scripted delivery fault', async () => {
    const r = await api(server, 'POST', CREATE, { input: { prompt: 'x' } }, { prefer: 'wait' });
    server.faults.next('GET /delivery/*', { kind: 'status', status: 503 });
    expect((await fetch(r.json.output[0])).status).toBe(503);
    expect((await fetch(r.json.output[0])).status).toBe(200);
  });
});

describe('random faults', () => {
  it('fire at roughly the given rate, reproducibly for a seed', async () => {
    const run = async () => {
      const s = await start({ seed: 1234 });
      try {
        s.faults.random(0.3, ['status', 'delay']);
        const codes: number[] = [];
        for (let i = 0; i < 40; i++) codes.push((await api(s, 'GET', '/v1/account')).status);
        return { codes, count: s.faults.count, kinds: s.faults.fired.map((f) => f.fault.kind) };
      } finally {
        await s.close();
      }
    };
    const a = await run();
    const b = await run();
    expect(a.count).toBeGreaterThan(3);
    expect(a.count).toBeLessThan(25);
    expect(b).toEqual(a);
  });
});

describe('limits and credit', () => {
  it('token bucket answers 429 with Retry-After', async () => {
    const s = await start({ rateLimits: { createPerMinute: 3, otherPerMinute: 5 } });
    try {
      for (let i = 0; i < 3; i++) expect((await api(s, 'POST', CREATE, { input: { prompt: 'x' } })).status).toBe(201);
      const r = await api(s, 'POST', CREATE, { input: { prompt: 'x' } });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.json.detail).toMatch(/^Request was throttled\. Your rate limit resets in ~\d+s\.$/);
      for (let i = 0; i < 5; i++) expect((await api(s, 'GET', '/v1/account')).status).toBe(200);
      expect((await api(s, 'GET', '/v1/account')).status).toBe(429);
    } finally {
      await s.close();
    }
  });

  it('402 for a token without credit', async () => {
    const s = await start({ noCreditTokens: ['r8_broke'] });
    try {
      const r = await api(s, 'POST', CREATE, { input: { prompt: 'x' } }, { authorization: 'Bearer r8_broke' });
      expect(r.status).toBe(402);
      expect(r.json).toMatchObject({ title: 'Insufficient credit', status: 402 });
      expect((await api(s, 'GET', '/v1/account', undefined, { authorization: 'Bearer r8_broke' })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
