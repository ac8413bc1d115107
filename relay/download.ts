/**
 * GET /download?url=<encoded https URL>: streams an output file from an allow-listed
 * host (Replicate's delivery CDN) with CORS, following redirects by hand and checking
 * every hop against the same rules. Never sends the Replicate token anywhere.
 */

import { checkDownloadUrl, type HostRule } from './address-guard';
import { guardBody } from './body-guard';
import { errorResponse, withCors } from './cors';
import { fetchWithDeadline, isNullBodyStatus, isRedirectStatus, passThroughHeaders } from './upstream';

export const MAX_REDIRECTS = 5;

export interface DownloadContext {
  rules: readonly HostRule[];
  fetch: typeof fetch;
  timeoutMs: number;
  userAgent: string;
  /** Lets the caller log which host was fetched (never the path or query). */
  note: (text: string) => void;
  maxBytes: number;
  idleMs: number;
  totalMs: number;
  /** Told once when the body ends, with a one-line reason if it broke off. */
  onBodyEnd: (problem?: string) => void;
}

/**
 * Only images are served as what they claim to be; anything else (an upstream's text/html
 * with a script) goes out as bytes to save, never as a page on the relay's origin.
 */
export function downloadContentType(upstream: string | null): string {
  const type = (upstream ?? '').split(';')[0].trim().toLowerCase();
  return /^image\/[a-z0-9][a-z0-9.+-]*$/.test(type) ? type : 'application/octet-stream';
}

export async function handleDownload(request: Request, requestUrl: URL, ctx: DownloadContext): Promise<Response> {
  const target = requestUrl.searchParams.get('url');
  if (!target) {
    return errorResponse(400, 'Missing download URL', 'Use GET /download?url=<encoded https URL>.');
  }
  let check = checkDownloadUrl(target, ctx.rules);
  if (!check.ok) return errorResponse(403, 'Download refused', check.reason);

  for (let hop = 0; ; hop++) {
    const url = check.url;
    ctx.note(url.host);
    const result = await fetchWithDeadline(
      ctx.fetch,
      url.href,
      {
        method: 'GET',
        redirect: 'manual',
        // identity keeps Content-Length true (fetch would otherwise decode and change it).
        headers: { Accept: '*/*', 'Accept-Encoding': 'identity', 'User-Agent': ctx.userAgent },
      },
      ctx.timeoutMs,
      request.signal,
    );
    if (!result.ok) {
      if (result.kind === 'timeout') {
        return errorResponse(504, 'Download timed out', `${url.host} did not answer: ${result.message}`);
      }
      // The network error itself (resolved addresses, internal codes) stays out of the answer.
      ctx.note(`${url.host} ${result.code ?? 'unreachable'}`);
      return errorResponse(502, 'Relay could not download the file', `The relay could not connect to ${url.host}.`);
    }
    const upstream = result.response;

    if (isRedirectStatus(upstream.status)) {
      const location = upstream.headers.get('location');
      await upstream.body?.cancel().catch(() => {});
      if (!location) {
        return errorResponse(502, 'Relay could not download the file', `${url.host} redirected without a Location.`);
      }
      if (hop >= MAX_REDIRECTS) {
        return errorResponse(502, 'Relay could not download the file', `More than ${MAX_REDIRECTS} redirects.`);
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return errorResponse(502, 'Relay could not download the file', `${url.host} redirected to an invalid URL.`);
      }
      check = checkDownloadUrl(next, ctx.rules);
      if (!check.ok) return errorResponse(403, 'Download refused', `Redirected to a refused address. ${check.reason}`);
      continue;
    }

    const headers = withCors(passThroughHeaders(upstream, ['Retry-After', 'Last-Modified', 'ETag']));
    headers.set('Content-Type', downloadContentType(upstream.headers.get('content-type')));
    const declared = headers.get('content-length');
    if (declared !== null && Number(declared) > ctx.maxBytes) {
      await upstream.body?.cancel().catch(() => {});
      return errorResponse(502, 'Download too large', `The relay passes on files up to ${ctx.maxBytes} bytes.`);
    }
    // Output files never change; errors (an expired file's 404) must not be cached.
    headers.set('Cache-Control', upstream.ok ? 'private, max-age=3600' : 'no-store');
    const body =
      isNullBodyStatus(upstream.status) || !upstream.body
        ? null
        : guardBody(upstream.body, {
            idleMs: ctx.idleMs,
            totalMs: ctx.totalMs,
            maxBytes: ctx.maxBytes,
            expectedBytes: declared === null ? undefined : Number(declared),
            clientSignal: request.signal,
            onEnd: ctx.onBodyEnd,
          });
    return new Response(body, { status: upstream.status, headers });
  }
}
