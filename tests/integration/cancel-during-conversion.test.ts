import { startRig, type Rig } from '../support/rig';
import { imageNodes, allNodes } from '../support/loop';
import { toPlaceable } from '../../ui/images/to-placeable';
import { installCanvasShim } from '../support/canvas-shim';

/**
 * Cancel pressed while a downloaded image is still being converted (WebP/AVIF → PNG takes
 * a moment): nothing may land on the canvas after the run has ended.
 */
let rig: Rig;
let restoreCanvas: () => void;
afterEach(async () => {
  await rig?.close();
  restoreCanvas?.();
});

it('places nothing once Cancel has ended the run', async () => {
  restoreCanvas = installCanvasShim();
  let converting!: () => void;
  const started = new Promise<void>((resolve) => (converting = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  rig = await startRig({
    toPlaceable: async (bytes) => {
      converting();
      await gate;
      return toPlaceable(bytes);
    },
  });
  const handle = rig.start({ count: 1 });
  await started;
  handle.cancel();
  const final = await handle.done;
  release();
  await new Promise((r) => setTimeout(r, 100));
  await rig.fake.settle();
  expect(final.phase).toBe('canceled');
  expect(imageNodes(rig.figma).map((n) => n.name)).toEqual([]);
  expect(allNodes(rig.figma).map((n) => n.name)).toEqual([]);
});
