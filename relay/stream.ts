/**
 * GET /stream?url=<encoded https URL>: a language model's server-sent events
 * (`urls.stream` of a prediction created with `stream: true`), piped through as they
 * arrive, with CORS. Replicate's stream host sends no CORS headers either. Allow-listed to
 * the stream hosts only; no redirects; never sends the Replicate token (the stream URL
 * carries its own access).
 */

import { checkDownloadUrl, type HostRule } from './address-guard';
import { errorResponse, withCors } from './cors';
import { fetchWithDeadline, isNullBodyStatus, isRedirectStatus, passThroughHeaders } from './upstream';

export interface StreamContext {
  rules: readonly HostRule[];
  fetch: typeof fetch;
  timeoutMs: number;
  userAgent: string;
  note: (text: string) => void;
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
    return errorResponse(502, 'Relay could not open the stream', `${check.url.host}: ${result.message}`);
  }
  const upstream = result.response;
  if (isRedirectStatus(upstream.status)) {
    await upstream.body?.cancel().catch(() => {});
    return errorResponse(502, 'Unexpected redirect from the stream host', `${check.url.host} answered ${upstream.status}; the relay does not follow stream redirects.`);
  }
  const headers = withCors(passThroughHeaders(upstream, ['Content-Type']));
  headers.set('Cache-Control', 'no-store');
  // Proxies in front of the relay (nginx) would otherwise hold events back to fill a buffer.
  headers.set('X-Accel-Buffering', 'no');
  const body = isNullBodyStatus(upstream.status) || !upstream.body ? null : endQuietlyWhenClientLeaves(upstream.body, request.signal);
  return new Response(body, { status: upstream.status, headers });
}

/**
 * A panel that stops reading (Cancel, closed plugin) aborts the upstream read; that is the
 * normal end of a stream, not a relay error to log. Any other break still errors the body,
 * so the panel sees the stream broke off.
 */
function endQuietlyWhenClientLeaves(body: ReadableStream<Uint8Array>, clientSignal: AbortSignal): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (clientSignal.aborted) controller.close();
        else controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason).catch(() => {});
    },
  });
}
