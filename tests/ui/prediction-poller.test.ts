import { createPredictionPoller, MAX_POLLS_IN_FLIGHT } from '../../ui/jobs/prediction-poller';
import { createPacer } from '../../ui/jobs/pacer';
import type { Prediction, ReplicateAccess } from '../../ui/replicate/client';

/** A Replicate whose prediction `p<n>` (or `p<n>-<anything>`) succeeds on its n-th read; `reads` logs every GET. */
function replicate(options: { failing?: string } = {}) {
  const reads: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const access = {
    async getPrediction(id: string): Promise<Prediction> {
      reads.push(id);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 3));
      inFlight--;
      if (id === options.failing) throw new Error('The relay is not answering.');
      const n = Number(id.slice(1).split('-')[0]);
      const count = reads.filter((r) => r === id).length;
      return count >= n ? { id, status: 'succeeded', output: [`https://x/${id}.png`] } : { id, status: 'processing' };
    },
  } as unknown as ReplicateAccess;
  return { access, reads, mostInFlight: () => mostInFlight };
}

const starting = (id: string): Prediction => ({ id, status: 'starting' });

describe('prediction poller', () => {
  it('reads every open prediction to its end, a few GETs at a time, each no more often than its interval', async () => {
    const r = replicate();
    const poller = createPredictionPoller({ maxInFlight: 2 });
    const signal = new AbortController().signal;
    const started = Date.now();
    const done = await Promise.all(['p1', 'p2', 'p3'].map((id) => poller.watch(r.access, starting(id), { intervalMs: 20, signal })));
    expect(done.map((p) => p.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // p<n> ends on its n-th read: 1 + 2 + 3 reads, no more.
    expect(r.reads.filter((id) => id === 'p1')).toHaveLength(1);
    expect(r.reads.filter((id) => id === 'p3')).toHaveLength(3);
    expect(r.reads).toHaveLength(6);
    expect(r.mostInFlight()).toBeLessThanOrEqual(2);
    // Three reads of p3, each an interval after the last: the first one too.
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('48 open predictions never have more reads in flight than the few allowed (the browser has 6 connections for everything)', async () => {
    const r = replicate();
    const poller = createPredictionPoller();
    const signal = new AbortController().signal;
    const ids = Array.from({ length: 48 }, (_, i) => `p${(i % 4) + 1}-${i}`);
    const done = await Promise.all(ids.map((id) => poller.watch(r.access, starting(id), { intervalMs: 5, signal })));
    expect(done.map((p) => p.id)).toEqual(ids);
    expect(r.reads).toHaveLength(12 * (1 + 2 + 3 + 4));
    expect(MAX_POLLS_IN_FLIGHT).toBeLessThan(6);
    expect(r.mostInFlight()).toBe(MAX_POLLS_IN_FLIGHT);
  });

  it('a failed read rejects only its own prediction; the others are still read to their end', async () => {
    const r = replicate({ failing: 'p2' });
    const poller = createPredictionPoller();
    const signal = new AbortController().signal;
    const results = await Promise.allSettled(['p1', 'p2', 'p3'].map((id) => poller.watch(r.access, starting(id), { intervalMs: 5, signal })));
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('The relay is not answering.');
    expect(r.reads.filter((id) => id === 'p2')).toHaveLength(1);
  });

  it('an aborted watch ends at once and its prediction is read no more; the rest go on', async () => {
    const r = replicate();
    const poller = createPredictionPoller();
    const canceled = new AbortController();
    const kept = new AbortController();
    const gone = poller.watch(r.access, starting('p9'), { intervalMs: 10, signal: canceled.signal });
    const stays = poller.watch(r.access, starting('p4'), { intervalMs: 10, signal: kept.signal });
    await new Promise((resolve) => setTimeout(resolve, 25));
    canceled.abort(new Error('Canceled'));
    await expect(gone).rejects.toThrow('Canceled');
    const readsWhenCanceled = r.reads.filter((id) => id === 'p9').length;
    await expect(stays).resolves.toMatchObject({ status: 'succeeded' });
    expect(r.reads.filter((id) => id === 'p9')).toHaveLength(readsWhenCanceled);
  });

  it('takes every read from its pacer (the budget under Replicate’s limit for reads)', async () => {
    const r = replicate();
    let taken = 0;
    const pacer = createPacer(600, 48);
    const poller = createPredictionPoller({ pacer: { take: (s) => (taken++, pacer.take(s)) } });
    await poller.watch(r.access, starting('p3'), { intervalMs: 5, signal: new AbortController().signal });
    expect(taken).toBe(3);
  });

  it('a prediction already final is not read at all', async () => {
    const r = replicate();
    const poller = createPredictionPoller();
    const done = await poller.watch(r.access, { id: 'p1', status: 'succeeded', output: [] }, { intervalMs: 5, signal: new AbortController().signal });
    expect(done.status).toBe('succeeded');
    expect(r.reads).toEqual([]);
  });
});
