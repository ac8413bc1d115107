/**
 * The panel's side of POST /batch: creates made in the same moment travel together, each
 * caller gets its own answer as its frame arrives (its files behind it, taken by download
 * without a request), and a create made alone goes as before.
 */
import { createReplicateAccess } from '../../ui/replicate/client';
import { checkRelay } from '../../ui/replicate/relay-health';
import type { BatchRequest, Envelope } from '../../shared/relay-envelope';
import { FRAMES_TYPE, frameChunks } from '../../shared/relay-frames';

const FILE = 'https://replicate.delivery/pbxt/out.png';
const MISSING = 'https://replicate.delivery/pbxt/missing.png';
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

const model = { id: 'black-forest-labs/flux-schnell', capabilities: {} as never };

/**
 * A relay stand-in: answers each batched create after `delays[prompt]` ms, as frames; a prompt
 * naming a file gets FILE as its output and the file's bytes behind the answer ("missing file":
 * MISSING, named with a 404 and no bytes). Downloads answer with other bytes.
 */
function relay(delays: Record<string, number> = {}, options: { endAfter?: number; status?: number } = {}) {
  const seen: { path: string; calls?: Envelope[] }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    if (path === '/batch') {
      const { calls } = JSON.parse(init!.body as string) as BatchRequest;
      seen.push({ path, calls });
      if (options.status) return Response.json({ title: 'Bad batch', detail: 'no', status: options.status }, { status: options.status });
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          const order = calls.map((c, i) => ({ i, prompt: (JSON.parse(c.body!) as { input: { prompt: string } }).input.prompt })).sort((a, b) => (delays[a.prompt] ?? 0) - (delays[b.prompt] ?? 0));
          const write = (chunks: Uint8Array[]) => chunks.forEach((c) => controller.enqueue(c));
          for (const [n, { i, prompt }] of order.entries()) {
            if (options.endAfter !== undefined && n >= options.endAfter) break;
            await new Promise((r) => setTimeout(r, delays[prompt] ?? 0));
            const file = prompt.includes('missing') ? MISSING : prompt.includes('file') ? FILE : undefined;
            const answer = JSON.stringify({ id: prompt, status: 'succeeded', output: file ? [file] : [] });
            write(frameChunks({ i, status: 201, ...(file ? { files: [file] } : {}) }, new TextEncoder().encode(answer)));
            if (file) write(file === MISSING ? frameChunks({ i, file, status: 404 }) : frameChunks({ i, file, status: 200, type: 'image/png' }, PNG));
          }
          controller.close();
        },
      });
      return new Response(body, { headers: { 'Content-Type': FRAMES_TYPE } });
    }
    if (path === '/download') {
      seen.push({ path });
      return new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'image/png' } });
    }
    const envelope = JSON.parse(init!.body as string) as Envelope;
    seen.push({ path: envelope.path });
    return Response.json({ id: 'alone', status: 'succeeded', output: [] }, { status: 201 });
  };
  const access = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', envelopes: true, outputFrames: true, batches: true, fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
  return { seen, access };
}

const create = (access: ReturnType<typeof relay>['access'], prompt: string, together = true) => access.createPrediction({ model, input: { prompt }, waitSeconds: 10, together });

it('sends creates made together as one batch, asking for the files behind the answers, and answers each as its frame arrives', async () => {
  const { seen, access } = relay({ slow: 200, fast: 0 });
  expect(access.holdsManyCreates).toBe(true);
  const finished: string[] = [];
  const results = await Promise.all(['slow', 'fast'].map((p) => create(access, p).then((r) => (finished.push(r.id), r))));
  expect(results.map((r) => r.id)).toEqual(['slow', 'fast']);
  expect(finished).toEqual(['fast', 'slow']);
  expect(seen).toHaveLength(1);
  expect(seen[0].calls!.map((c) => [c.method, c.path, c.headers.authorization, c.headers.prefer, c.headers['x-relay-inline']])).toEqual([
    ['POST', '/v1/models/black-forest-labs/flux-schnell/predictions', 'Bearer r8_x', 'wait=10', 'frames'],
    ['POST', '/v1/models/black-forest-labs/flux-schnell/predictions', 'Bearer r8_x', 'wait=10', 'frames'],
  ]);
});

it('hands a file that came behind its answer to download without a request, and downloads one that did not come', async () => {
  const { seen, access } = relay();
  const [carried, missing] = await Promise.all([create(access, 'file'), create(access, 'missing file')]);
  expect([carried.output, missing.output]).toEqual([[FILE], [MISSING]]);
  expect([access.arriving!(FILE), access.arriving!(MISSING)]).toEqual([true, true]);
  expect(await access.download(FILE)).toEqual(PNG);
  expect(seen.map((s) => s.path)).toEqual(['/batch']);
  // Named with a 404 and no bytes: fetched.
  expect(await access.download(MISSING)).toEqual(new Uint8Array([1, 2, 3]));
  // Taken once: a second download of the same file is fetched too.
  expect(await access.download(FILE)).toEqual(new Uint8Array([1, 2, 3]));
  expect(seen.map((s) => s.path)).toEqual(['/batch', '/download', '/download']);
});

it('sends a create made alone as one call, at once, as before', async () => {
  const { seen, access } = relay();
  expect((await create(access, 'only')).id).toBe('alone');
  expect(seen).toEqual([{ path: '/v1/models/black-forest-labs/flux-schnell/predictions' }]);
  // Not marked as one of many: no waiting for company, even beside another.
  await Promise.all([create(access, 'a', false), create(access, 'b', false)]);
  expect(seen.map((s) => s.path)).toEqual(Array(3).fill('/v1/models/black-forest-labs/flux-schnell/predictions'));
});

it('fails the creates a batch ended without answering, and passes a refused batch on to each caller', async () => {
  const cut = relay({ a: 0, b: 10, c: 20 }, { endAfter: 1 });
  const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((p) => create(cut.access, p)));
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);

  const refused = relay({}, { status: 413 });
  const answers = await Promise.allSettled(['a', 'b'].map((p) => create(refused.access, p)));
  for (const answer of answers) {
    expect(answer.status).toBe('rejected');
    expect(String((answer as PromiseRejectedResult).reason.message)).toMatch(/413|too large|request/i);
  }
});

it('holds any number of creates in sync mode over a multiplexed connection, each its own request', async () => {
  const seen: string[] = [];
  const fetchImpl: typeof fetch = async (input) => (seen.push(new URL(String(input)).pathname), Response.json({ id: 'p', status: 'succeeded', output: [] }, { status: 201 }));
  const access = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', envelopes: true, multiplexed: true, fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
  expect(access.holdsManyCreates).toBe(true);
  await Promise.all(['a', 'b', 'c'].map((p) => create(access as never, p)));
  expect(seen).toEqual(['/call', '/call', '/call']);
  const plain = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', envelopes: true, fetch: fetchImpl });
  expect(plain.holdsManyCreates).toBeUndefined();
});

it('reads from /health whether the relay batches, frames outputs, and whether this panel reached it multiplexed', async () => {
  const health = (body: object) => checkRelay('http://relay.test', async () => Response.json({ ok: true, serverToken: false, demo: false, ...body }));
  expect(await health({ envelopes: true, batches: true })).toMatchObject({ envelopes: true, batches: true });
  expect(await health({ envelopes: true, outputFrames: true, multiplexed: true })).toMatchObject({ outputFrames: true, multiplexed: true });
  // Batches and frames travel in envelopes: a relay without them offers neither.
  const old = await health({ batches: true, outputFrames: true });
  expect([old.batches, old.outputFrames]).toEqual([undefined, undefined]);
  // A batch is answered in frames: a relay that batches but does not frame (an older one) gets no batches.
  const framed = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', envelopes: true, batches: true });
  expect(framed.holdsManyCreates).toBeUndefined();
});
