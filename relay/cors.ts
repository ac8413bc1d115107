/**
 * CORS for a Figma plugin: its UI iframe has origin `null`. The handler refuses other
 * origins before answering (see client-access.ts); no cookies are involved (credentials are
 * never allowed), so the header itself can stay `*`.
 */

export const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Prefer', 'Cancel-After', 'X-Relay-Key'] as const;

export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS.join(', '),
  'Access-Control-Max-Age': '86400',
  'Access-Control-Expose-Headers': 'Retry-After',
};

/**
 * Adds the headers every non-preflight response carries. Whatever an upstream sends, opened
 * from the relay's own origin it is never sniffed into a page and never runs script.
 */
export function withCors(headers: Headers): Headers {
  headers.set('Access-Control-Allow-Origin', '*');
  headers.set('Access-Control-Expose-Headers', 'Retry-After');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Content-Security-Policy', "sandbox; default-src 'none'");
  return headers;
}

export function preflightResponse(): Response {
  return new Response(null, { status: 204, headers: new Headers(PREFLIGHT_HEADERS) });
}

/** A JSON response with CORS headers; error bodies follow Replicate's `{title, detail, status}` shape. */
export function jsonResponse(status: number, body: unknown, extra?: Record<string, string>): Response {
  const headers = withCors(new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }));
  if (extra) for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return new Response(JSON.stringify(body), { status, headers });
}

export function errorResponse(status: number, title: string, detail: string, extra?: Record<string, string>): Response {
  return jsonResponse(status, { title, detail, status }, extra);
}
