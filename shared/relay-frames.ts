/**
 * Answers with their files behind them, in one response (`Content-Type: application/x-relay-frames`):
 * a finished prediction's JSON goes first, the moment the relay has it, and each output file
 * follows as raw bytes when the relay has fetched it. The panel makes no download round trip per
 * image and nothing is base64'd or parsed as one large JSON string (which had cost the relay ~7 ms
 * and its garbage collector more per prediction of an Explore grid: BENCHMARKS.md).
 *
 * Each frame is one line of JSON (its head) and then exactly `length` bytes. A batch's frames
 * carry the index of their call; a single call's are all `i: 0`. Used by the relay (Node and
 * Workers) and the panel, so no Node imports here.
 */

/** The content type of a framed answer. */
export const FRAMES_TYPE = 'application/x-relay-frames';
/** Sent as `x-relay-inline` (inside an envelope) to ask for a finished prediction's files behind its answer. */
export const FRAMES_ASK = 'frames';

/** A call's answer: its HTTP status, its body (JSON text) and which of its output files follow. */
export interface AnswerHead {
  i: number;
  status: number;
  length: number;
  /** Output URLs whose bytes follow in this response (each as a FileHead), in no set order. */
  files?: string[];
}

/**
 * One output file of call `i`: its bytes with status 200, or none with the reason the relay did
 * not carry it (the status /download met, or 0 when it was over what one answer carries), in
 * which case the panel downloads it itself.
 */
export interface FileHead {
  i: number;
  file: string;
  status: number;
  type?: string;
  length: number;
}

export type FrameHead = AnswerHead | FileHead;

export interface Frame {
  head: FrameHead;
  body: Uint8Array;
}

export function isFileHead(head: FrameHead): head is FileHead {
  return typeof (head as FileHead).file === 'string';
}

/** A frame's head as written: its `length` is its bytes'. */
export type FrameInit = Omit<AnswerHead, 'length'> | Omit<FileHead, 'length'>;

/** A frame as the chunks to write (its head line, then its bytes), enqueued together so frames never interleave. */
export function frameChunks(head: FrameInit, body: Uint8Array = new Uint8Array()): Uint8Array[] {
  const line = new TextEncoder().encode(`${JSON.stringify({ ...head, length: body.byteLength })}\n`);
  return body.byteLength > 0 ? [line, body] : [line];
}

/**
 * A response body of frames. `produce` writes each frame whole (head and bytes together, so
 * frames written from concurrent work never interleave); the body ends when `produce` settles.
 * Frames written after the reader went away are dropped; `onCancel` hears that it went.
 */
export function frameStream(produce: (write: (head: FrameInit, body?: Uint8Array) => void) => Promise<void>, onCancel?: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (head: FrameInit, body?: Uint8Array) => {
        try {
          for (const chunk of frameChunks(head, body)) controller.enqueue(chunk);
        } catch {
          // Cancelled: nobody is reading any more.
        }
      };
      try {
        await produce(write);
      } finally {
        try {
          controller.close();
        } catch {
          // Already cancelled.
        }
      }
    },
    cancel() {
      onCancel?.();
    },
  });
}

/** A head line longer than this is not one of ours (a head names at most a few URLs). */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * The frames of a response body as they complete. Each body has a buffer of its own (placing hands
 * an image's buffer over to the controller, which must not take its neighbours with it). Throws on
 * a body that is not frames or that ends inside one.
 */
export async function* readFrames(stream: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  const reader = stream.getReader();
  const queue = new ByteQueue();
  const decoder = new TextDecoder();
  let head: FrameHead | undefined;
  try {
    for (;;) {
      // Every frame the bytes so far complete, then more bytes.
      for (;;) {
        if (!head) {
          const end = queue.indexOf(0x0a);
          if (end < 0) {
            if (queue.size > MAX_HEAD_BYTES) throw new Error('Not a framed answer: no head line.');
            break;
          }
          head = parseHead(decoder.decode(queue.take(end + 1)));
        }
        if (queue.size < head.length) break;
        const frame = { head, body: queue.take(head.length) };
        head = undefined;
        yield frame;
      }
      const { value, done } = await reader.read();
      if (done) break;
      queue.push(value);
    }
    if (head || queue.size > 0) throw new Error('The framed answer ended inside a frame.');
  } finally {
    reader.releaseLock();
  }
}

function parseHead(text: string): FrameHead {
  const head = JSON.parse(text) as FrameHead;
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (!head || !count(head.i) || !count(head.length) || typeof head.status !== 'number') throw new Error('Not a frame head.');
  return head;
}

/** Bytes received and not yet read, as the chunks they came in (joined only when a frame needs them). */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  size = 0;

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.byteLength;
  }

  indexOf(byte: number): number {
    let offset = 0;
    for (const chunk of this.chunks) {
      const at = chunk.indexOf(byte);
      if (at >= 0) return offset + at;
      offset += chunk.byteLength;
    }
    return -1;
  }

  /** The first `n` bytes, removed, as a new array of their own. */
  take(n: number): Uint8Array {
    const first = this.chunks[0];
    // A chunk that is exactly this frame's bytes, alone in its buffer, is already its own.
    if (first && first.byteLength === n && first.byteOffset === 0 && first.buffer.byteLength === n) {
      this.chunks.shift();
      this.size -= n;
      return first;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const part = Math.min(chunk.byteLength, n - filled);
      out.set(part === chunk.byteLength ? chunk : chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.byteLength) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    this.size -= n;
    return out;
  }
}
