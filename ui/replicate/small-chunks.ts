/**
 * The replicate package's server-sent-events parser (its vendored eventsource-parser 1.1.2)
 * rescans everything it was handed for each line it reads, so one large chunk — a stream
 * joined late replays its whole backlog at once — costs time quadratic in its size (a page
 * design's ~5,000 events: many seconds of a frozen panel). Handing it the same bytes in small
 * chunks keeps it linear.
 */

export const SSE_CHUNK_BYTES = 1024;

/** A fetch whose response bodies arrive in chunks of at most `size` bytes. */
export function withSmallChunks(fetchImpl: typeof fetch, size = SSE_CHUNK_BYTES): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (!response.body) return response;
    const split = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        for (let i = 0; i < chunk.length; i += size) controller.enqueue(chunk.subarray(i, i + size));
      },
    });
    return new Response(response.body.pipeThrough(split), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
