import { ENCODE_WAIT_MS, ENCODE_WAIT_MS_PER_MEGAPIXEL, canvasBlob } from '../../ui/images/canvas-blob';

/** The wait for a canvas of w×h. */
const waitFor = (w: number, h: number) => ENCODE_WAIT_MS + (ENCODE_WAIT_MS_PER_MEGAPIXEL * w * h) / 1e6;

const PNG_BYTES = [137, 80, 78, 71, 13, 10, 26, 10];
const dataUrl = `data:image/png;base64,${Buffer.from(PNG_BYTES).toString('base64')}`;
const g = globalThis as unknown as { requestIdleCallback?: (cb: () => void) => number; document?: unknown };

/** An element canvas whose async encode answers only when told (Chromium's idle task). */
function elementCanvas() {
  let answer: (b: Blob | null) => void = () => undefined;
  const canvas = {
    width: 2,
    height: 2,
    toBlob: jest.fn((cb: (b: Blob | null) => void) => (answer = cb)),
    toDataURL: jest.fn(() => dataUrl),
  };
  return { canvas: canvas as unknown as HTMLCanvasElement, answer: (b: Blob | null) => answer(b) };
}

let idleCallbacks: (() => void)[] = [];
beforeEach(() => {
  jest.useFakeTimers();
  idleCallbacks = [];
  g.requestIdleCallback = (cb) => idleCallbacks.push(cb);
});
afterEach(() => {
  jest.useRealTimers();
  delete g.requestIdleCallback;
  delete g.document;
});

test('an encode that finishes in time is used, and nothing is encoded twice', async () => {
  const { canvas, answer } = elementCanvas();
  const blob = new Blob([new Uint8Array([1])], { type: 'image/png' });
  const result = canvasBlob(canvas, 'image/png');
  idleCallbacks.forEach((cb) => cb());
  await jest.advanceTimersByTimeAsync(waitFor(2, 2) - 1);
  answer(blob);
  expect(await result).toBe(blob);
  await jest.advanceTimersByTimeAsync(1000);
  expect(canvas.toDataURL).not.toHaveBeenCalled();
});

test('the idle callback is asked for, so that idle periods start', () => {
  const { canvas } = elementCanvas();
  void canvasBlob(canvas, 'image/png');
  expect(idleCallbacks).toHaveLength(1);
});

test('an encode still waiting after its idle callback ran is done again at once', async () => {
  const { canvas } = elementCanvas();
  const result = canvasBlob(canvas, 'image/png');
  idleCallbacks.forEach((cb) => cb());
  await jest.advanceTimersByTimeAsync(waitFor(2, 2));
  const blob = await result;
  expect([...new Uint8Array(await blob!.arrayBuffer())]).toEqual(PNG_BYTES);
});

test('a large canvas gets longer before its encode counts as stuck', async () => {
  const { canvas } = elementCanvas();
  Object.assign(canvas, { width: 4096, height: 4096 });
  const result = canvasBlob(canvas, 'image/png');
  await jest.advanceTimersByTimeAsync(ENCODE_WAIT_MS + 1);
  expect(canvas.toDataURL).not.toHaveBeenCalled();
  await jest.advanceTimersByTimeAsync(waitFor(4096, 4096));
  await result;
  expect(canvas.toDataURL).toHaveBeenCalledTimes(1);
});

test('with no idle period, the pixels are encoded at once instead of after the 1 s fallback', async () => {
  const { canvas } = elementCanvas();
  const result = canvasBlob(canvas, 'image/png');
  await jest.advanceTimersByTimeAsync(waitFor(2, 2));
  const blob = await result;
  expect(blob!.type).toBe('image/png');
  expect([...new Uint8Array(await blob!.arrayBuffer())]).toEqual(PNG_BYTES);
});

test('an OffscreenCanvas with no idle period is drawn into an element canvas and encoded at once', async () => {
  const drawn: unknown[] = [];
  const element = { width: 0, height: 0, getContext: () => ({ drawImage: (source: unknown) => drawn.push(source) }), toDataURL: () => dataUrl };
  g.document = { createElement: () => element };
  const offscreen = { width: 3, height: 4, convertToBlob: () => new Promise(() => undefined) } as unknown as OffscreenCanvas;
  const result = canvasBlob(offscreen, 'image/png');
  await jest.advanceTimersByTimeAsync(waitFor(3, 4));
  const blob = await result;
  expect(drawn).toEqual([offscreen]);
  expect([element.width, element.height]).toEqual([3, 4]);
  expect([...new Uint8Array(await blob!.arrayBuffer())]).toEqual(PNG_BYTES);
});

test('an encode that finishes before the wait is used as it is', async () => {
  const { canvas, answer } = elementCanvas();
  const blob = new Blob([new Uint8Array([2])], { type: 'image/png' });
  const result = canvasBlob(canvas, 'image/png');
  answer(blob);
  expect(await result).toBe(blob);
  expect(canvas.toDataURL).not.toHaveBeenCalled();
});
