/**
 * The create pacer on a virtual clock: however many creates are asked for at once, no
 * 60-second window holds more than Replicate's 600, and the first burst is bounded.
 */
import { createPacer } from '../../ui/jobs/pacer';
import { maxInWindow } from './checks';

afterEach(() => jest.useRealTimers());

it('1500 creates asked at once are granted at most 600 in any minute', async () => {
  jest.useFakeTimers({ now: 0 });
  const pacer = createPacer(600, 10, () => Date.now());
  const granted: number[] = [];
  const all = Array.from({ length: 1500 }, () => pacer.take().then(() => granted.push(Date.now())));
  await jest.advanceTimersByTimeAsync(200_000);
  await Promise.all(all);
  expect(granted).toHaveLength(1500);
  expect(maxInWindow(granted, 60_000)).toBeLessThanOrEqual(600);
  expect(maxInWindow(granted, 1_000)).toBeLessThanOrEqual(10 + 10);
  // Served in order, never faster than 590 a minute after the burst of 10.
  expect(granted).toEqual([...granted].sort((a, b) => a - b));
  expect(granted[1499]).toBeGreaterThanOrEqual(((1500 - 10) / 590) * 60_000 - 1);
});

it('an account limited to 6/min (no payment method) is paced to 6 a minute', async () => {
  jest.useFakeTimers({ now: 0 });
  const pacer = createPacer(6, 1, () => Date.now());
  const granted: number[] = [];
  const all = Array.from({ length: 13 }, () => pacer.take().then(() => granted.push(Date.now())));
  await jest.advanceTimersByTimeAsync(200_000);
  await Promise.all(all);
  expect(maxInWindow(granted, 60_000)).toBeLessThanOrEqual(6);
});

it('a canceled wait gives up its turn and does not block the ones behind it', async () => {
  jest.useFakeTimers({ now: 0 });
  const pacer = createPacer(60, 1, () => Date.now());
  await pacer.take();
  const abort = new AbortController();
  const canceled = pacer.take(abort.signal);
  const next = pacer.take();
  abort.abort();
  await expect(canceled).rejects.toBeDefined();
  let done = false;
  void next.then(() => (done = true));
  await jest.advanceTimersByTimeAsync(1_100);
  expect(done).toBe(true);
});

it('the panel’s pacer lets a whole 48-image Explore grid out at once, and still keeps any minute at 600', async () => {
  jest.useFakeTimers({ now: 0 });
  const pacer = createPacer(undefined, undefined, () => Date.now());
  const granted: number[] = [];
  const grid = Array.from({ length: 48 }, () => pacer.take().then(() => granted.push(Date.now())));
  await jest.advanceTimersByTimeAsync(0);
  await Promise.all(grid);
  expect(granted.every((t) => t === 0)).toBe(true);
  const more = Array.from({ length: 1000 }, () => pacer.take().then(() => granted.push(Date.now())));
  await jest.advanceTimersByTimeAsync(200_000);
  await Promise.all(more);
  expect(maxInWindow(granted, 60_000)).toBeLessThanOrEqual(600);
});
