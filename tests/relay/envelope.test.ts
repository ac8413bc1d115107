/**
 * Calls sent as simple requests (a text/plain POST to /call, which needs no CORS preflight
 * from the panel's null origin): the relay unwraps them and applies the same gate and routes.
 */
import { createRelay, type RelayConfig } from '../../relay/handler';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import type { Envelope } from '../../shared/relay-envelope';

const RELAY = 'http://relay.test';
const SERVER_TOKEN = 'r8_server_SECRET_9876543210';
const KEY = 'team-key-0123456789abcdef';
let upstream: FakeUpstream;

beforeEach(async () => {
  upstream = await startFakeUpstream();
});
afterEach(async () => upstream.close());

function relay(overrides: Partial<RelayConfig> = {}) {
  return createRelay({ upstream: upstream.url, downloadHosts: [upstream.host], maxBodyBytes: 1024 * 1024, ...overrides });
}

const call = (envelope: Partial<Envelope> | string, origin = 'null') =>
  new Request(`${RELAY}/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: origin },
    body: typeof envelope === 'string' ? envelope : JSON.stringify(envelope),
  });

it('forwards the inner call with its method, path, body and allowed headers only', async () => {
  const response = await relay()(
    call({
      method: 'POST',
      path: '/v1/models/a/b/predictions?x=1',
      headers: { authorization: 'Bearer r8_client', prefer: 'wait=5', 'content-type': 'application/json', cookie: 'no' } as Envelope['headers'],
      body: '{"input":{"prompt":"a fox"}}',
    }),
  );
  expect(response.status).toBe(200);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  const [seen] = upstream.seen;
  expect([seen.method, seen.url]).toEqual(['POST', '/v1/models/a/b/predictions?x=1']);
  expect(seen.headers.authorization).toBe('Bearer r8_client');
  expect(seen.headers.prefer).toBe('wait=5');
  expect(seen.headers.cookie).toBeUndefined();
  expect(seen.body.toString()).toBe('{"input":{"prompt":"a fox"}}');
});

it('keeps the gate: a foreign origin is refused and a token-holding relay needs the key inside the envelope', async () => {
  const guarded = relay({ serverToken: SERVER_TOKEN, clientKeys: [KEY] });
  const get = { method: 'GET', path: '/v1/predictions/p1', headers: {} } as Envelope;
  expect((await guarded(call(get, 'https://evil.example'))).status).toBe(403);
  expect((await guarded(call(get))).status).toBe(403);
  expect(upstream.seen).toHaveLength(0);
  const ok = await guarded(call({ ...get, headers: { 'x-relay-key': KEY } }));
  expect(ok.status).toBe(200);
  expect(upstream.seen[0].headers.authorization).toBe(`Bearer ${SERVER_TOKEN}`);
});

it.each([
  ['not JSON', 'nope'],
  ['another method', JSON.stringify({ method: 'DELETE', path: '/v1/predictions/p1', headers: {} })],
  ['a route outside the relay’s', JSON.stringify({ method: 'GET', path: '/webhooks/replicate', headers: {} })],
  ['itself', JSON.stringify({ method: 'POST', path: '/call', headers: {}, body: '{}' })],
  ['a path that climbs', JSON.stringify({ method: 'GET', path: '/v1/../health', headers: {} })],
  ['a GET with a body', JSON.stringify({ method: 'GET', path: '/v1/predictions/p1', headers: {}, body: 'x' })],
])('refuses an envelope with %s, forwarding nothing', async (_what, body) => {
  const response = await relay()(call(body));
  expect(response.status).toBe(400);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(upstream.seen).toHaveLength(0);
});

it('refuses an envelope larger than the body limit allows', async () => {
  const big = { method: 'POST', path: '/v1/predictions', headers: {}, body: 'x'.repeat(3 * 1024 * 1024) } as Envelope;
  expect((await relay()(call(big))).status).toBe(413);
  expect(upstream.seen).toHaveLength(0);
});

it('says on /health that it takes envelopes', async () => {
  expect(await (await relay()(new Request(`${RELAY}/health`))).json()).toMatchObject({ envelopes: true });
});
