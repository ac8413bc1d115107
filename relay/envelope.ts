/**
 * Unwraps a call the panel sent as a simple request (shared/relay-envelope.ts): the inner
 * request keeps the outer one's Host and Origin (set by the browser, not by the page) and
 * takes only the envelope's allowed headers, then goes through the relay's own gate and
 * routing like any other. No Node imports here.
 */
import { ENVELOPE_HEADERS, type Envelope } from '../shared/relay-envelope';
import { errorResponse } from './cors';

const INNER_PATH = /^\/(v1\/[^?#]*|download|kept\/[^?#]*)(\?[^#]*)?$/;

/** The outer request's body as text, within what `calls` envelopes of the body limit can quote. */
export async function readEnvelopeText(outer: Request, maxBodyBytes: number, calls = 1): Promise<string | Response> {
  const tooLarge = () => errorResponse(413, 'Request body too large', `The relay accepts request bodies up to ${maxBodyBytes} bytes.`);
  // The envelope's JSON quotes the inner body: allow for that, no more.
  const limit = (maxBodyBytes * 2 + 16 * 1024) * calls;
  const declared = Number(outer.headers.get('content-length') ?? '0');
  if (declared > limit) return tooLarge();
  const text = await outer.text();
  return text.length > limit ? tooLarge() : text;
}

export async function unwrapEnvelope(outer: Request, url: URL, maxBodyBytes: number): Promise<Request | Response> {
  const text = await readEnvelopeText(outer, maxBodyBytes);
  if (text instanceof Response) return text;
  let envelope: Envelope;
  try {
    envelope = JSON.parse(text) as Envelope;
  } catch {
    return errorResponse(400, 'Bad envelope', 'The envelope is not JSON.');
  }
  return innerRequest(outer, url, envelope);
}

/** The request an envelope carries, or why it is refused. */
export function innerRequest(outer: Request, url: URL, envelope: Envelope): Request | Response {
  const refuse = (detail: string) => errorResponse(400, 'Bad envelope', detail);
  if (!envelope || (envelope.method !== 'GET' && envelope.method !== 'POST')) return refuse('The envelope carries GET or POST only.');
  if (typeof envelope.path !== 'string' || !INNER_PATH.test(envelope.path) || envelope.path.includes('..') || envelope.path.includes('//')) {
    return refuse('The envelope carries Replicate routes (/v1/…), /download and /kept/ only.');
  }
  if (envelope.body !== undefined && (typeof envelope.body !== 'string' || envelope.method !== 'POST')) return refuse('Only a POST carries a body, as text.');
  const headers = new Headers();
  for (const name of ['host', 'origin']) {
    const value = outer.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  for (const name of ENVELOPE_HEADERS) {
    const value = envelope.headers?.[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request(new URL(envelope.path, url.origin), {
    method: envelope.method,
    headers,
    ...(envelope.body !== undefined ? { body: envelope.body } : {}),
    signal: outer.signal,
  });
}
