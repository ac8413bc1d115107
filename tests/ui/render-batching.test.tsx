/**
 * @jest-environment jsdom
 */
import { options } from 'preact';
import { render } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { RENDER_BATCH_MS, batchRenders } from '../../ui/render-batching';

const count = signal(0);
let renders = 0;
function Counter() {
  renders++;
  return <p>{count.value}</p>;
}

const before = options.debounceRendering;
beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
  renders = 0;
  count.value = 0;
  batchRenders();
});
afterEach(() => {
  options.debounceRendering = before;
  jest.useRealTimers();
});

test('changes made within a frame are drawn in one render, a frame later', async () => {
  const { container } = render(<Counter />);
  const first = renders;
  // Separate tasks, as a grid's results arrive.
  for (let i = 1; i <= 48; i++) {
    count.value = i;
    await Promise.resolve();
    jest.advanceTimersByTime(RENDER_BATCH_MS / 48);
  }
  expect(renders).toBe(first);
  jest.advanceTimersByTime(RENDER_BATCH_MS);
  expect(renders).toBe(first + 1);
  expect(container.textContent).toBe('48');
});

test('a change on its own is drawn a frame later', () => {
  const { container } = render(<Counter />);
  count.value = 7;
  jest.advanceTimersByTime(RENDER_BATCH_MS - 1);
  expect(container.textContent).toBe('0');
  jest.advanceTimersByTime(1);
  expect(container.textContent).toBe('7');
});
