/**
 * The relay's Workers entry on the real runtime: relay/worker.ts bundled as a module Worker and
 * run in workerd through Miniflare, with Miniflare's local R2 as the KEPT_OUTPUTS bucket, in front
 * of the Replicate protocol server (which sends its signed webhooks to the Worker over HTTP).
 */
import { FRAMES_TYPE, readFrames, type AnswerHead, type FileHead, type Frame } from '../../shared/relay-frames';
import { workerScript } from '../support/worker-script';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { startFakeReplicate, type FakeReplicate } from '../fakes/replicate';
import { newWebhookSecret, signPayload } from '../fakes/replicate/webhook-sender';
import { closedPort } from './fake-upstream';

const TOKEN = 'r8_test_token';
const KEY = 'team-key-4f1c9a7e2b8d6035';
const OTHER_KEY = 'other-key-77aa11bb22cc33dd';

jest.setTimeout(60_000);
// workerd's console (one line per request) reaches this process's console; the tests read answers.
beforeEach(() => void jest.spyOn(console, 'log').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

let script: string;
let fake: FakeReplicate;

beforeAll(async () => {
  script = await workerScript(join(__dirname, '../..'));
  fake = await startFakeReplicate({ latencyMs: 150, outputScale: 0.05, webhookRetryDelaysMs: [150, 400, 800] });
});
afterAll(async () => {
  await fake?.close();
});

/** Miniflare's R2 bucket and Worker handles (their full types need @cloudflare/workers-types). */
type Bucket = { list(options: { prefix: string }): Promise<{ objects: { key: string }[] }> };
const bucketOf = async (mf: Miniflare) => (await mf.getR2Bucket('KEPT_OUTPUTS')) as unknown as Bucket;

interface Worker {
  mf: Miniflare;
  url: string;
  call(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
}

async function startWorker(vars: Record<string, string> = {}, publicUrl?: (own: string) => string): Promise<Worker> {
  const port = await closedPort();
  const own = `http://127.0.0.1:${port}`;
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2025-01-01',
    host: '127.0.0.1',
    port,
    r2Buckets: ['KEPT_OUTPUTS'],
    bindings: {
      REPLICATE_API_TOKEN: TOKEN,
      REPLICATE_API_BASE: fake.url,
      RELAY_CLIENT_KEYS: `${KEY},${OTHER_KEY}`,
      RELAY_DOWNLOAD_HOSTS: new URL(fake.url).host,
      RELAY_PUBLIC_URL: publicUrl ? publicUrl(own) : own,
      ...vars,
    },
  });
  const url = (await mf.ready).origin;
  return {
    mf,
    url,
    call(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.key !== null) headers.set('X-Relay-Key', init.key ?? KEY);
      return fetch(url + path, { ...init, headers });
    },
  };
}

async function create(worker: Worker, key = KEY): Promise<string> {
  const response = await worker.call('/v1/models/black-forest-labs/flux-schnell/predictions', {
    method: 'POST',
    key,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ input: { prompt: 'a heron', num_outputs: 2 } }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function finished(id: string): Promise<Record<string, unknown>> {
  while (!fake.predictions.get(id)?.completed_at) await new Promise((r) => setTimeout(r, 20));
  return (await (await fetch(`${fake.url}/v1/predictions/${id}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as Record<string, unknown>;
}

describe('the Workers entry in workerd', () => {
  let worker: Worker;
  beforeAll(async () => {
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.mf.dispose();
  });

  it('answers health, preflights with CORS, and needs the key on relayed routes', async () => {
    expect(await (await worker.call('/health', { key: null })).json()).toEqual({ ok: true, keyRequired: true });
    expect(await (await worker.call('/health')).json()).toEqual({ ok: true, upstream: new URL(fake.url).host, serverToken: true, demo: false, envelopes: true, outputFrames: true, keepsOutputs: true });
    const preflight = await worker.call('/v1/predictions', { method: 'OPTIONS', key: null, headers: { Origin: 'null', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Relay-Key/);
    expect((await worker.call('/v1/models/o/n', { key: null })).status).toBe(403);
    expect((await worker.call('/v1/models/o/n', { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await worker.call('/v1/deployments')).status).toBe(404);
    const model = await worker.call('/v1/models/black-forest-labs/flux-schnell');
    expect(model.status).toBe(200);
    expect(model.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('streams a download from an allowed host only, as an image', async () => {
    const id = await create(worker);
    const final = await finished(id);
    const target = (final.output as string[])[0];
    const response = await worker.call(`/download?url=${encodeURIComponent(target)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.equals(Buffer.from(await (await fetch(target)).arrayBuffer()))).toBe(true);
    expect((await worker.call(`/download?url=${encodeURIComponent('https://example.com/x.png')}`)).status).toBe(403);
  });

  it('sends a finished prediction\'s files behind its answer when the panel asks, in workerd', async () => {
    const created = await worker.call('/v1/models/black-forest-labs/flux-schnell/predictions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Prefer: 'wait=10', 'X-Relay-Inline': 'frames' },
      body: JSON.stringify({ input: { prompt: 'a heron', num_outputs: 2 } }),
    });
    expect(created.headers.get('content-type')).toBe(FRAMES_TYPE);
    const frames: Frame[] = [];
    for await (const frame of readFrames(created.body!)) frames.push(frame);
    const [answer, ...files] = frames;
    const prediction = JSON.parse(new TextDecoder().decode(answer.body)) as { id: string; status: string; output: string[] };
    expect(prediction.status).toBe('succeeded');
    expect([...(answer.head as AnswerHead).files!].sort()).toEqual([...prediction.output].sort());
    expect(files).toHaveLength(2);
    for (const { head, body } of files) {
      expect(head).toMatchObject({ i: 0, status: 200, type: expect.stringMatching(/^image\//) });
      const url = (head as FileHead).file;
      expect(prediction.output).toContain(url);
      expect(Buffer.from(body).equals(Buffer.from(await (await fetch(url)).arrayBuffer()))).toBe(true);
    }
  });

  it('creates with the webhook, keeps the outputs in R2 on the signed completion, and reads them back for that key only', async () => {
    const id = await create(worker);
    const creates = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));
    expect(creates[creates.length - 1].body).toMatchObject({ webhook: `${worker.url}/webhooks/replicate`, webhook_events_filter: ['completed'] });
    const final = await finished(id);
    await fake.webhooksSettled();
    expect(fake.webhooks.filter((w) => w.predictionId === id).pop()?.status).toBe(200);

    const bucket = await bucketOf(worker.mf);
    const listed = await bucket.list({ prefix: `kept/${id}/` });
    expect(listed.objects.map((o) => o.key).sort()).toEqual([`kept/${id}/0`, `kept/${id}/1`, `kept/${id}/record.json`]);

    const kept = (await (await worker.call(`/kept/${id}`)).json()) as { output: string[]; status: string };
    expect(kept).toMatchObject({ status: 'succeeded', output: [`${worker.url}/kept/${id}/0`, `${worker.url}/kept/${id}/1`] });
    for (const [index, url] of (final.output as string[]).entries()) {
      const copy = await worker.call(`/kept/${id}/${index}`);
      expect(copy.headers.get('content-type')).toMatch(/^image\//);
      const bytes = Buffer.from(await copy.arrayBuffer());
      expect(bytes.equals(Buffer.from(await (await fetch(url)).arrayBuffer()))).toBe(true);
    }
    expect((await worker.call(`/kept/${id}`, { key: OTHER_KEY })).status).toBe(404);
    expect((await worker.call(`/kept/${id}/0`, { key: null })).status).toBe(403);
  });

  it('verifies deliveries: bad signature, stale, unsigned and unknown are refused, a replay changes nothing', async () => {
    // This Worker's public URL goes nowhere: deliveries are sent by hand.
    const manual = await startWorker({}, () => `http://127.0.0.1:${1}`);
    try {
      const id = await create(manual);
      const final = await finished(id);
      const body = JSON.stringify(final);
      const now = Math.floor(Date.now() / 1000);
      const send = (headers: Record<string, string>, text = body) =>
        fetch(`${manual.url}/webhooks/replicate`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: text });
      const signed = (msg: string, at: number, secret = fake.webhookSecret, text = body) => ({
        'webhook-id': msg,
        'webhook-timestamp': String(at),
        'webhook-signature': signPayload(secret, msg, at, text),
      });
      expect((await send({})).status).toBe(401);
      expect((await send(signed('m1', now, newWebhookSecret()))).status).toBe(401);
      expect((await send(signed('m1', now - 600))).status).toBe(401);
      const unknown = JSON.stringify({ ...final, id: 'zzzzzzzzzzzzzzzzzzzzzzzzzz' });
      expect((await send(signed('m2', now, fake.webhookSecret, unknown), unknown)).status).toBe(404);
      expect((await manual.call(`/kept/${id}`)).status).toBe(404);

      expect((await send(signed('m3', now))).status).toBe(200);
      expect((await manual.call(`/kept/${id}`)).status).toBe(200);
      expect((await send(signed('m3', now))).status).toBe(409);
    } finally {
      await manual.mf.dispose();
    }
  });
});

it('in workerd, deletes kept outputs after RELAY_KEEP_DAYS, when read and on the cron sweep', async () => {
  // Three seconds, in days.
  const worker = await startWorker({ RELAY_KEEP_DAYS: String(3 / 86_400) });
  try {
    const a = await create(worker);
    const b = await create(worker);
    await finished(a);
    await finished(b);
    await fake.webhooksSettled();
    expect((await worker.call(`/kept/${a}/0`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3200));
    expect((await worker.call(`/kept/${a}`)).status).toBe(410);
    const bucket = await bucketOf(worker.mf);
    expect((await bucket.list({ prefix: `kept/${a}/` })).objects).toEqual([]);
    expect((await bucket.list({ prefix: `kept/${b}/` })).objects.length).toBe(3);
    const fetcher = (await worker.mf.getWorker()) as unknown as { scheduled(event: { cron: string }): Promise<unknown> };
    await fetcher.scheduled({ cron: '17 3 * * *' });
    expect((await bucket.list({ prefix: 'kept/' })).objects).toEqual([]);
  } finally {
    await worker.mf.dispose();
  }
});

it('in workerd, a public URL without the R2 binding is a misconfiguration (500, reason in the log only)', async () => {
  const port = await closedPort();
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2025-01-01',
    host: '127.0.0.1',
    port,
    bindings: { REPLICATE_API_TOKEN: TOKEN, RELAY_CLIENT_KEYS: KEY, RELAY_PUBLIC_URL: 'https://relay.example' },
  });
  try {
    const url = (await mf.ready).origin;
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ title: 'Relay misconfigured' });
  } finally {
    await mf.dispose();
  }
});

it('wrangler.toml deploys this entry with the bucket binding the Worker reads', () => {
  const toml = require('node:fs').readFileSync(join(__dirname, '../../wrangler.toml'), 'utf8') as string;
  expect(toml).toMatch(/^main = "relay\/worker\.ts"$/m);
  expect(toml).toMatch(/\[\[r2_buckets\]\]\s*\nbinding = "KEPT_OUTPUTS"\s*\nbucket_name = "[a-z0-9-]+"/);
  expect(toml).toMatch(/^RELAY_KEEP_DAYS = "30"$/m);
  expect(toml).toMatch(/\[triggers\]\s*\ncrons = \["[^"]+"\]/);
  expect(require('node:fs').readFileSync(join(__dirname, '../../relay/worker.ts'), 'utf8')).toMatch(/KEPT_BUCKET_BINDING = 'KEPT_OUTPUTS'/);
});
