/** Replicate's webhook signatures (Standard Webhooks), checked against an independent node:crypto signer. */
import { signPayload, newWebhookSecret } from '../fakes/replicate/webhook-sender';
import { createSecretSource, sameBytes, verifyWebhook } from '../../relay/webhooks';

const secret = newWebhookSecret();
const body = JSON.stringify({ id: 'p1', status: 'succeeded', output: ['https://replicate.delivery/x/out-0.webp'] });
const bytes = new TextEncoder().encode(body);
const nowMs = 1_800_000_000_000;
const stamp = Math.floor(nowMs / 1000);

function headers(over: Record<string, string | undefined> = {}): Headers {
  const base: Record<string, string | undefined> = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(stamp),
    'webhook-signature': signPayload(secret, 'msg_1', stamp, body),
    ...over,
  };
  const h = new Headers();
  for (const [k, v] of Object.entries(base)) if (v !== undefined) h.set(k, v);
  return h;
}

it.each([
  ['a valid delivery', headers(), bytes, { ok: true, id: 'msg_1', timestamp: stamp }],
  ['one valid entry among several (a rotated secret)', headers({ 'webhook-signature': `v1,AAAA ${signPayload(secret, 'msg_1', stamp, body)} v2,zzz` }), bytes, { ok: true, id: 'msg_1', timestamp: stamp }],
  ['a signature from another secret', headers({ 'webhook-signature': signPayload(newWebhookSecret(), 'msg_1', stamp, body) }), bytes, { ok: false, reason: 'bad-signature' }],
  ['a changed body', headers(), new TextEncoder().encode(body.replace('succeeded', 'failed')), { ok: false, reason: 'bad-signature' }],
  ['a changed id', headers({ 'webhook-id': 'msg_2' }), bytes, { ok: false, reason: 'bad-signature' }],
  ['a timestamp six minutes old', headers({ 'webhook-timestamp': String(stamp - 360), 'webhook-signature': signPayload(secret, 'msg_1', stamp - 360, body) }), bytes, { ok: false, reason: 'stale' }],
  ['a timestamp six minutes ahead', headers({ 'webhook-timestamp': String(stamp + 360), 'webhook-signature': signPayload(secret, 'msg_1', stamp + 360, body) }), bytes, { ok: false, reason: 'stale' }],
  ['no signature', headers({ 'webhook-signature': undefined }), bytes, { ok: false, reason: 'unsigned' }],
  ['no id', headers({ 'webhook-id': undefined }), bytes, { ok: false, reason: 'unsigned' }],
  ['a timestamp that is not a number', headers({ 'webhook-timestamp': '12abc' }), bytes, { ok: false, reason: 'malformed' }],
  ['a signature that is not base64', headers({ 'webhook-signature': 'v1,@@@' }), bytes, { ok: false, reason: 'bad-signature' }],
])('%s', async (_name, h, b, expected) => {
  expect(await verifyWebhook(h, b, secret, { nowMs })).toEqual(expected);
});

it('accepts a timestamp four minutes off (inside the tolerance)', async () => {
  const h = headers({ 'webhook-timestamp': String(stamp - 240), 'webhook-signature': signPayload(secret, 'msg_1', stamp - 240, body) });
  expect((await verifyWebhook(h, bytes, secret, { nowMs })).ok).toBe(true);
});

it('compares whole byte strings', () => {
  expect(sameBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
  expect(sameBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
  expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
});

it('fetches the secret once, again after it ages, and refetches after a mismatch at most once a minute', async () => {
  let t = 0;
  let loads = 0;
  const source = createSecretSource(async () => `whsec_${++loads}`, { now: () => t, ttlMs: 10_000 });
  expect(await source.get()).toBe('whsec_1');
  expect(await source.get()).toBe('whsec_1');
  expect(await source.refresh()).toBeUndefined();
  t = 61_000;
  expect(await source.refresh()).toBe('whsec_2');
  t = 70_000;
  expect(await source.get()).toBe('whsec_2');
  t = 72_000;
  expect(await source.get()).toBe('whsec_3');
});

it('does not keep a failed secret fetch', async () => {
  let fail = true;
  const source = createSecretSource(async () => {
    if (fail) throw new Error('down');
    return 'whsec_ok';
  }, { now: () => 0 });
  await expect(source.get()).rejects.toThrow('down');
  fail = false;
  expect(await source.get()).toBe('whsec_ok');
});
