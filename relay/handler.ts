/**
 * The relay: one Web-standard fetch handler that forwards an allow-list of Replicate API
 * routes and output downloads and adds CORS, so a Figma plugin (origin `null`) can use
 * Replicate, which sends no CORS headers. Runs under Node (relay/node.ts), Cloudflare
 * Workers (relay/worker.ts), Deno or Bun. No Node imports here.
 */

import { parseHostRules } from './address-guard';
import { BodyTooLargeError, limitBody, type LimitState } from './body-limit';
import { DEFAULT_STREAM_HOSTS, DEFAULT_UPSTREAM_TIMEOUT_MS, normaliseUpstream, type RelayConfig } from './config';
import { errorResponse, jsonResponse, preflightResponse, withCors } from './cors';
import { handleDownload } from './download';
import { handleStream } from './stream';
import { matchRoute } from './routes';
import { fetchWithDeadline, isNullBodyStatus, isRedirectStatus, passThroughHeaders } from './upstream';

export type { RelayConfig } from './config';
export { configFromEnv } from './config';

export const RELAY_USER_AGENT = 'figma-diffusion-relay/0.1';

/** Client headers forwarded to Replicate (Authorization is handled separately). */
const FORWARDED_HEADERS = ['Content-Type', 'Prefer', 'Cancel-After'] as const;
/** Upstream response headers passed back (Content-Length is added when it is still true). */
const RETURNED_HEADERS = ['Content-Type', 'Retry-After'] as const;

export type RelayHandler = (request: Request) => Promise<Response>;

export function createRelay(config: RelayConfig): RelayHandler {
  const upstreamBase = normaliseUpstream(config.upstream);
  const upstreamHost = new URL(upstreamBase).host;
  const rules = parseHostRules(config.downloadHosts);
  const streamRules = parseHostRules(config.streamHosts ?? [...DEFAULT_STREAM_HOSTS]);
  const fetchImpl: typeof fetch = config.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = config.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const maxBodyBytes = config.maxBodyBytes;
  const serverToken = config.serverToken?.trim() || undefined;
  const log = config.log;

  async function forward(request: Request, url: URL): Promise<Response> {
    const method = request.method.toUpperCase();
    const match = matchRoute(method, url.pathname);
    if (!match.ok) {
      const detail =
        match.reason === 'bad-path'
          ? 'The path is not allowed (only plain segments: no "..", no encoded slashes).'
          : match.reason === 'method'
            ? `${method} is not relayed for this path.`
            : 'The relay only forwards the Replicate routes the plugin uses.';
      return errorResponse(404, 'Not found', detail);
    }

    const authorization = serverToken ? `Bearer ${serverToken}` : request.headers.get('authorization');
    if (!authorization) {
      return errorResponse(
        401,
        'Unauthenticated',
        'No Replicate API token: send "Authorization: Bearer <token>" (set it in the plugin\'s settings), or start the relay with REPLICATE_API_TOKEN.',
      );
    }

    const headers = new Headers({ Authorization: authorization, 'User-Agent': RELAY_USER_AGENT });
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }

    let body: ReadableStream<Uint8Array> | null = null;
    const limit: LimitState = { bytes: 0, tooLarge: false };
    if (method === 'POST' && request.body) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!/^\d+$/.test(declared.trim())) return errorResponse(400, 'Bad request', 'Invalid Content-Length.');
        if (Number(declared) > maxBodyBytes) return tooLarge();
        headers.set('Content-Length', declared.trim());
      }
      body = limitBody(request.body, maxBodyBytes, limit);
    }

    const init: RequestInit & { duplex?: 'half' } = { method, headers, redirect: 'manual' };
    if (body) {
      init.body = body;
      init.duplex = 'half';
    }
    const result = await fetchWithDeadline(fetchImpl, upstreamBase + url.pathname + url.search, init, timeoutMs, request.signal);
    if (!result.ok) {
      if (limit.tooLarge) return tooLarge();
      if (result.kind === 'timeout') {
        return errorResponse(504, 'Replicate did not answer in time', `The relay waited ${Math.round(timeoutMs / 1000)} s for ${upstreamHost}.`);
      }
      return errorResponse(502, 'Relay could not reach Replicate', `${upstreamHost}: ${result.message}`);
    }
    const upstream = result.response;
    if (isRedirectStatus(upstream.status)) {
      await upstream.body?.cancel().catch(() => {});
      return errorResponse(502, 'Unexpected redirect from Replicate', `${upstreamHost} answered ${upstream.status}; the relay does not follow API redirects.`);
    }
    const responseHeaders = withCors(passThroughHeaders(upstream, RETURNED_HEADERS));
    responseHeaders.set('Cache-Control', 'no-store');
    return new Response(isNullBodyStatus(upstream.status) ? null : upstream.body, {
      status: upstream.status,
      headers: responseHeaders,
    });
  }

  function tooLarge(): Response {
    return errorResponse(413, 'Request body too large', `The relay accepts request bodies up to ${maxBodyBytes} bytes.`);
  }

  async function route(request: Request, url: URL, note: (text: string) => void): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method === 'OPTIONS') return preflightResponse();
    const path = url.pathname;
    if (path === '/' || path === '/health') {
      if (method !== 'GET' && method !== 'HEAD') return errorResponse(404, 'Not found', `${method} ${path} is not served.`);
      return jsonResponse(200, { ok: true, upstream: upstreamHost, serverToken: Boolean(serverToken), demo: Boolean(config.demo) });
    }
    if (path === '/download') {
      if (method !== 'GET') return errorResponse(404, 'Not found', 'The download route only answers GET.');
      return handleDownload(request, url, { rules, fetch: fetchImpl, timeoutMs, userAgent: RELAY_USER_AGENT, note });
    }
    if (path === '/stream') {
      if (method !== 'GET') return errorResponse(404, 'Not found', 'The stream route only answers GET.');
      return handleStream(request, url, { rules: streamRules, fetch: fetchImpl, timeoutMs, userAgent: RELAY_USER_AGENT, note });
    }
    if (path === '/v1' || path.startsWith('/v1/')) return forward(request, url);
    return errorResponse(404, 'Not found', 'The relay only forwards the Replicate routes the plugin uses (under /v1/), /download, /stream and /health.');
  }

  return async function relay(request: Request): Promise<Response> {
    const started = Date.now();
    let url: URL;
    let notes = '';
    let response: Response;
    try {
      url = new URL(request.url);
    } catch {
      return errorResponse(400, 'Bad request', 'Unparseable request URL.');
    }
    try {
      response = await route(request, url, (text) => {
        notes = ` ${text}`;
      });
    } catch (error) {
      const detail = error instanceof BodyTooLargeError ? error.message : 'Unexpected error in the relay.';
      response = errorResponse(error instanceof BodyTooLargeError ? 413 : 500, 'Relay error', detail);
    }
    if (log) {
      // Path only (never the query string, never headers), cut short.
      const path = url.pathname.length > 120 ? `${url.pathname.slice(0, 120)}...` : url.pathname;
      try {
        log(`${request.method} ${path}${notes} ${response.status} ${Date.now() - started}ms`);
      } catch {
        // A failing logger must not break the request.
      }
    }
    return response;
  };
}
