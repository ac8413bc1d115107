/**
 * Keeping outputs past Replicate's hour, on the Node entry with its folder store, against the
 * Replicate protocol server: the webhook injected into creates, signed deliveries verified
 * (valid, bad signature, replay, stale, unknown prediction, unsigned), outputs copied and read
 * back only by the key that created them, retention, and nothing changed without a public URL.
 */
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeReplicate, type FakeReplicate } from '../fakes/replicate';
import { newWebhookSecret, signPayload } from '../fakes/replicate/webhook-sender';
import { configFromEnv, createRelay, type RelayConfig } from '../../relay/handler';
import { folderStore } from '../../relay/folder-store';
import { startRelay, type StartedRelay } from '../../relay/node';
import { closedPort } from './fake-upstream';
import { waitFor } from '../support/wait-for';

const TOKEN = 'r8_test_token';
const KEY = 'team-key-4f1c9a7e2b8d6035';
const OTHER_KEY = 'other-key-77aa11bb22cc33dd';
const DAY = 86_400_000;

let fake: FakeReplicate;
let relay: StartedRelay | undefined;
let dir: string;
let offset = 0;
let log: string[];

beforeEach(async () => {
  offset = 0;
  log = [];
  dir = mkdtempSync(join(tmpdir(), 'kept-'));
  fake = await startFakeReplicate({ latencyMs: 150, outputScale: 0.05, webhookRetryDelaysMs: [100, 300, 600] });
});
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A relay whose public URL is its own address (or `publicUrl`, e.g. a dead one, to send deliveries by hand). */
async function start(config: Partial<RelayConfig> = {}, publicUrl?: string): Promise<StartedRelay> {
  const port = await closedPort();
  relay = await startRelay(
    {
      ...configFromEnv({}),
      upstream: fake.url,
      downloadHosts: [new URL(fake.url).host],
      serverToken: TOKEN,
      clientKeys: [KEY, OTHER_KEY],
      publicUrl: publicUrl ?? `http://127.0.0.1:${port}`,
      keepStore: folderStore(dir),
      now: () => Date.now() + offset,
      log: (line) => log.push(line),
      ...config,
    },
    { port },
  );
  return relay;
}

const call = (path: string, init: RequestInit & { key?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('X-Relay-Key', init.key ?? KEY);
  return fetch(relay!.url + path, { ...init, headers });
};

async function create(body: Record<string, unknown> = { input: { prompt: 'a fox', num_outputs: 2 } }, key = KEY): Promise<string> {
  const response = await call('/v1/models/black-forest-labs/flux-schnell/predictions', {
    method: 'POST',
    key,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function finished(id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const p = fake.predictions.get(id)!;
    if (p.completed_at) {
      const response = await fetch(`${fake.url}/v1/predictions/${id}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      return (await response.json()) as Record<string, unknown>;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function deliver(payload: unknown, options: { id?: string; secret?: string; at?: number; sign?: boolean } = {}): Promise<Response> {
  const body = JSON.stringify(payload);
  const id = options.id ?? 'msg_test_1';
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.sign !== false) {
    headers['webhook-id'] = id;
    headers['webhook-timestamp'] = String(at);
    headers['webhook-signature'] = signPayload(options.secret ?? fake.webhookSecret, id, at, body);
  }
  // Replicate sends no relay key.
  return fetch(`${relay!.url}/webhooks/replicate`, { method: 'POST', headers, body });
}

const files = () => (existsSync(join(dir, 'kept')) ? readdirSync(join(dir, 'kept'), { recursive: true }).map(String) : []);

describe('with a public URL', () => {
  it('creates predictions and trainings with the relay as their completed-only webhook', async () => {
    const { url } = await start();
    await create();
    await call('/v1/predictions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // A client's own webhook is replaced: the relay's token reports to the relay.
      body: JSON.stringify({ version: 'black-forest-labs/flux-schnell', input: { prompt: 'x' }, webhook: 'https://elsewhere.example/hook' }),
    });
    await call('/v1/models', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ owner: 'test', name: 'style', visibility: 'private', hardware: 'cpu' }) });
    await call('/v1/models/replicate/fast-flux-trainer/versions/x/trainings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ destination: 'test/style', input: {} }) });
    const creates = fake.requests.filter((r) => r.method === 'POST' && /predictions|trainings/.test(r.path));
    expect(creates).toHaveLength(3);
    for (const r of creates) {
      expect(r.body).toMatchObject({ webhook: `${url}/webhooks/replicate`, webhook_events_filter: ['completed'] });
    }
    expect((await call('/health')).status).toBe(200);
    expect(await (await call('/health')).json()).toMatchObject({ keepsOutputs: true });
  });

  it('keeps the outputs of a verified completion and serves them to the key that created it', async () => {
    const { url } = await start();
    const id = await create();
    const original = await finished(id);
    await fake.webhooksSettled();
    expect(fake.webhooks.filter((w) => w.predictionId === id).map((w) => w.status)).toContain(200);

    const kept = await call(`/kept/${id}`);
    expect(kept.status).toBe(200);
    const json = (await kept.json()) as { id: string; status: string; output: string[]; kept_until: string };
    expect(json).toMatchObject({ id, status: 'succeeded', output: [`${url}/kept/${id}/0`, `${url}/kept/${id}/1`] });
    expect(Date.parse(json.kept_until) - Date.now()).toBeGreaterThan(29 * DAY);
    for (const [index, replicateUrl] of (original.output as string[]).entries()) {
      const copy = await call(`/kept/${id}/${index}`);
      expect(copy.status).toBe(200);
      expect(copy.headers.get('content-type')).toMatch(/^image\//);
      expect(copy.headers.get('access-control-allow-origin')).toBe('*');
      expect(copy.headers.get('x-content-type-options')).toBe('nosniff');
      const bytes = Buffer.from(await copy.arrayBuffer());
      expect(bytes.equals(Buffer.from(await (await fetch(replicateUrl)).arrayBuffer()))).toBe(true);
    }
    expect(log.some((line) => /POST \/webhooks\/replicate kept 2 outputs \d+ms \(download \d+ms, storage \d+ms\) 200/.test(line))).toBe(true);

    // Another key sees no such prediction; no key is refused like every other route.
    expect((await call(`/kept/${id}`, { key: OTHER_KEY })).status).toBe(404);
    expect((await call(`/kept/${id}/0`, { key: OTHER_KEY })).status).toBe(404);
    expect((await call(`/kept/${id}`, { key: null })).status).toBe(403);
    expect((await call(`/kept/${id}/2`)).status).toBe(404);
    expect((await call(`/kept/${id}/../x`)).status).toBe(404);
  });

  it('lets a key read what it created and nothing else', async () => {
    await start();
    const mine = await create({ input: { prompt: 'mine' } }, KEY);
    const theirs = await create({ input: { prompt: 'theirs' } }, OTHER_KEY);
    await finished(mine);
    await finished(theirs);
    await fake.webhooksSettled();
    expect((await call(`/kept/${mine}`, { key: KEY })).status).toBe(200);
    expect((await call(`/kept/${theirs}`, { key: KEY })).status).toBe(404);
    expect((await call(`/kept/${theirs}`, { key: OTHER_KEY })).status).toBe(200);
    expect((await call(`/kept/${mine}`, { key: OTHER_KEY })).status).toBe(404);
  });

  describe('refuses deliveries it cannot trust, keeping nothing', () => {
    let id: string;
    let final: Record<string, unknown>;
    beforeEach(async () => {
      // Replicate's own deliveries go nowhere here; these are sent by hand.
      await start({}, `http://127.0.0.1:${await closedPort()}`);
      id = await create();
      final = await finished(id);
    });

    it.each([
      ['unsigned', { sign: false }, 401],
      ['a bad signature', { secret: newWebhookSecret() }, 401],
      ['a stale timestamp', { at: Math.floor(Date.now() / 1000) - 600 }, 401],
      ['a timestamp from the future', { at: Math.floor(Date.now() / 1000) + 600 }, 401],
    ])('%s', async (_name, options, status) => {
      const response = await deliver(final, options);
      expect(response.status).toBe(status);
      expect((await call(`/kept/${id}`)).status).toBe(404);
      expect(files().filter((f) => !f.endsWith('record.json') && !f.endsWith('.type') && f.includes('/'))).toEqual([]);
    });

    it('an unknown prediction (not created through this relay)', async () => {
      const response = await deliver({ ...final, id: 'abcdefghijklmnopqrstuvwxyz' });
      expect(response.status).toBe(404);
      expect(files().some((f) => f.startsWith('abcdefghijklmnopqrstuvwxyz'))).toBe(false);
    });

    it('a valid delivery is kept once; its replay is refused and changes nothing', async () => {
      expect((await deliver(final, { id: 'msg_a' })).status).toBe(200);
      const before = await (await call(`/kept/${id}`)).json();
      const replay = await deliver({ ...final, status: 'failed', output: null }, { id: 'msg_a' });
      expect(replay.status).toBe(409);
      expect(await (await call(`/kept/${id}`)).json()).toEqual(before);
    });
  });

  it('a delivery that overtakes the create reply is retried with the same id and then kept', async () => {
    // The relay gets the create reply only once the first delivery has been answered: left to
    // timing, on a loaded machine the reply sometimes won and nothing overtook anything.
    let held = 0;
    await start({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method === 'POST' && String(input).endsWith('/predictions')) {
          held++;
          await waitFor(() => fake.webhooks.length > 0);
        }
        return response;
      },
    });
    // Sync mode: the prediction ends while the create request is still held open.
    const response = await call('/v1/models/black-forest-labs/flux-schnell/predictions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Prefer: 'wait=5' },
      body: JSON.stringify({ input: { prompt: 'quick' } }),
    });
    const { id } = (await response.json()) as { id: string };
    await fake.webhooksSettled();
    const attempts = fake.webhooks.filter((w) => w.predictionId === id);
    expect(held).toBe(1);
    expect(attempts[0].status).toBe(404);
    expect(new Set(attempts.map((a) => a.id)).size).toBe(1);
    expect(attempts[attempts.length - 1].status).toBe(200);
    expect((await call(`/kept/${id}`)).status).toBe(200);
  });

  it('keeps outputs for RELAY_KEEP_DAYS, then refuses and deletes them', async () => {
    await start({ keepDays: 2 });
    const id = await create();
    await finished(id);
    await fake.webhooksSettled();
    expect((await call(`/kept/${id}/0`)).status).toBe(200);
    offset = 1.9 * DAY;
    expect((await call(`/kept/${id}`)).status).toBe(200);
    offset = 2.1 * DAY;
    expect((await call(`/kept/${id}`)).status).toBe(410);
    expect(files().filter((f) => f.startsWith(id))).toEqual([]);
  });

  it('the sweep deletes every prediction past its retention', async () => {
    await start({ keepDays: 1 });
    const a = await create({ input: { prompt: 'a' } });
    const b = await create({ input: { prompt: 'b' } });
    await finished(a);
    await finished(b);
    await fake.webhooksSettled();
    const handler = createRelay({
      ...configFromEnv({}), upstream: fake.url, downloadHosts: [], serverToken: TOKEN, clientKeys: [KEY],
      publicUrl: 'http://127.0.0.1:1', keepStore: folderStore(dir), now: () => Date.now() + 2 * DAY,
    });
    expect(await handler.sweep!()).toBe(2);
    expect(files().filter((f) => f.startsWith(a) || f.startsWith(b))).toEqual([]);
  });
});

describe('without a public URL', () => {
  it('forwards creates untouched and has no webhook or kept routes', async () => {
    await start({ publicUrl: undefined, keepStore: undefined });
    const id = await create();
    expect(fake.requests.find((r) => r.method === 'POST')!.body).toEqual({ input: { prompt: 'a fox', num_outputs: 2 } });
    await finished(id);
    expect(fake.webhooks).toEqual([]);
    expect((await deliver({ id })).status).toBe(403);
    expect((await call(`/kept/${id}`)).status).toBe(404);
    expect(await (await call('/health')).json()).not.toHaveProperty('keepsOutputs');
  });
});

describe('settings', () => {
  it('needs the relay token and somewhere to keep outputs', () => {
    expect(() => configFromEnv({ RELAY_PUBLIC_URL: 'https://relay.example' })).toThrow(/REPLICATE_API_TOKEN/);
    expect(() => configFromEnv({ RELAY_PUBLIC_URL: 'ftp://relay.example', REPLICATE_API_TOKEN: TOKEN, RELAY_CLIENT_KEYS: KEY })).toThrow(/RELAY_PUBLIC_URL/);
    expect(() => configFromEnv({ RELAY_KEEP_DAYS: '-1' })).toThrow(/RELAY_KEEP_DAYS/);
    const config = configFromEnv({ RELAY_PUBLIC_URL: 'https://relay.example/', REPLICATE_API_TOKEN: TOKEN, RELAY_CLIENT_KEYS: KEY, RELAY_KEEP_DAYS: '7' });
    expect(config).toMatchObject({ publicUrl: 'https://relay.example', keepDays: 7 });
    expect(() => createRelay(config)).toThrow(/nowhere to keep outputs/);
  });
});
