/**
 * Nothing lost after an hour: a relay with a public URL keeps outputs. Create → close the panel →
 * the protocol server sends its signed webhook to the relay, which copies the files → an hour
 * later (a fake clock shared by the protocol server, the relay and the panel) Replicate's
 * outputs are gone → the next launch places the kept images in the waiting placeholders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startController } from '../../plugin/controller';
import type { PendingPrediction } from '../../shared/messages/contract';
import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { EXPIRED_MESSAGE } from '../../ui/jobs/job-spec';
import { resumeSpec } from '../../ui/jobs/resume-spec';
import { createPacer } from '../../ui/jobs/pacer';
import { startJob } from '../../ui/jobs/run-job';
import { connectToPlugin } from '../../ui/plugin-channel';
import { toPlaceable } from '../../ui/images/to-placeable';
import { folderStore } from '../../relay/folder-store';
import { startRig, RIG_TOKEN, waitFor, type Rig } from '../support/rig';
import { allNodes, imageNodes } from '../support/loop';
import { closedPort } from '../relay/fake-upstream';

const KEY = 'team-key-4f1c9a7e2b8d6035';
const HOUR = 3600_000;

let rig: Rig;
let dir: string;
let offset = 0;
const clock = () => Date.now() + offset;

afterEach(async () => {
  await rig?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(keep: boolean): Promise<Rig> {
  offset = 0;
  dir = mkdtempSync(join(tmpdir(), 'kept-resume-'));
  const port = await closedPort();
  rig = await startRig({
    replicate: { latencyMs: 1200, outputScale: 0.125, clock, webhookRetryDelaysMs: [100, 300, 600] },
    relayPort: port,
    relayKey: KEY,
    relay: {
      serverToken: RIG_TOKEN,
      clientKeys: [KEY],
      now: clock,
      ...(keep ? { publicUrl: `http://127.0.0.1:${port}`, keepStore: folderStore(dir) } : {}),
    },
    waitSeconds: 1,
  });
  return rig;
}

const waiting = () => allNodes(rig.figma).filter((n) => n.name.startsWith('Waiting for Replicate'));

/** Starts a run, closes the plugin once its prediction exists, and lets the prediction finish upstream. */
async function closeMidRun(count: number): Promise<PendingPrediction> {
  void rig.start({ count }).done;
  await waitFor(() => rig.snapshots.some((s) => s.variants.some((v) => v.status === 'running' && v.predictionId)));
  await rig.fake.settle();
  // The panel asks the plugin to remember the prediction right after showing its id; close only once it has.
  await waitFor(async () => (((await rig.figma.clientStorage.getAsync('pending-predictions')) ?? []) as PendingPrediction[]).length > 0, 10_000, 'the prediction remembered in clientStorage');
  rig.plugin.close();
  rig.fake.close();
  const [pending] = (await rig.figma.clientStorage.getAsync('pending-predictions')) as PendingPrediction[];
  await waitFor(() => Boolean(rig.replicate.predictions.get(pending.predictionId)?.completed_at), 10_000);
  await rig.replicate.webhooksSettled();
  return pending;
}

/** The next launch, an hour and more later. */
async function reopen() {
  startController('open');
  const panel = connectToPlugin({ send: (m) => rig.fake.ui.post(m), listen: (r) => rig.fake.ui.onMessage(r) });
  const resumed = new Promise<{ items: PendingPrediction[] }>((resolve) => panel.on('resume', resolve));
  panel.emit('ready', {});
  const { items } = await resumed;
  const results = await Promise.all(
    items.map(
      (item) =>
        startJob(resumeSpec(item), { plugin: panel, replicate: rig.access, toPlaceable, pacer: createPacer(), pollIntervalMs: 40, now: clock }, () => undefined).done,
    ),
  );
  panel.close();
  return results;
}

async function replicateOutput(id: string): Promise<{ output: unknown; data_removed: boolean }> {
  const response = await fetch(`${rig.replicate.url}/v1/predictions/${id}`, { headers: { Authorization: `Bearer ${RIG_TOKEN}` } });
  return (await response.json()) as { output: unknown; data_removed: boolean };
}

it('places the kept images in the waiting placeholders the next morning', async () => {
  await start(true);
  const pending = await closeMidRun(2);
  const placeholders = waiting().map((n) => n.id);
  expect(placeholders).toHaveLength(2);
  expect(rig.replicate.webhooks.some((w) => w.predictionId === pending.predictionId && w.status === 200)).toBe(true);

  offset = 14 * HOUR;
  expect(await replicateOutput(pending.predictionId)).toMatchObject({ output: null, data_removed: true });

  const results = await reopen();
  expect(results.flatMap((r) => r.variants.map((v) => v.status))).toEqual(['placed', 'placed']);
  const images = imageNodes(rig.figma);
  expect(images.map((n) => n.id).sort()).toEqual([...placeholders].sort());
  expect(images.map((n) => parseRecipe(n.getPluginData(RECIPE_KEY))!.predictionId)).toEqual([pending.predictionId, pending.predictionId]);
  expect(waiting()).toHaveLength(0);
  expect(await rig.figma.clientStorage.getAsync('pending-predictions')).toEqual([]);
  // The images came from the relay's copies, not from Replicate's (gone) files.
  expect(rig.relayLog.filter((line) => line.startsWith(`GET /kept/${pending.predictionId}/`)).map((l) => / 200 /.test(l))).toEqual([true, true]);
});

it('without a public URL, the same morning still says the results expired', async () => {
  await start(false);
  const pending = await closeMidRun(1);
  expect(rig.replicate.webhooks).toEqual([]);
  offset = 14 * HOUR;
  const results = await reopen();
  expect(results[0].variants).toEqual([{ status: 'failed', reason: EXPIRED_MESSAGE }]);
  expect(rig.relayLog.some((line) => line.startsWith(`GET /kept/${pending.predictionId} 404`))).toBe(true);
});
