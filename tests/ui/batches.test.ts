/**
 * The panel's side of POST /batch: creates made in the same moment travel together, each
 * caller gets its own answer as its line arrives, and a create made alone goes as before.
 */
import { createReplicateAccess } from '../../ui/replicate/client';
import { checkRelay } from '../../ui/replicate/relay-health';
import type { BatchLine, BatchRequest, Envelope } from '../../shared/relay-envelope';

const model = { id: 'black-forest-labs/flux-schnell', capabilities: {} as never };

/** A relay stand-in: answers each batched create after `delays[prompt]` ms, one line each. */
function relay(delays: Record<string, number> = {}, options: { endAfter?: number; status?: number } = {}) {
  const seen: { path: string; calls?: Envelope[] }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    if (path === '/batch') {
      const { calls } = JSON.parse(init!.body as string) as BatchRequest;
      seen.push({ path, calls });
      if (options.status) return Response.json({ title: 'Bad batch', detail: 'no', status: options.status }, { status: options.status });
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          const order = calls.map((c, i) => ({ i, prompt: (JSON.parse(c.body!) as { input: { prompt: string } }).input.prompt })).sort((a, b) => (delays[a.prompt] ?? 0) - (delays[b.prompt] ?? 0));
          for (const [n, { i, prompt }] of order.entries()) {
            if (options.endAfter !== undefined && n >= options.endAfter) break;
            await new Promise((r) => setTimeout(r, delays[prompt] ?? 0));
            const line: BatchLine = { i, status: 201, body: JSON.stringify({ id: prompt, status: 'succeeded', output: [] }) };
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          }
          controller.close();
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'application/x-ndjson' } });
    }
    const envelope = JSON.parse(init!.body as string) as Envelope;
    seen.push({ path: envelope.path });
    return Response.json({ id: 'alone', status: 'succeeded', output: [] }, { status: 201 });
  };
  const access = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', envelopes: true, batches: true, fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
  return { seen, access };
}

const create = (access: ReturnType<typeof relay>['access'], prompt: string, together = true) => access.createPrediction({ model, input: { prompt }, waitSeconds: 10, together });

it('sends creates made together as one batch, asking for the files inside, and answers each as its line arrives', async () => {
  const { seen, access } = relay({ slow: 200, fast: 0 });
  expect(access.holdsManyCreates).toBe(true);
  const finished: string[] = [];
  const results = await Promise.all(['slow', 'fast'].map((p) => create(access, p).then((r) => (finished.push(r.id), r))));
  expect(results.map((r) => r.id)).toEqual(['slow', 'fast']);
  expect(finished).toEqual(['fast', 'slow']);
  expect(seen).toHaveLength(1);
  expect(seen[0].calls!.map((c) => [c.method, c.path, c.headers.authorization, c.headers.prefer, c.headers['x-relay-inline']])).toEqual([
    ['POST', '/v1/models/black-forest-labs/flux-schnell/predictions', 'Bearer r8_x', 'wait=10', 'outputs'],
    ['POST', '/v1/models/black-forest-labs/flux-schnell/predictions', 'Bearer r8_x', 'wait=10', 'outputs'],
  ]);
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

it('reads from /health whether the relay batches, inlines, and whether this panel reached it multiplexed', async () => {
  const health = (body: object) => checkRelay('http://relay.test', async () => Response.json({ ok: true, serverToken: false, demo: false, ...body }));
  expect(await health({ envelopes: true, batches: true })).toMatchObject({ envelopes: true, batches: true });
  expect(await health({ envelopes: true, inlineOutputs: true, multiplexed: true })).toMatchObject({ inlineOutputs: true, multiplexed: true });
  // Batches and inlining travel in envelopes: a relay without them offers neither.
  const old = await health({ batches: true, inlineOutputs: true });
  expect([old.batches, old.inlineOutputs]).toEqual([undefined, undefined]);
});
