/**
 * @jest-environment jsdom
 */
import { options } from 'preact';
import { render } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { HIDDEN_RENDER_DELAY_MS, renderPerFrame } from '../../ui/render-per-frame';

const count = signal(0);
let renders = 0;
function Counter() {
  renders++;
  return <p>{count.value}</p>;
}

let frames: (() => void)[] = [];
const flushMicrotasks = () => new Promise((resolve) => setTimeout(resolve, 0));
const before = options.debounceRendering;

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
  frames = [];
  renders = 0;
  count.value = 0;
  renderPerFrame((cb) => frames.push(cb));
});
afterEach(() => {
  options.debounceRendering = before;
  jest.useRealTimers();
});

test('changes made before the next frame are drawn in one render, at that frame', () => {
  const { container } = render(<Counter />);
  const first = renders;
  for (let i = 1; i <= 48; i++) count.value = i;
  expect(renders).toBe(first);
  expect(frames).toHaveLength(1);
  frames.shift()!();
  expect(renders).toBe(first + 1);
  expect(container.textContent).toBe('48');
  // The fallback timer of a render already drawn does nothing more.
  jest.advanceTimersByTime(HIDDEN_RENDER_DELAY_MS);
  expect(renders).toBe(first + 1);
});

test('a panel that gets no frames still renders, a little later', () => {
  const { container } = render(<Counter />);
  count.value = 7;
  jest.advanceTimersByTime(HIDDEN_RENDER_DELAY_MS - 1);
  expect(container.textContent).toBe('0');
  jest.advanceTimersByTime(1);
  expect(container.textContent).toBe('7');
  // The frame that comes late draws nothing twice.
  const drawn = renders;
  frames.forEach((f) => f());
  expect(renders).toBe(drawn);
});
