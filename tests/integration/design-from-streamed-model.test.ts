/**
 * A design from a prompt with every real part: the panel's design job, the controller on the
 * Figma fake, the relay over HTTP (its /stream route included) and the Replicate protocol
 * fake's claude-4-sonnet writing at a fixed token rate. The first section is on the canvas
 * while the model is still writing.
 */
import { startRig, type Rig } from '../support/rig';
import { startDesignJob, type DesignSnapshot } from '../../ui/design/run-design';
import { startJob } from '../../ui/jobs/run-job';
import { createPacer } from '../../ui/jobs/pacer';
import { toPlaceable } from '../../ui/images/to-placeable';

let rig: Rig;
afterEach(async () => rig?.close());

it('builds the first section while the model is still writing, then the whole design with its images', async () => {
  rig = await startRig({ replicate: { tokensPerSecond: 1200 } });
  const pacer = createPacer();
  const snapshots: { at: number; s: DesignSnapshot }[] = [];
  const handle = startDesignJob(
    {
      prompt: 'Pricing page for a coffee subscription: hero with photo, three plan cards, FAQ, footer',
      width: 1440, height: 1024, llm: 'anthropic/claude-4-sonnet', imageModel: 'black-forest-labs/flux-schnell',
      useFileStyles: false, alternative: 0, alternatives: 1,
    },
    {
      plugin: rig.plugin,
      replicate: rig.access,
      startImageJob: (spec, onChange) =>
        startJob(spec, { plugin: rig.plugin, replicate: rig.access, toPlaceable, pacer, pollIntervalMs: 40, waitSeconds: 5 }, onChange),
      pollIntervalMs: 40,
    },
    (s) => snapshots.push({ at: Date.now(), s }),
  );
  const final = await handle.done;
  expect(final.message).toBeUndefined();
  expect(final.phase).toBe('done');
  expect(final.sections).toBeGreaterThanOrEqual(5);
  expect(final.images.placed).toBe(final.images.total);
  const llm = [...rig.replicate.predictions.values()].find((p) => p.model === 'anthropic/claude-4-sonnet')!;
  expect(llm.status).toBe('succeeded');
  expect(rig.relayLog.some((line) => line.startsWith('GET /stream '))).toBe(true);
  const firstSection = snapshots.find((x) => x.s.sections > 0)!;
  expect(firstSection.at).toBeLessThan(Date.parse(llm.completed_at!));
  const frame = (await rig.figma.getNodeByIdAsync(final.frameId!)) as FrameNode;
  expect(frame.children.length).toBeGreaterThanOrEqual(final.sections);
});
