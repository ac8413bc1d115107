import { planExplore } from '../../shared/explore/plan-explore';
import { readAxis } from '../../shared/explore/read-axis';
import type { Axis } from '../../shared/explore/axes';
import { exploreSpec } from '../../ui/jobs/explore-spec';
import { createPacer } from '../../ui/jobs/pacer';
import { startJob } from '../../ui/jobs/run-job';
import { createReplicateAccess } from '../../ui/replicate/client';
import { toPlaceable } from '../../ui/images/to-placeable';
import type { PendingPrediction } from '../../shared/messages/contract';
import { startLoop, TOKEN, type Loop } from '../support/loop';
import { waitFor } from '../support/wait-for';

/**
 * A 48-image Explore through a relay the browser reaches over HTTP/1.1: Chromium opens at most
 * 6 connections to it, and a create held open by `Prefer: wait` keeps one for the model's whole
 * time. Here the panel's fetch gets the same 6 connections (each held until its body is read).
 */

// Long enough that 48 creates fit in it on a loaded machine; in sync mode the 7th cannot start before it ends.
const MODEL_MS = 3000;
let loop: Loop;
afterEach(async () => loop?.close());

const axis = (kind: Axis['kind'], text: string): Axis => ({ kind, values: readAxis(kind, text).values! });

function sixConnections(): { fetch: typeof fetch; mostOpen: () => number } {
  const limit = 6;
  let open = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  const connection = async () => {
    if (open >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    open++;
    most = Math.max(most, open);
  };
  const release = () => {
    open--;
    waiting.shift()?.();
  };
  return {
    mostOpen: () => most,
    async fetch(input, init) {
      await connection();
      try {
        const response = await globalThis.fetch(input, init);
        const body = await response.arrayBuffer();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      } finally {
        release();
      }
    },
  };
}

function grid48() {
  const plan = planExplore({
    prompt: 'Ember & Oak coffee logo',
    model: 'black-forest-labs/flux-schnell',
    axes: [
      axis('styles', 'flat geometric mark\nline art\nemblem badge\nlettermark\nmascot\nnegative space'),
      axis('models', 'black-forest-labs/flux-schnell\nblack-forest-labs/flux-dev'),
    ],
    variants: 4,
    seed: 7,
  });
  if ('problem' in plan) throw new Error(plan.problem);
  return exploreSpec('Ember & Oak coffee logo', plan, '1:1');
}

/** 4 styles × 2 models: 8 cells, more than sync mode is used for. */
function grid8() {
  const plan = planExplore({
    prompt: 'Ember & Oak coffee logo',
    model: 'black-forest-labs/flux-schnell',
    axes: [axis('styles', 'flat geometric mark\nline art\nemblem badge\nmascot'), axis('models', 'black-forest-labs/flux-schnell\nblack-forest-labs/flux-dev')],
    variants: 1,
    seed: 7,
  });
  if ('problem' in plan) throw new Error(plan.problem);
  return exploreSpec('Ember & Oak coffee logo', plan, '1:1');
}

const createsOf = (l: Loop) => l.replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));

describe('a 48-image Explore over a browser’s 6 connections to the relay', () => {
  it('creates more predictions than the 6 connections before the first one finishes (none holds a connection for the model’s time), then places all 48', async () => {
    loop = await startLoop({ replicate: { latencyMs: MODEL_MS, outputScale: 0.0625 } });
    const connections = sixConnections();
    const access = createReplicateAccess({ token: TOKEN, relayUrl: loop.relayUrl, fetch: connections.fetch, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
    const job = await startJob(
      grid48(),
      { plugin: loop.plugin, replicate: access, toPlaceable, pacer: createPacer() },
      () => undefined,
    ).done;

    expect(job.phase).toBe('done');
    expect(job.variants.filter((v) => v.status === 'placed')).toHaveLength(48);
    const creates = loop.replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));
    expect(creates).toHaveLength(48);
    expect(creates.filter((r) => r.headers['prefer'])).toEqual([]);
    // Held creates let at most 6 in before the first prediction ends; more means none is held.
    // (Not "all 48 before": on a loaded machine the creates alone can outlast the model's time.)
    const firstDone = Math.min(...[...loop.replicate.predictions.values()].map((p) => Date.parse(p.completed_at!)));
    expect(creates.filter((r) => r.at < firstDone).length).toBeGreaterThan(6);
    expect(connections.mostOpen()).toBeLessThanOrEqual(6);
    // At most one read per prediction per poll interval (the panel's 0.5 s), not a tight loop.
    const reads = loop.replicate.requests.filter((r) => r.method === 'GET' && /^\/v1\/predictions\/[^/]+$/.test(r.path));
    expect(reads.length).toBeGreaterThanOrEqual(48);
    expect(reads.length).toBeLessThanOrEqual(48 * (MODEL_MS / 500 + 4));
  }, 60_000);

  it('a small Explore (4 cells) still creates in sync mode, answered without a poll', async () => {
    loop = await startLoop({ replicate: { latencyMs: 80, outputScale: 0.0625 } });
    const plan = planExplore({
      prompt: 'Ember & Oak coffee logo',
      model: 'black-forest-labs/flux-schnell',
      axes: [axis('styles', 'flat geometric mark\nline art\nemblem badge\nmascot')],
      variants: 1,
      seed: 7,
    });
    if ('problem' in plan) throw new Error(plan.problem);
    const job = await loop.generate(exploreSpec('Ember & Oak coffee logo', plan, '1:1'));
    expect(job.variants.map((v) => v.status)).toEqual(Array(4).fill('placed'));
    const creates = loop.replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));
    expect(creates.map((r) => r.headers['prefer'])).toEqual(Array(4).fill('wait=5'));
    expect(loop.replicate.requests.filter((r) => r.method === 'GET' && /^\/v1\/predictions\/[^/]+$/.test(r.path))).toEqual([]);
  });
});

describe('an Explore created without Prefer: wait, then polled', () => {
  it('waits out a 429 and retries failed reads; a prediction that fails fails only its own cell', async () => {
    loop = await startLoop({ replicate: { latencyMs: 300, outputScale: 0.0625 } });
    loop.replicate.faults.next('POST /v1/models/*/*/predictions', { kind: 'status', status: 429, retryAfter: 1 });
    loop.replicate.faults.next('GET /v1/predictions/*', { kind: 'status', status: 500 }, 2);
    const job = await loop.generate(grid8());
    // The 429 was scripted first, so the next create is the failing one (routes fire in order).
    loop.replicate.faults.next('POST /v1/models/*/*/predictions', { kind: 'fail-prediction', error: 'NSFW content detected' });
    const again = await loop.generate(grid8());

    expect(job.phase).toBe('done');
    expect(job.variants.map((v) => v.status)).toEqual(Array(8).fill('placed'));
    expect(loop.replicate.faults.fired.map((f) => f.fault.kind)).toEqual(['status', 'status', 'status', 'fail-prediction']);
    expect(again.variants.filter((v) => v.status === 'placed')).toHaveLength(7);
    const failed = again.variants.filter((v) => v.status === 'failed');
    expect(failed).toHaveLength(1);
    expect((failed[0] as { reason: string }).reason).toMatch(/safety|sensitive|NSFW/i);
    expect(createsOf(loop).filter((r) => r.headers['prefer'])).toEqual([]);
  });

  it('remembers every prediction while it runs (for resume) and forgets them once placed', async () => {
    loop = await startLoop({ replicate: { latencyMs: 2000, outputScale: 0.0625 } });
    const handle = loop.start(grid8());
    await waitFor(async () => {
      const stored = ((await loop.figma.clientStorage.getAsync('pending-predictions')) ?? []) as PendingPrediction[];
      return stored.length === 8;
    }, 10_000, 'all 8 predictions remembered');
    const stored = (await loop.figma.clientStorage.getAsync('pending-predictions')) as PendingPrediction[];
    expect(new Set(stored.map((p) => p.predictionId))).toEqual(new Set(loop.replicate.predictions.keys()));
    expect((await handle.done).variants.map((v) => v.status)).toEqual(Array(8).fill('placed'));
    expect(await loop.figma.clientStorage.getAsync('pending-predictions')).toEqual([]);
  });

  it('Cancel cancels every created prediction upstream and places nothing', async () => {
    loop = await startLoop({ replicate: { latencyMs: 3000, outputScale: 0.0625 } });
    const handle = loop.start(grid8());
    await waitFor(() => loop.replicate.predictions.size === 8, 10_000, 'all 8 created');
    handle.cancel();
    const job = await handle.done;
    expect(job.phase).toBe('canceled');
    expect(job.variants.map((v) => v.status)).toEqual(Array(8).fill('canceled'));
    await waitFor(() => [...loop.replicate.predictions.values()].every((p) => p.status === 'canceled'), 5_000, 'all canceled upstream');
    expect(loop.replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toHaveLength(8);
  });
});
