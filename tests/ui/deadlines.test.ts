import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReplicateAccess } from '../../ui/replicate/client';
import { checkRelay } from '../../ui/replicate/relay-health';
import { serializeRecipe, parseRecipe, type Recipe } from '../../shared/recipe';

let server: Server;
let url: string;
const sockets = new Set<import('node:net').Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/download')) {
      // Headers and a first chunk, then nothing: a stalled transfer.
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.write(Buffer.alloc(1024));
      return;
    }
    // /health never answers at all.
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

describe('nothing waits forever', () => {
  it('a download whose body stalls ends with a reason', async () => {
    const access = createReplicateAccess({ token: 'r8_x', relayUrl: url, downloadTimeoutMs: 300, retry: { maxAttempts: 1 } });
    await expect(access.download('https://replicate.delivery/x.png')).rejects.toMatchObject({
      name: 'Timeout',
      message: expect.stringMatching(/^Downloading the image took longer than/),
    });
  });

  it('a relay that never answers /health counts as unreachable instead of hanging the panel', async () => {
    const started = Date.now();
    await expect(checkRelay(url, undefined, 200)).resolves.toEqual({ reachable: false, serverToken: false, demo: false });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a very long prompt still fits in a recipe (plugin data holds 100 kB an entry)', () => {
    const recipe: Recipe = {
      v: 1, tool: 'generate', model: 'a/b', prompt: 'x'.repeat(200_000), input: { prompt: 'x'.repeat(200_000) },
      outputIndex: 0, predictionId: 'p', createdAt: 't',
    };
    const text = serializeRecipe(recipe);
    expect(text.length).toBeLessThan(100_000);
    expect(parseRecipe(text)?.prompt).toHaveLength(10_000);
  });
});

describe('shared model look-ups', () => {
  it('one job canceling does not fail another job waiting on the same model', async () => {
    const { startFakeReplicate } = await import('../fakes/replicate');
    const fake = await startFakeReplicate();
    fake.faults.next('GET /v1/models/*/*', { kind: 'delay', ms: 200 });
    try {
      const access = createReplicateAccess({ token: 'r8_test_token', relayUrl: fake.url });
      const first = new AbortController();
      const ref = { owner: 'black-forest-labs', name: 'flux-schnell' };
      const canceled = access.getModel(ref, first.signal);
      const other = access.getModel(ref, new AbortController().signal);
      first.abort();
      await expect(canceled).rejects.toBeDefined();
      await expect(other).resolves.toMatchObject({ id: 'black-forest-labs/flux-schnell' });
      expect(fake.requests.filter((r) => r.path === '/v1/models/black-forest-labs/flux-schnell')).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
