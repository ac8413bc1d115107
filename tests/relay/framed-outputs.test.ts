/**
 * Framed outputs: asked with X-Relay-Inline: frames (inside an envelope), a succeeded prediction's
 * answer goes at once and its files follow as raw bytes in the same response; a file that fails
 * or is over the cap is named without bytes; unfinished or not asked, the answer is Replicate's.
 */
import { createRelay } from '../../relay/handler';
import { ENVELOPE_PATH, type Envelope } from '../../shared/relay-envelope';
import { FRAMES_TYPE, isFileHead, readFrames, type AnswerHead, type FileHead } from '../../shared/relay-frames';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';

const RELAY = 'http://relay.test';
let api: FakeUpstream;
let cdn: FakeUpstream;

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 13) % 256))]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(10_000, 7)]);

function relay(extra: { warmOutputs?: boolean } = {}) {
  return createRelay({ upstream: api.url, allowAnonymous: true, downloadHosts: [cdn.host], maxBodyBytes: 1024 * 1024, ...extra });
}

function answer(body: Record<string, unknown>) {
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: 'p1', ...body }));
  };
}

interface Read {
  status: number;
  type: string | null;
  prediction: { output: unknown };
  head?: AnswerHead;
  files: Map<string, { head: FileHead; bytes: Buffer }>;
  /** What was read, in order: 'answer' or a file's URL. */
  order: string[];
}

/** A create sent the way the panel sends it: one envelope, the ask inside. */
async function create(ask = true, handler = relay()): Promise<Read> {
  const envelope: Envelope = {
    method: 'POST',
    path: '/v1/models/black-forest-labs/flux-schnell/predictions',
    headers: { authorization: 'Bearer r8_client', 'content-type': 'application/json', prefer: 'wait=10', ...(ask ? { 'x-relay-inline': 'frames' } : {}) },
    body: JSON.stringify({ input: { prompt: 'a fox' } }),
  };
  const response = await handler(new Request(`${RELAY}${ENVELOPE_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(envelope) }));
  const type = response.headers.get('content-type');
  const files = new Map<string, { head: FileHead; bytes: Buffer }>();
  const order: string[] = [];
  if (type !== FRAMES_TYPE) return { status: response.status, type, prediction: (await response.json()) as { output: unknown }, files, order };
  let prediction: { output: unknown } | undefined;
  let head: AnswerHead | undefined;
  for await (const frame of readFrames(response.body!)) {
    if (isFileHead(frame.head)) {
      files.set(frame.head.file, { head: frame.head, bytes: Buffer.from(frame.body) });
      order.push(frame.head.file);
    } else {
      head = frame.head;
      prediction = JSON.parse(new TextDecoder().decode(frame.body)) as { output: unknown };
      order.push('answer');
    }
  }
  return { status: response.status, type, prediction: prediction!, head, files, order };
}

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

it('sends a succeeded prediction\'s answer first and its files behind it, and asks Replicate nothing new', async () => {
  const urls = [`${cdn.url}/out-0.jpg`, `${cdn.url}/out-1.png`];
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: urls }));
  const read = await create();
  expect([read.status, read.type]).toEqual([201, FRAMES_TYPE]);
  // The answer is Replicate's, URLs and all; it names the files that follow.
  expect(read.prediction.output).toEqual(urls);
  expect(read.head).toMatchObject({ i: 0, status: 201, files: urls });
  expect(read.order[0]).toBe('answer');
  expect(read.files.get(urls[0])).toMatchObject({ head: { status: 200, type: 'image/jpeg', length: jpeg.length } });
  expect(read.files.get(urls[0])!.bytes.equals(jpeg)).toBe(true);
  expect(read.files.get(urls[1])!.bytes.equals(png)).toBe(true);
  // The ask is the relay's own: not passed on.
  expect(api.seen[0].headers['x-relay-inline']).toBeUndefined();
});

it('does not hold the answer back for a file still on its way', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  cdn.routes.set('/slow.png', async (_req, res) => {
    await held;
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
  });
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/slow.png`] }));
  const envelope: Envelope = { method: 'POST', path: '/v1/models/black-forest-labs/flux-schnell/predictions', headers: { authorization: 'Bearer r8_client', 'x-relay-inline': 'frames' }, body: '{"input":{}}' };
  const response = await relay()(new Request(`${RELAY}${ENVELOPE_PATH}`, { method: 'POST', body: JSON.stringify(envelope) }));
  const frames = readFrames(response.body!);
  const first = await frames.next();
  expect(first.value!.head).toMatchObject({ i: 0, status: 201, files: [`${cdn.url}/slow.png`] });
  release();
  const second = await frames.next();
  expect(Buffer.from(second.value!.body).equals(png)).toBe(true);
  expect((await frames.next()).done).toBe(true);
});

it('names the files of an output object and leaves its text alone', async () => {
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: { background: `${cdn.url}/out-1.png`, texts: [{ text: 'SALE' }] } }));
  const read = await create();
  expect(read.prediction.output).toEqual({ background: `${cdn.url}/out-1.png`, texts: [{ text: 'SALE' }] });
  expect([...read.files.keys()]).toEqual([`${cdn.url}/out-1.png`]);
});

it('names a file it could not fetch with its status and no bytes, and still sends the rest', async () => {
  const urls = [`${cdn.url}/out-0.jpg`, `${cdn.url}/gone.png`];
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: urls }));
  cdn.routes.set('/gone.png', (_req, res) => void res.writeHead(404).end());
  const read = await create();
  expect(read.files.get(urls[1])).toMatchObject({ head: { status: 404, length: 0 } });
  expect(read.files.get(urls[0])!.bytes.equals(jpeg)).toBe(true);
});

it('leaves a file past what one answer carries to the panel\'s own download', async () => {
  const big = Buffer.alloc(33 * 1024 * 1024, 1);
  cdn.routes.set('/big.png', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': big.length }).end(big));
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/big.png`] }));
  expect((await create()).files.get(`${cdn.url}/big.png`)).toMatchObject({ head: { status: 0, length: 0 } });
});

it('answers as Replicate did when not asked or unfinished', async () => {
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/out-0.jpg`] }));
  const plain = await create(false);
  expect(plain.type).toMatch(/json/);
  expect(plain.prediction.output).toEqual([`${cdn.url}/out-0.jpg`]);
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'processing', output: null }));
  const unfinished = await create();
  expect(unfinished.type).toMatch(/json/);
  expect(unfinished.prediction.output).toBeNull();
});

it('says at /health that it can, and a relay that warms outputs frames them too when asked', async () => {
  const body = (await (await relay()(new Request(`${RELAY}/health`))).json()) as { outputFrames?: boolean };
  expect(body.outputFrames).toBe(true);
  const warming = relay({ warmOutputs: true });
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', answer({ status: 'succeeded', output: [`${cdn.url}/out-0.jpg`] }));
  expect((await create(true, warming)).files.get(`${cdn.url}/out-0.jpg`)!.bytes.equals(jpeg)).toBe(true);
  // Not asked: answered at once with the URL (the file is warmed for the download: warm-outputs.test.ts).
  expect((await create(false, warming)).prediction.output).toEqual([`${cdn.url}/out-0.jpg`]);
});
