import { thumbnailsWhenIdle } from '../../ui/images/thumbnail';
import type { Placeable } from '../../ui/images/to-placeable';

/** The job list's thumbnails wait for the panel to be idle, one at a time, and never fail a result. */
const image = (n: number): Placeable => ({ kind: 'raster', bytes: new Uint8Array(n), width: 10, height: 10 });

afterEach(() => {
  delete (globalThis as { requestIdleCallback?: unknown }).requestIdleCallback;
});

it('draws each thumbnail only in an idle moment, one per moment, in order', async () => {
  const idle: (() => void)[] = [];
  (globalThis as { requestIdleCallback?: unknown }).requestIdleCallback = (run: () => void) => idle.push(run);
  const drawn: number[] = [];
  const thumbnail = thumbnailsWhenIdle(async (p) => {
    drawn.push(p.kind === 'raster' ? p.bytes.length : 0);
    if (p.kind === 'raster' && p.bytes.length === 2) throw new Error('cannot draw');
    return `blob:${p.kind === 'raster' ? p.bytes.length : 0}`;
  });
  const results = [1, 2, 3].map((n) => thumbnail(image(n)));
  await Promise.resolve();
  expect(drawn).toEqual([]);
  expect(idle).toHaveLength(1);
  for (let moment = 0; moment < 3; moment++) {
    idle.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(drawn).toHaveLength(moment + 1);
  }
  expect(await Promise.all(results)).toEqual(['blob:1', undefined, 'blob:3']);
  expect(idle).toHaveLength(0);
});
