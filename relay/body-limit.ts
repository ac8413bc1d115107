/**
 * Counts the bytes of a streamed request body and cuts it off with an error once it
 * passes the limit. Pull-based, so backpressure from the upstream connection is kept.
 */

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

export interface LimitState {
  bytes: number;
  tooLarge: boolean;
}

export function limitBody(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  state: LimitState = { bytes: 0, tooLarge: false },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(error);
        return;
      }
      if (chunk.done) {
        controller.close();
        return;
      }
      state.bytes += chunk.value.byteLength;
      if (state.bytes > maxBytes) {
        state.tooLarge = true;
        const error = new BodyTooLargeError(maxBytes);
        controller.error(error);
        reader.cancel(error).catch(() => {});
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
