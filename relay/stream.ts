/**
 * GET /stream?url=<encoded https URL>: a language model's server-sent events
 * (`urls.stream` of a prediction created with `stream: true`), piped through as they
 * arrive, with CORS. Replicate's stream host sends no CORS headers either. Allow-listed to
 * the stream hosts only; no redirects; never sends the Replicate token (the stream URL
 * carries its own access).
 */

import { checkDownloadUrl, type HostRule } from './address-guard';
import { guardBody } from './body-guard';
import { errorResponse, withCors } from './cors';
import { fetchWithDeadline, isNullBodyStatus, isRedirectStatus, passThroughHeaders } from './upstream';

export interface StreamContext {
  rules: readonly HostRule[];
  fetch: typeof fetch;
  timeoutMs: number;
  userAgent: string;
  note: (text: string) => void;
  idleMs: number;
  totalMs: number;
  onBodyEnd: (problem?: string) => void;
}

export async function handleStream(request: Request, requestUrl: URL, ctx: StreamContext): Promise<Response> {
  const target = requestUrl.searchParams.get('url');
  if (!target) return errorResponse(400, 'Missing stream URL', 'Use GET /stream?url=<encoded https URL>.');
  const check = checkDownloadUrl(target, ctx.rules);
  if (!check.ok) return errorResponse(403, 'Stream refused', check.reason);
  ctx.note(check.url.host);
  const result = await fetchWithDeadline(
    ctx.fetch,
    check.url.href,
    {
      method: 'GET',
      redirect: 'manual',
      headers: { Accept: 'text/event-stream', 'Cache-Control': 'no-store', 'User-Agent': ctx.userAgent },
    },
    ctx.timeoutMs,
    request.signal,
  );
  if (!result.ok) {
    if (result.kind === 'timeout') return errorResponse(504, 'Stream timed out', `${check.url.host} did not answer: ${result.message}`);
    ctx.note(`${check.url.host} ${result.code ?? 'unreachable'}`);
    return errorResponse(502, 'Relay could not open the stream', `The relay could not connect to ${check.url.host}.`);
  }
  const upstream = result.response;
  if (isRedirectStatus(upstream.status)) {
    await upstream.body?.cancel().catch(() => {});
    return errorResponse(502, 'Unexpected redirect from the stream host', `${check.url.host} answered ${upstream.status}; the relay does not follow stream redirects.`);
  }
  const headers = withCors(passThroughHeaders(upstream, []));
  // Events are all this route passes on as what they are; anything else is bytes, never a page.
  const type = (upstream.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  headers.set('Content-Type', type === 'text/event-stream' ? 'text/event-stream' : 'application/octet-stream');
  headers.set('Cache-Control', 'no-store');
  // Proxies in front of the relay (nginx) would otherwise hold events back to fill a buffer.
  headers.set('X-Accel-Buffering', 'no');
  const declared = headers.get('content-length');
  // A panel that stops reading (Cancel, closed plugin) is the normal end of a stream, not an error.
  const body =
    isNullBodyStatus(upstream.status) || !upstream.body
      ? null
      : guardBody(upstream.body, {
          idleMs: ctx.idleMs,
          totalMs: ctx.totalMs,
          expectedBytes: declared === null ? undefined : Number(declared),
          clientSignal: request.signal,
          onEnd: ctx.onBodyEnd,
        });
  return new Response(body, { status: upstream.status, headers });
}
