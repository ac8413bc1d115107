import { createRedrawPacing, MAX_WAIT_MS } from '../../playground/src/redraw-pacing';

test('the first change is drawn at once', () => {
  expect(createRedrawPacing().due(0)).toBe(true);
});

test('after a cheap redraw the next one may come in the next frame', () => {
  const pacing = createRedrawPacing();
  pacing.drawn(1000, 1001);
  expect(pacing.due(1001 + 16)).toBe(true);
});

test('after a costly redraw the next waits until the redraws take at most their share of the thread', () => {
  const pacing = createRedrawPacing(0.2);
  pacing.drawn(1000, 1016);
  // 16 ms drawing may take a fifth of the time: 64 ms must pass after it first.
  expect(pacing.due(1016 + 16)).toBe(false);
  expect(pacing.due(1016 + 63)).toBe(false);
  expect(pacing.due(1016 + 64)).toBe(true);
});

test('the wait follows the latest redraw, not the costliest so far', () => {
  const pacing = createRedrawPacing(0.2);
  pacing.drawn(0, 50);
  pacing.drawn(500, 501);
  expect(pacing.due(501 + 4)).toBe(true);
});

test('one slow redraw holds the next back no longer than MAX_WAIT_MS', () => {
  const pacing = createRedrawPacing(0.1);
  pacing.drawn(0, 90);
  expect(pacing.due(90 + MAX_WAIT_MS - 1)).toBe(false);
  expect(pacing.due(90 + MAX_WAIT_MS)).toBe(true);
});
