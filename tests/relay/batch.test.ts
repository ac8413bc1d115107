/**
 * POST /batch: many creates in one simple request, each its own call through the relay's
 * gate and routes, each answer written as frames the moment it is ready.
 */
import { createRelay } from '../../relay/handler';
import type { RelayConfig } from '../../relay/config';
import { BATCH_PATH, type Envelope } from '../../shared/relay-envelope';
import { FRAMES_TYPE, isFileHead, readFrames, type FileHead } from '../../shared/relay-frames';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';

const RELAY = 'http://relay.test';
const KEY = 'team-key-0123456789abcdef';
let api: FakeUpstream;
let cdn: FakeUpstream;

function relay(extra: Partial<RelayConfig> = {}) {
  return createRelay({ upstream: api.url, allowAnonymous: true, downloadHosts: [cdn.host], maxBodyBytes: 1024 * 1024, batches: true, ...extra });
}

const create = (prompt: string, headers: Envelope['headers'] = {}): Envelope => ({
  method: 'POST',
  path: '/v1/models/black-forest-labs/flux-schnell/predictions',
  headers: { authorization: 'Bearer r8_client', 'content-type': 'application/json', prefer: 'wait=10', ...headers },
  body: JSON.stringify({ input: { prompt } }),
});

interface Answer {
  i: number;
  status: number;
  body: string;
  files?: string[];
}

/** The batch's answers and file frames as they arrive; `arrivals`: how many creates the upstream had seen as each answer came. */
async function batch(handler: ReturnType<typeof createRelay>, calls: Envelope[]): Promise<{ status: number; lines: Answer[]; files: (FileHead & { bytes: Buffer })[]; arrivals: number[] }> {
  const response = await handler(new Request(`${RELAY}${BATCH_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ calls }) }));
  if (!response.body || response.status !== 200) return { status: response.status, lines: [], files: [], arrivals: [] };
  expect(response.headers.get('content-type')).toBe(FRAMES_TYPE);
  const lines: Answer[] = [];
  const files: (FileHead & { bytes: Buffer })[] = [];
  const arrivals: number[] = [];
  for await (const { head, body } of readFrames(response.body)) {
    if (isFileHead(head)) {
      files.push({ ...head, bytes: Buffer.from(body) });
      continue;
    }
    lines.push({ i: head.i, status: head.status, body: new TextDecoder().decode(body), ...(head.files ? { files: head.files } : {}) });
    arrivals.push(api.seen.filter((r) => r.method === 'POST').length);
  }
  return { status: response.status, lines, files, arrivals };
}

beforeEach(async () => {
  api = await startFakeUpstream();
  cdn = await startFakeUpstream();
  // Each create answers after the delay its prompt names, with the prompt as its id.
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', async (_req, res, body) => {
    const prompt = (JSON.parse(body.toString()) as { input: { prompt: string } }).input.prompt;
    await new Promise((r) => setTimeout(r, Number(prompt.split(' ')[1] ?? 0)));
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: prompt.split(' ')[0], status: 'succeeded', output: prompt.includes('file') ? [`${cdn.url}/out.png`] : [] }));
  });
  cdn.routes.set('/out.png', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': 4 }).end(Buffer.from([137, 80, 78, 71])));
});
afterEach(async () => {
  await api.close();
  await cdn.close();
});

it('makes each create its own call at once and streams each answer as it finishes', async () => {
  const { status, lines, arrivals } = await batch(relay(), [create('slow 400'), create('fast 100'), create('middle 200')]);
  expect(status).toBe(200);
  expect(lines.map((l) => [l.i, l.status, (JSON.parse(l.body) as { id: string }).id])).toEqual([
    [1, 201, 'fast'],
    [2, 201, 'middle'],
    [0, 201, 'slow'],
  ]);
  // Held together, not one after another: all three were upstream before the first answer came.
  expect(arrivals).toEqual([3, 3, 3]);
  expect(api.seen.filter((r) => r.method === 'POST')).toHaveLength(3);
  expect(api.seen.every((r) => r.headers.authorization === 'Bearer r8_client' && r.headers.prefer === 'wait=10')).toBe(true);
});

it('gates each call: without the relay key a call is refused in its own line', async () => {
  const handler = relay({ serverToken: 'r8_server', allowAnonymous: false, clientKeys: [KEY] });
  const { lines } = await batch(handler, [create('keyed 0', { 'x-relay-key': KEY }), create('stranger 0')]);
  const byIndex = new Map(lines.map((l) => [l.i, l]));
  expect(byIndex.get(0)!.status).toBe(201);
  expect(byIndex.get(1)!.status).toBe(403);
  expect(api.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
});

it('carries prediction creates only, 1 to 64 of them, and only on a relay that offers batches', async () => {
  const read: Envelope = { method: 'GET', path: '/v1/predictions/p1', headers: { authorization: 'Bearer r8_client' } };
  expect((await batch(relay(), [create('a 0'), read])).status).toBe(400);
  expect((await batch(relay(), [])).status).toBe(400);
  expect((await batch(relay(), Array.from({ length: 65 }, (_, i) => create(`c${i} 0`)))).status).toBe(400);
  expect((await batch(relay({ batches: false }), [create('a 0'), create('b 0')])).status).toBe(404);
  expect(api.seen).toHaveLength(0);
  const health = (await (await relay()(new Request(`${RELAY}/health`))).json()) as { batches?: boolean };
  expect(health.batches).toBe(true);
});

it('sends each answer\'s files behind it when asked, even on a relay that warms outputs for single calls', async () => {
  const { lines, files } = await batch(relay({ warmOutputs: true }), [create('one-file 0', { 'x-relay-inline': 'frames' }), create('two-file 0', { 'x-relay-inline': 'frames' })]);
  // The answers keep their URLs; each names the file that follows, which comes as its call's.
  for (const line of lines) {
    expect((JSON.parse(line.body) as { output: string[] }).output).toEqual([`${cdn.url}/out.png`]);
    expect(line.files).toEqual([`${cdn.url}/out.png`]);
  }
  expect(files.map((f) => [f.i, f.file, f.status, f.type, [...f.bytes]]).sort()).toEqual([
    [0, `${cdn.url}/out.png`, 200, 'image/png', [137, 80, 78, 71]],
    [1, `${cdn.url}/out.png`, 200, 'image/png', [137, 80, 78, 71]],
  ]);
  // Not asked: the answers alone.
  const plain = await batch(relay(), [create('one-file 0'), create('two-file 0')]);
  expect(plain.files).toEqual([]);
  expect(plain.lines.map((l) => l.files)).toEqual([undefined, undefined]);
});
