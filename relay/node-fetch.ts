/**
 * The Node relay's upstream calls (Replicate's API, its delivery host), made with undici's
 * `request` and handed to the Web-standard handler as a `Response`. Node's own `fetch` is undici
 * too, but builds its whole Fetch machinery per call (request object, body streams, header
 * guards): ~1.4 ms of CPU per call on this machine against ~0.5 ms here, with the relay and the
 * server both counted (BENCHMARKS.md). An Explore grid makes 48 creates and fetches 48 files at
 * once, one after another on the relay's thread.
 *
 * Only what the relay asks of fetch: a string URL, method, headers, a body (bytes, text or a
 * stream), `redirect: 'manual'` (nothing is followed here) and an abort signal. Workers keep
 * their own fetch.
 */
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';

/** Statuses whose response has no body (a Response refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

const agent = new Agent({ keepAliveTimeout: 10_000 });

export const nodeFetch: typeof fetch = async (input, init = {}) => {
  if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('nodeFetch takes a URL and its init, not a Request.');
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  const answer = await request(input, {
    method: (init.method ?? 'GET').toUpperCase() as 'GET',
    headers,
    body: bodyOf(init.body),
    signal: init.signal ?? undefined,
    dispatcher: agent,
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(name, v));
    else if (value !== undefined) responseHeaders.append(name, value);
  }
  if (NULL_BODY.has(answer.statusCode)) {
    discard(answer.body);
    return new Response(null, { status: answer.statusCode, headers: responseHeaders });
  }
  return new Response(webStream(answer.body), { status: answer.statusCode, headers: responseHeaders });
};

function bodyOf(body: RequestInit['body']): string | Uint8Array | Readable | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof ReadableStream) return Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  throw new TypeError('nodeFetch sends bytes, text or a stream.');
}

/** A pull-driven byte stream over undici's body: nothing is read ahead of the reader. */
function webStream(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    cancel() {
      discard(body);
    },
  });
}

/** Stops a body nobody will read (undici reports that as an abort, which is no one's error here). */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
