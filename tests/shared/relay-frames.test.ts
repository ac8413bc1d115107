/**
 * The framed answer format (shared/relay-frames.ts): whatever chunks a response arrives in, the
 * reader gives back each frame's head and exact bytes, each body its own buffer; a body that is
 * not frames, or ends inside one, is an error rather than a short file.
 */
import { frameChunks, readFrames, type Frame } from '../../shared/relay-frames';

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });

const concat = (chunks: Uint8Array[]) => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.byteLength));
  return out;
};

async function readAll(chunks: Uint8Array[]): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of readFrames(streamOf(chunks))) frames.push(frame);
  return frames;
}

const answer = new TextEncoder().encode(JSON.stringify({ id: 'p1', output: ['https://x/a.png', 'https://x/b.png'] }));
// Bytes that include newlines and what looks like a head, as image bytes may.
const image = new Uint8Array(5000).map((_, i) => (i % 7 === 0 ? 0x0a : (i * 31) % 256));
const written = concat([
  ...frameChunks({ i: 0, status: 201, files: ['https://x/a.png', 'https://x/b.png'] }, answer),
  ...frameChunks({ i: 0, file: 'https://x/a.png', status: 200, type: 'image/png' }, image),
  ...frameChunks({ i: 0, file: 'https://x/b.png', status: 404 }),
]);

it('reads the same frames whatever the chunks, cut at any byte', async () => {
  const expected = [
    { head: { i: 0, status: 201, files: ['https://x/a.png', 'https://x/b.png'], length: answer.length }, body: answer },
    { head: { i: 0, file: 'https://x/a.png', status: 200, type: 'image/png', length: image.length }, body: image },
    { head: { i: 0, file: 'https://x/b.png', status: 404, length: 0 }, body: new Uint8Array() },
  ];
  expect(await readAll([written])).toEqual(expected);
  // Cut in two at every place across the first two frames, and in many small pieces.
  for (let cut = 1; cut < 300; cut += 7) expect(await readAll([written.subarray(0, cut), written.subarray(cut)])).toEqual(expected);
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < written.length; at += 13) pieces.push(written.subarray(at, at + 13));
  expect(await readAll(pieces)).toEqual(expected);
});

it('gives each body a buffer of its own, so handing one over takes nothing else with it', async () => {
  const frames = await readAll([written]);
  for (const { body } of frames) expect(body.byteOffset === 0 && body.buffer.byteLength === body.byteLength).toBe(true);
});

it('refuses a body that is not frames, and one that ends inside a frame', async () => {
  await expect(readAll([new TextEncoder().encode('{"id":"p1"}\n')])).rejects.toThrow();
  await expect(readAll([new TextEncoder().encode('<html>'.repeat(20_000))])).rejects.toThrow(/no head/);
  await expect(readAll([written.subarray(0, written.length - 3)])).rejects.toThrow(/ended inside/);
});
