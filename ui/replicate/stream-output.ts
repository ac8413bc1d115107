// The replicate package's own server-sent-events reader (with its vendored, maintained
// eventsource-parser), pointed at the relay: Replicate's stream host sends no CORS headers.
// @ts-expect-error: the package ships no types for this module.
import { createReadableStream } from 'replicate/lib/stream';
import { NamedError } from '../../shared/errors';
import { withSmallChunks } from './small-chunks';

interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Reads a prediction's `urls.stream` through the relay's `/stream` route, handing each
 * `output` piece to `onPiece` as it arrives. Resolves with the whole text at `done`.
 */
export async function streamText(
  relayUrl: string,
  streamUrl: string,
  onPiece: (piece: string) => void,
  /** `headers`: what the relay itself needs (never the Replicate token: /stream does not use it). */
  options: { fetch: typeof fetch; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<string> {
  const url = `${relayUrl}/stream?url=${encodeURIComponent(streamUrl)}`;
  const stream = createReadableStream({
    url,
    // Its parser is quadratic in chunk size (see small-chunks.ts).
    fetch: withSmallChunks(options.fetch),
    options: {
      useFileOutput: false,
      signal: options.signal,
      headers: options.headers ?? {},
    },
  }) as ReadableStream<ServerSentEvent>;
  let text = '';
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (value.event === 'output') {
        text += value.data;
        onPiece(value.data);
      } else if (value.event === 'done') {
        break;
      }
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new NamedError('StreamFailed', `The language model stopped: ${readableReason((error as Error)?.message ?? String(error))}`);
  } finally {
    reader.releaseLock();
  }
  return text;
}

/** An `error` event carries JSON such as {"detail": "…"}; a person should read the detail. */
function readableReason(message: string): string {
  try {
    const parsed = JSON.parse(message) as { detail?: unknown; error?: unknown };
    const detail = parsed.detail ?? parsed.error;
    if (typeof detail === 'string' && detail.trim()) return detail.trim();
  } catch {
    // Not JSON: the message is already text.
  }
  return message;
}
