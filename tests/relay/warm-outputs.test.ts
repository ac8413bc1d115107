/**
 * Warmed outputs: a succeeded prediction passing through the relay has its output files
 * fetched at once, and the panel's /download of each is answered from that, once, exactly
 * as /download would have answered.
 */
import { createRelay } from '../../relay/handler';
import { createWarmOutputs } from '../../relay/warm-outputs';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';

const RELAY = 'http://relay.test';
let api: FakeUpstream;
let cdn: FakeUpstream;

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7) % 256))]);

function relay(warmOutputs = true) {
  return createRelay({
    upstream: api.url,
    allowAnonymous: true,
    downloadHosts: [cdn.host],
    maxBodyBytes: 1024 * 1024,
    warmOutputs,
  });
}

function prediction(status: string, output: unknown) {
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: 'p1', status, output }));
  };
}

const create = (handler: ReturnType<typeof createRelay>) =>
  handler(new Request(`${RELAY}/v1/models/black-forest-labs/flux-schnell/predictions`, {
    method: 'POST',
    headers: { Authorization: 'Bearer r8_client', 'Content-Type': 'application/json', Prefer: 'wait=10' },
    body: JSON.stringify({ input: { prompt: 'a fox' } }),
  }));
const download = (handler: ReturnType<typeof createRelay>, url: string) =>
  handler(new Request(`${RELAY}/download?url=${encodeURIComponent(url)}`));
const fileRequests = () => cdn.seen.filter((r) => r.url.startsWith('/out-')).length;

beforeEach(async () => {
  api = await startFakeUpstream();
  cdn = await startFakeUpstream();
  cdn.routes.set('/out-0.jpg', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length });
    res.end(jpeg);
  });
});
afterEach(async () => {
  await api.close();
  await cdn.close();
});

it('fetches a succeeded prediction\'s outputs as it passes, and answers the download from them once', async () => {
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', prediction('succeeded', [`${cdn.url}/out-0.jpg`]));
  const handler = relay();
  const created = await create(handler);
  expect(((await created.json()) as { id: string }).id).toBe('p1');
  // Asked for before the panel asks.
  await waitUntil(() => fileRequests() === 1);

  const response = await download(handler, `${cdn.url}/out-0.jpg`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/jpeg');
  expect(response.headers.get('content-length')).toBe(String(jpeg.length));
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(Buffer.from(await response.arrayBuffer()).equals(jpeg)).toBe(true);
  expect(fileRequests()).toBe(1);

  // Served once: a second download is an ordinary one.
  const again = await download(handler, `${cdn.url}/out-0.jpg`);
  expect(Buffer.from(await again.arrayBuffer()).equals(jpeg)).toBe(true);
  expect(fileRequests()).toBe(2);
});

it('warms nothing for an unfinished prediction, a refused host, or a relay with it off', async () => {
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', prediction('processing', null));
  await (await create(relay())).arrayBuffer();
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', prediction('succeeded', ['https://elsewhere.example/out-0.jpg']));
  await (await create(relay())).arrayBuffer();
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', prediction('succeeded', [`${cdn.url}/out-0.jpg`]));
  await (await create(relay(false))).arrayBuffer();
  await new Promise((r) => setTimeout(r, 100));
  expect(fileRequests()).toBe(0);
});

it('keeps only files served whole: after a missing file or a broken transfer the download fetches for itself', async () => {
  cdn.routes.set('/out-1.jpg', (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('gone');
  });
  let broken = true;
  cdn.routes.set('/out-2.jpg', (_req, res) => {
    if (broken) {
      broken = false;
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length });
      res.write(jpeg.subarray(0, 100));
      res.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length });
    res.end(jpeg);
  });
  api.routes.set('/v1/models/black-forest-labs/flux-schnell/predictions', prediction('succeeded', [`${cdn.url}/out-1.jpg`, `${cdn.url}/out-2.jpg`]));
  const handler = relay();
  await (await create(handler)).arrayBuffer();
  await waitUntil(() => fileRequests() === 2);

  const missing = await download(handler, `${cdn.url}/out-1.jpg`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toBe('application/octet-stream');
  const second = await download(handler, `${cdn.url}/out-2.jpg`);
  expect(second.status).toBe(200);
  expect(Buffer.from(await second.arrayBuffer()).equals(jpeg)).toBe(true);
  expect(fileRequests()).toBe(4);
});

describe('the warm store', () => {
  const bytes = (n: number) => new Response(new Uint8Array(n), { headers: { 'Content-Type': 'image/png' } });

  it('keeps at most its byte budget, and drops what is not taken in time', async () => {
    let clock = 0;
    const fetched: string[] = [];
    const warm = createWarmOutputs({
      download: async (url) => (fetched.push(url), bytes(600)),
      isOutputUrl: (v) => v.startsWith('https://cdn/'),
      maxBytes: 600,
      maxAgeMs: 60_000,
      now: () => clock,
    });
    warm.seen({ status: 'succeeded', output: ['https://cdn/a', 'https://cdn/b'] });
    expect(fetched).toEqual(['https://cdn/a', 'https://cdn/b']);
    await new Promise((r) => setTimeout(r, 0));
    // b passed the budget once a was held: it is not kept, and a full store fetches no more.
    expect(await warm.take('https://cdn/b')).toBeUndefined();
    warm.seen({ status: 'succeeded', output: ['https://cdn/d'] });
    expect(fetched).toHaveLength(2);
    expect((await warm.take('https://cdn/a'))?.status).toBe(200);
    expect(await warm.take('https://cdn/a')).toBeUndefined();

    warm.seen({ status: 'succeeded', output: { image: 'https://cdn/c', text: 'not a url' } });
    await new Promise((r) => setTimeout(r, 0));
    clock += 60_001;
    expect(await warm.take('https://cdn/c')).toBeUndefined();
    expect(fetched).toEqual(['https://cdn/a', 'https://cdn/b', 'https://cdn/c']);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const until = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}
