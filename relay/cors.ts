/**
 * CORS for a Figma plugin: its UI iframe has origin `null`, so the relay allows any
 * origin. No cookies are involved (credentials are never allowed), so `*` is safe.
 */

export const ALLOWED_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Prefer', 'Cancel-After'] as const;

export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS.join(', '),
  'Access-Control-Max-Age': '86400',
  'Access-Control-Expose-Headers': 'Retry-After',
};

/** Adds the headers every non-preflight response carries. */
export function withCors(headers: Headers): Headers {
  headers.set('Access-Control-Allow-Origin', '*');
  headers.set('Access-Control-Expose-Headers', 'Retry-After');
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
