import { startController } from '../../plugin/controller';
import type { PendingPrediction } from '../../shared/messages/contract';
import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { EXPIRED_MESSAGE } from '../../ui/jobs/job-spec';
import { resumeSpec } from '../../ui/jobs/resume-spec';
import { createPacer } from '../../ui/jobs/pacer';
import { startJob } from '../../ui/jobs/run-job';
import { connectToPlugin } from '../../ui/plugin-channel';
import { allNodes, imageNodes, startLoop, type Loop } from '../support/loop';
import { toPlaceable } from '../../ui/images/to-placeable';
import { waitFor } from '../support/wait-for';

let loop: Loop;
afterEach(async () => loop?.close());

const waiting = () => allNodes(loop.figma).filter((n) => n.name.startsWith('Waiting for Replicate'));

/** Closes the plugin mid-run: the panel and its network vanish, Figma fires 'close'. */
async function closeMidRun(count: number): Promise<string[]> {
  const handle = loop.start({ count });
  await until(() => loop.snapshots.some((s) => s.variants.some((v) => v.status === 'running' && v.predictionId)));
  await loop.fake.settle();
  // The panel asks the plugin to remember the prediction right after showing its id; close only once it has.
  const created = new Set(loop.snapshots.flatMap((s) => s.variants.flatMap((v) => (v.status === 'running' && v.predictionId ? [v.predictionId] : []))));
  await waitFor(async () => {
    const stored = ((await loop.figma.clientStorage.getAsync('pending-predictions')) ?? []) as PendingPrediction[];
    return [...created].every((id) => stored.some((p) => p.predictionId === id));
  }, 10_000, 'the prediction remembered in clientStorage');
  const ids = allNodes(loop.figma).filter((n) => n.name.startsWith('Generating')).map((n) => n.id);
  loop.plugin.close();
  loop.fake.close();
  void handle.done;
  return ids;
}

/** A new launch of the plugin on the same document and client storage. */
async function reopen() {
  startController('open');
  const panel = connectToPlugin({ send: (m) => loop.fake.ui.post(m), listen: (r) => loop.fake.ui.onMessage(r) });
  const resumed = new Promise<{ items: PendingPrediction[]; skipped: number }>((resolve) => panel.on('resume', resolve));
  panel.emit('ready', {});
  const { items, skipped } = await resumed;
  const jobs = items.map((item) =>
    startJob(resumeSpec(item), { plugin: panel, replicate: loop.access, toPlaceable, pacer: createPacer(), pollIntervalMs: 40 }, () => undefined).done,
  );
  const results = await Promise.all(jobs);
  panel.close();
  return { results, skipped };
}

describe('closing the plugin mid-run loses nothing', () => {
  it('keeps the placeholders, and the next launch fills them from the same predictions', async () => {
    loop = await startLoop({ replicate: { latencyMs: 1200 }, waitSeconds: 1 });
    const placeholderIds = await closeMidRun(2);
    expect(placeholderIds).toHaveLength(2);
    expect(waiting().map((n) => n.id).sort()).toEqual([...placeholderIds].sort());
    const stored = (await loop.figma.clientStorage.getAsync('pending-predictions')) as PendingPrediction[];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('r8_test_token');

    const { results } = await reopen();
    expect(results.flatMap((r) => r.variants.map((v) => v.status))).toEqual(['placed', 'placed']);
    const images = imageNodes(loop.figma);
    expect(images.map((n) => n.id).sort()).toEqual([...placeholderIds].sort());
    expect(new Set(images.map((n) => parseRecipe(n.getPluginData(RECIPE_KEY))!.predictionId))).toEqual(new Set([stored[0].predictionId]));
    expect(waiting()).toHaveLength(0);
    expect(await loop.figma.clientStorage.getAsync('pending-predictions')).toEqual([]);
    expect(loop.replicate.predictions.size).toBe(1);
  });

  it('marks a prediction older than Replicate’s one-hour retention as expired, and clears it', async () => {
    loop = await startLoop({ replicate: { latencyMs: 1200 }, waitSeconds: 1 });
    await closeMidRun(1);
    const stored = (await loop.figma.clientStorage.getAsync('pending-predictions')) as PendingPrediction[];
    await loop.figma.clientStorage.setAsync('pending-predictions', stored.map((p) => ({ ...p, createdAt: Date.now() - 2 * 3600_000 })));

    const { results } = await reopen();
    expect(results[0].variants).toEqual([{ status: 'failed', reason: EXPIRED_MESSAGE }]);
    expect(waiting()).toHaveLength(0);
    expect(allNodes(loop.figma)).toHaveLength(0);
    expect(await loop.figma.clientStorage.getAsync('pending-predictions')).toEqual([]);
  });

  it('drops, and counts, pending results whose placeholders were deleted meanwhile', async () => {
    loop = await startLoop({ replicate: { latencyMs: 1200 }, waitSeconds: 1 });
    await closeMidRun(1);
    for (const node of waiting()) node.remove();
    const { results, skipped } = await reopen();
    expect(results).toHaveLength(0);
    expect(skipped).toBe(1);
  });

  it('removes placeholders whose prediction was never created', async () => {
    loop = await startLoop({ replicate: { latencyMs: 1200 } });
    loop.replicate.faults.next('GET /v1/models/*/*', { kind: 'delay', ms: 2000 });
    loop.start({ count: 2 });
    await until(() => allNodes(loop.figma).length === 2);
    loop.plugin.close();
    loop.fake.close();
    expect(allNodes(loop.figma)).toHaveLength(0);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
