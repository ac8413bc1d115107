/**
 * Inlined outputs: asked with X-Relay-Inline (inside an envelope), a succeeded prediction
 * comes back with its files inside it as data URLs; too large, failing, unfinished or not
 * asked, it comes back as Replicate sent it.
 */
import { createRelay } from '../../relay/handler';
import { base64 } from '../../relay/inline-outputs';
import { ENVELOPE_PATH, type Envelope } from '../../shared/relay-envelope';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';

const RELAY = 'http://relay.test';
let api: FakeUpstream;
let cdn: FakeUpstream;

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 13) % 256))]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(10_000, 7)]);

function relay() {
  return createRelay({ upstream: api.url, allowAnonymous: true, downloadHosts: [cdn.host], maxBodyBytes: 1024 * 1024 });
}

function answer(body: Record<string, unknown>) {
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: 'p1', ...body }));
  };
}

/** A create sent the way the panel sends it: one envelope, the ask inside. */
async function create(ask = true): Promise<{ status: number; prediction: { output: unknown } }> {
  const envelope: Envelope = {
    method: 'POST',
    path: '/v1/models/black-forest-labs/flux-schnell/predictions',
    headers: { authorization: 'Bearer r8_client', 'content-type': 'application/json', prefer: 'wait=10', ...(ask ? { 'x-relay-inline': 'outputs' } : {}) },
    body: JSON.stringify({ input: { prompt: 'a fox' } }),
  };
  const response = await relay()(new Request(`${RELAY}${ENVELOPE_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(envelope) }));
  return { status: response.status, prediction: (await response.json()) as { output: unknown } };
}

const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;

beforeEach(async () => {
  api = await startFakeUpstream();
  cdn = await startFakeUpstream();
  cdn.routes.set('/out-0.jpg', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length }).end(jpeg));
  cdn.routes.set('/out-1.png', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png));
});
afterEach(async () => {
  await api.close();
  await cdn.close();
});

it('puts a succeeded prediction\'s files inside its answer when asked, and asks Replicate nothing new', async () => {
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/out-0.jpg`, `${cdn.url}/out-1.png`] }));
  const { status, prediction } = await create();
  expect(status).toBe(201);
  expect(prediction.output).toEqual([dataUrl('image/jpeg', jpeg), dataUrl('image/png', png)]);
  // The ask is the relay's own: not passed on.
  expect(api.seen[0].headers['x-relay-inline']).toBeUndefined();
});

it('keeps the text of an output object and swaps only its files', async () => {
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: { background: `${cdn.url}/out-1.png`, texts: [{ text: 'SALE' }] } }));
  const { prediction } = await create();
  expect(prediction.output).toEqual({ background: dataUrl('image/png', png), texts: [{ text: 'SALE' }] });
});

it('answers as Replicate did when not asked, unfinished, or a file is missing', async () => {
  const urls = [`${cdn.url}/out-0.jpg`, `${cdn.url}/gone.png`];
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: urls }));
  cdn.routes.set('/gone.png', (_req, res) => void res.writeHead(404).end());
  expect((await create()).prediction.output).toEqual(urls);
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/out-0.jpg`] }));
  expect((await create(false)).prediction.output).toEqual([`${cdn.url}/out-0.jpg`]);
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'processing', output: null }));
  expect((await create()).prediction.output).toBeNull();
});

it('leaves files too large to carry to the panel\'s own downloads', async () => {
  const big = Buffer.alloc(9 * 1024 * 1024, 1);
  cdn.routes.set('/big.png', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': big.length }).end(big));
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/big.png`] }));
  expect((await create()).prediction.output).toEqual([`${cdn.url}/big.png`]);
});

it('says at /health that it can, and a relay that warms outputs inlines too when asked', async () => {
  const body = (await (await relay()(new Request(`${RELAY}/health`))).json()) as { inlineOutputs?: boolean };
  expect(body.inlineOutputs).toBe(true);
  const warming = createRelay({ upstream: api.url, allowAnonymous: true, downloadHosts: [cdn.host], maxBodyBytes: 1024 * 1024, warmOutputs: true });
  expect(((await (await warming(new Request(`${RELAY}/health`))).json()) as { inlineOutputs?: boolean }).inlineOutputs).toBe(true);
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/out-0.jpg`] }));
  const created = (ask: boolean) =>
    warming(
      new Request(`${RELAY}/v1/models/black-forest-labs/flux-schnell/predictions`, {
        method: 'POST',
        headers: { Authorization: 'Bearer r8_client', 'Content-Type': 'application/json', ...(ask ? { 'X-Relay-Inline': 'outputs' } : {}) },
        body: '{"input":{}}',
      }),
    );
  expect(((await (await created(true)).json()) as { output: unknown }).output).toEqual([dataUrl('image/jpeg', jpeg)]);
  // Not asked: answered at once with the URL (the file is warmed for the download: warm-outputs.test.ts).
  expect(((await (await created(false)).json()) as { output: unknown }).output).toEqual([`${cdn.url}/out-0.jpg`]);
});

it('encodes base64 exactly, across its chunks, without Node', () => {
  const bytes = new Uint8Array(70_001).map((_, i) => (i * 131 + 7) % 256);
  expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  expect(base64(new Uint8Array())).toBe('');
});
