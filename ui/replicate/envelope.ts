import { ENVELOPE_PATH, ENVELOPE_HEADERS, type Envelope } from '../../shared/relay-envelope';

/**
 * The panel's origin is `null` (Figma's plugin iframe), and Chromium reuses no CORS preflight
 * for it: every call with a token or a JSON body paid an OPTIONS round trip first (BENCHMARKS.md).
 * A `text/plain` POST is a simple request and needs none, so each relay call the plugin makes
 * with a text body or none goes as one POST to the relay's envelope route, which unwraps it
 * and applies the same Origin, key and route checks. File uploads (FormData) go as they are.
 */
export function inEnvelopes(relayUrl: string, fetchImpl: typeof fetch): typeof fetch {
  const relay = new URL(relayUrl);
  return async (input, init) => {
    const envelope = toEnvelope(relay, input, init);
    if (!envelope) return fetchImpl(input, init);
    // A GET with nothing to carry (a download from a relay without keys) is simple already.
    if (envelope.method === 'GET' && Object.keys(envelope.headers).length === 0) return fetchImpl(input, init);
    return fetchImpl(`${relay.origin}${ENVELOPE_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(envelope),
      ...(init?.signal ? { signal: init.signal } : {}),
    });
  };
}

/** The envelope a call to the relay travels in, or undefined for one that goes as it is (an upload, another host). */
export function toEnvelope(relay: URL, input: RequestInfo | URL, init: RequestInit | undefined): Envelope | undefined {
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request ? request.url : String(input), relay);
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const body = init?.body ?? undefined;
  const wrappable =
    url.origin === relay.origin &&
    !request &&
    (method === 'GET' || method === 'POST') &&
    (body === undefined || body === null || typeof body === 'string') &&
    (url.pathname.startsWith('/v1/') || url.pathname === '/download' || url.pathname.startsWith('/kept/'));
  if (!wrappable) return undefined;
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    if ((ENVELOPE_HEADERS as readonly string[]).includes(name)) headers[name] = value;
  });
  return { method: method as Envelope['method'], path: url.pathname + url.search, headers, ...(typeof body === 'string' ? { body } : {}) };
}
