/**
 * POST /batch: many creates in one simple request, each its own call through the relay's
 * gate and routes, each answer a line written the moment it is ready.
 */
import { createRelay } from '../../relay/handler';
import type { RelayConfig } from '../../relay/config';
import { BATCH_PATH, type BatchLine, type Envelope } from '../../shared/relay-envelope';
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

async function batch(handler: ReturnType<typeof createRelay>, calls: Envelope[]): Promise<{ status: number; lines: BatchLine[]; arrivals: number[] }> {
  const response = await handler(new Request(`${RELAY}${BATCH_PATH}`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ calls }) }));
  if (!response.body || response.status !== 200) return { status: response.status, lines: [], arrivals: [] };
  const lines: BatchLine[] = [];
  const arrivals: number[] = [];
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n')) {
      lines.push(JSON.parse(text.slice(0, end)) as BatchLine);
      arrivals.push(Date.now());
      text = text.slice(end + 1);
    }
  }
  return { status: response.status, lines, arrivals };
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
  const started = Date.now();
  const { status, lines, arrivals } = await batch(relay(), [create('slow 400'), create('fast 0'), create('middle 150')]);
  expect(status).toBe(200);
  expect(lines.map((l) => [l.i, l.status, (JSON.parse(l.body) as { id: string }).id])).toEqual([
    [1, 201, 'fast'],
    [2, 201, 'middle'],
    [0, 201, 'slow'],
  ]);
  // Held together, not one after another: all three within the slowest one's time.
  expect(arrivals[0] - started).toBeLessThan(350);
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

it('puts the files inside each answer, even on a relay that warms outputs for single calls', async () => {
  const { lines } = await batch(relay({ warmOutputs: true }), [create('one-file 0', { 'x-relay-inline': 'outputs' }), create('two-file 0', { 'x-relay-inline': 'outputs' })]);
  for (const line of lines) expect((JSON.parse(line.body) as { output: string[] }).output).toEqual([`data:image/png;base64,${Buffer.from([137, 80, 78, 71]).toString('base64')}`]);
});
