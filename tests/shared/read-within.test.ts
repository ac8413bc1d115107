import { readWithin } from '../../shared/read-within';

function stream(chunks: Uint8Array[]) {
  let pulled = 0;
  let canceled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks.length) return controller.close();
      controller.enqueue(chunks[pulled++]);
    },
    cancel() {
      canceled = true;
    },
  });
  return { body, pulled: () => pulled, canceled: () => canceled };
}

test('reads every chunk into one buffer of its own', async () => {
  const bytes = await readWithin(stream([new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5])]).body, 10);
  expect([...bytes!]).toEqual([1, 2, 3, 4, 5]);
  expect(bytes!.byteLength).toBe(bytes!.buffer.byteLength);
});

test('stops at the limit: undefined, and the rest is not read', async () => {
  const s = stream(Array.from({ length: 10 }, () => new Uint8Array(4)));
  expect(await readWithin(s.body, 10)).toBeUndefined();
  expect(s.pulled()).toBeLessThan(10);
  expect(s.canceled()).toBe(true);
});

test('a body exactly at the limit is read', async () => {
  expect((await readWithin(stream([new Uint8Array(6), new Uint8Array(4)]).body, 10))!.byteLength).toBe(10);
});

test('a single chunk that is a view into a larger buffer is copied out (it may be transferred)', async () => {
  const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
  const bytes = await readWithin(stream([big.subarray(2, 5)]).body, 10);
  expect([...bytes!]).toEqual([1, 2, 3]);
  expect(bytes!.buffer.byteLength).toBe(3);
});
