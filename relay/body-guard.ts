/**
 * Watches a response body streamed from upstream to the client: ends it when the upstream
 * goes quiet (idle), takes too long in all (a trickle of 1 byte a second is never idle), grows
 * past a size cap, or does not match its Content-Length. A broken body errors the client's
 * stream (so a truncated file is never taken as whole) and is reported once through `onEnd`.
 * A client that leaves ends it quietly.
 */

export interface BodyGuardOptions {
  idleMs?: number;
  totalMs?: number;
  maxBytes?: number;
  /** The Content-Length passed to the client, if any: the body must be exactly this long. */
  expectedBytes?: number;
  /** The client's request signal: when it aborts, a read error is the client leaving. */
  clientSignal?: AbortSignal;
  /** Called once when the body ends; `problem` is a one-line reason when it broke. */
  onEnd?: (problem?: string) => void;
}

export class BodyBrokeOff extends Error {
  override name = 'BodyBrokeOff';
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** A short, secret-free reason for a failed read (an error code, never a message with addresses). */
function readFailure(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return `upstream broke off (${code})`;
    current = (current as { cause?: unknown }).cause;
  }
  return 'upstream broke off';
}

const guarded = new WeakSet<ReadableStream<Uint8Array>>();

/** True for a body made by guardBody: its `onEnd` will run when it ends, however it ends. */
export function isGuardedBody(body: ReadableStream<Uint8Array>): boolean {
  return guarded.has(body);
}

/**
 * A guard's deadline never keeps a process alive on its own (Node: unref; Workers have no
 * such notion): a body nobody reads, such as an error page, must not hold a test run or a
 * relay shutdown for minutes.
 */
function later(run: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(run, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

export function guardBody(body: ReadableStream<Uint8Array>, options: BodyGuardOptions): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  let finished = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let totalTimer: ReturnType<typeof setTimeout> | undefined;
  let controllerRef: ReadableStreamDefaultController<Uint8Array>;

  const stopTimers = () => {
    clearTimeout(idleTimer);
    clearTimeout(totalTimer);
  };
  const end = (problem?: string) => {
    if (finished) return;
    finished = true;
    stopTimers();
    if (problem) {
      controllerRef.error(new BodyBrokeOff(problem));
      reader.cancel(problem).catch(() => {});
    } else {
      controllerRef.close();
    }
    options.onEnd?.(problem);
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      if (options.totalMs) {
        totalTimer = later(() => end(`not finished within ${seconds(options.totalMs!)}`), options.totalMs);
      }
    },
    async pull(controller) {
      if (options.idleMs) {
        idleTimer = later(() => end(`nothing received for ${seconds(options.idleMs!)}`), options.idleMs);
      }
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        clearTimeout(idleTimer);
        if (finished) return;
        if (options.clientSignal?.aborted) {
          // The panel left (Cancel, closed plugin): the normal end of a stream, not an error.
          finished = true;
          stopTimers();
          controller.close();
          options.onEnd?.();
          return;
        }
        end(readFailure(error));
        return;
      }
      clearTimeout(idleTimer);
      if (finished) return;
      if (chunk.done) {
        if (options.expectedBytes !== undefined && bytes !== options.expectedBytes) {
          end(`ended after ${bytes} of the ${options.expectedBytes} bytes it announced`);
        } else {
          end();
        }
        return;
      }
      bytes += chunk.value.byteLength;
      if (options.maxBytes !== undefined && bytes > options.maxBytes) {
        end(`larger than ${options.maxBytes} bytes`);
        return;
      }
      if (options.expectedBytes !== undefined && bytes > options.expectedBytes) {
        end(`longer than the ${options.expectedBytes} bytes it announced`);
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      if (!finished) {
        finished = true;
        stopTimers();
        options.onEnd?.();
      }
      return reader.cancel(reason).catch(() => {});
    },
  });
  guarded.add(stream);
  return stream;
}
