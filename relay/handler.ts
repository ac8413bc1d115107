/**
 * The relay: one Web-standard fetch handler that forwards an allow-list of Replicate API
 * routes and output downloads and adds CORS, so a Figma plugin (origin `null`) can use
 * Replicate, which sends no CORS headers. Runs under Node (relay/node.ts), Cloudflare
 * Workers (relay/worker.ts), Deno or Bun. No Node imports here.
 */

import { parseHostRules } from './address-guard';
import { guardBody, isGuardedBody } from './body-guard';
import { BodyTooLargeError, limitBody, type LimitState } from './body-limit';
import { createKeyCheck, hostAllowed, originAllowed, parseModelAllowList, RELAY_KEY_HEADER } from './client-access';
import { createClientLimits } from './client-limits';
import {
  checkTokenMode,
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_MAX_DOWNLOAD_BYTES,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_STREAM_HOSTS,
  DEFAULT_STREAM_TIMEOUT_MS,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  normaliseUpstream,
  type RelayConfig,
} from './config';
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

/** What one request may do, decided before it is routed. */
interface Caller {
  /** Sent a valid relay key (always false on a relay without keys). */
  keyed: boolean;
  /** Whom the rate and concurrency limits count against. */
  client: string;
  /** Logs one line about the response body ending badly. */
  bodyProblem: (problem?: string) => void;
}

export function createRelay(config: RelayConfig): RelayHandler {
  checkTokenMode(config);
  const upstreamBase = normaliseUpstream(config.upstream);
  const upstreamHost = new URL(upstreamBase).host;
  const rules = parseHostRules(config.downloadHosts);
  const streamRules = parseHostRules(config.streamHosts ?? [...DEFAULT_STREAM_HOSTS]);
  const fetchImpl: typeof fetch = config.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = config.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const maxBodyBytes = config.maxBodyBytes;
  const serverToken = config.serverToken?.trim() || undefined;
  const log = config.log;
  const keys = (config.clientKeys ?? []).map((k) => k.trim()).filter(Boolean);
  const checkKey = keys.length ? createKeyCheck(keys) : undefined;
  const models = config.allowedModels?.length ? parseModelAllowList(config.allowedModels) : undefined;
  // Limits guard a token; a relay that spends each client's own token leaves that to Replicate.
  const admit =
    serverToken || config.rateLimitPerMinute !== undefined || config.maxConcurrent !== undefined
      ? createClientLimits({
          perMinute: config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
          maxConcurrent: config.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
        })
      : undefined;
  const idleMs = config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const bodyTimeouts = {
    idleMs,
    maxBytes: config.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES,
    downloadMs: config.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
    streamMs: config.streamTimeoutMs ?? DEFAULT_STREAM_TIMEOUT_MS,
  };

  /** RELAY_ALLOWED_MODELS: the model a route names, or a prediction's `version`. */
  async function modelRefusal(request: Request, segments: string[], method: string): Promise<{ refused?: Response; body?: Uint8Array }> {
    if (!models) return {};
    if (segments[1] === 'models') {
      return models.model(segments[2], segments[3]) ? {} : { refused: errorResponse(403, 'Model not allowed', 'This relay does not run that model.') };
    }
    if (method === 'POST' && segments.length === 2 && segments[1] === 'predictions') {
      const limit: LimitState = { bytes: 0, tooLarge: false };
      const bytes = request.body ? new Uint8Array(await new Response(limitBody(request.body, maxBodyBytes, limit)).arrayBuffer()) : new Uint8Array();
      let version: unknown;
      try {
        version = (JSON.parse(new TextDecoder().decode(bytes)) as { version?: unknown }).version;
      } catch {
        return { refused: errorResponse(400, 'Bad request', 'The prediction is not JSON.') };
      }
      return models.version(version) ? { body: bytes } : { refused: errorResponse(403, 'Model not allowed', 'This relay does not run that model version.') };
    }
    return {};
  }

  async function forward(request: Request, url: URL, caller: Caller): Promise<Response> {
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
    if (serverToken && match.keyOnly && !caller.keyed) {
      return errorResponse(403, 'Not relayed', 'This relay forwards that route only with a relay key.');
    }
    const allowed = await modelRefusal(request, match.segments, method);
    if (allowed.refused) return allowed.refused;

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

    let body: ReadableStream<Uint8Array> | Uint8Array | null = null;
    const limit: LimitState = { bytes: 0, tooLarge: false };
    if (allowed.body) {
      body = allowed.body;
      headers.set('Content-Length', String(allowed.body.byteLength));
    } else if (method === 'POST' && request.body) {
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
      init.body = body as BodyInit;
      if (!(body instanceof Uint8Array)) init.duplex = 'half';
    }
    const result = await fetchWithDeadline(fetchImpl, upstreamBase + url.pathname + url.search, init, timeoutMs, request.signal);
    if (!result.ok) {
      if (limit.tooLarge) return tooLarge();
      if (result.kind === 'timeout') {
        return errorResponse(504, 'Replicate did not answer in time', `The relay waited ${Math.round(timeoutMs / 1000)} s for ${upstreamHost}.`);
      }
      // The network error itself (resolved addresses, internal codes) stays out of the answer.
      return errorResponse(502, 'Relay could not reach Replicate', `${upstreamHost}: the relay could not connect.`);
    }
    const upstream = result.response;
    if (isRedirectStatus(upstream.status)) {
      await upstream.body?.cancel().catch(() => {});
      return errorResponse(502, 'Unexpected redirect from Replicate', `${upstreamHost} answered ${upstream.status}; the relay does not follow API redirects.`);
    }
    const responseHeaders = withCors(passThroughHeaders(upstream, RETURNED_HEADERS));
    responseHeaders.set('Cache-Control', 'no-store');
    const declared = responseHeaders.get('content-length');
    const guarded =
      isNullBodyStatus(upstream.status) || !upstream.body
        ? null
        : guardBody(upstream.body, {
            idleMs,
            totalMs: timeoutMs,
            expectedBytes: declared === null ? undefined : Number(declared),
            clientSignal: request.signal,
            onEnd: caller.bodyProblem,
          });
    return new Response(guarded, {
      status: upstream.status,
      headers: responseHeaders,
    });
  }

  function tooLarge(): Response {
    return errorResponse(413, 'Request body too large', `The relay accepts request bodies up to ${maxBodyBytes} bytes.`);
  }

  /** Host (DNS rebinding), Origin and relay key, before anything is routed. */
  async function gate(request: Request, url: URL, method: string): Promise<{ refused: Response } | { keyed: boolean; client: string }> {
    if (!hostAllowed(request, url, config.allowedHosts)) {
      return { refused: errorResponse(403, 'Host not allowed', 'This relay answers only to the host names it is configured for.') };
    }
    if (!originAllowed(request.headers.get('origin'), config.allowedOrigins)) {
      return { refused: errorResponse(403, 'Origin not allowed', 'This relay answers Figma plugins and the origins it is configured for.') };
    }
    if (!checkKey || method === 'OPTIONS') return { keyed: false, client: 'anonymous' };
    const index = await checkKey(request.headers.get(RELAY_KEY_HEADER));
    return index === -1 ? { keyed: false, client: 'no-key' } : { keyed: true, client: `key-${index}` };
  }

  async function route(request: Request, url: URL, caller: Caller, note: (text: string) => void): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method === 'OPTIONS') return preflightResponse();
    const path = url.pathname;
    if (path === '/' || path === '/health') {
      if (method !== 'GET' && method !== 'HEAD') return errorResponse(404, 'Not found', `${method} ${path} is not served.`);
      // Whether a token is held is the keyholders' business; others learn only that a key is needed.
      if (checkKey && !caller.keyed) return jsonResponse(200, { ok: true, keyRequired: true });
      return jsonResponse(200, { ok: true, upstream: upstreamHost, serverToken: Boolean(serverToken), demo: Boolean(config.demo) });
    }
    if (checkKey && !caller.keyed) {
      return errorResponse(
        403,
        'Relay key required',
        `This relay needs a relay key: ask whoever runs it, and put it in the plugin's Settings (Relay key). It is sent as ${RELAY_KEY_HEADER}.`,
      );
    }
    if (path === '/download') {
      if (method !== 'GET') return errorResponse(404, 'Not found', 'The download route only answers GET.');
      return handleDownload(request, url, {
        rules, fetch: fetchImpl, timeoutMs, userAgent: RELAY_USER_AGENT, note,
        maxBytes: bodyTimeouts.maxBytes, idleMs: bodyTimeouts.idleMs, totalMs: bodyTimeouts.downloadMs, onBodyEnd: caller.bodyProblem,
      });
    }
    if (path === '/stream') {
      if (method !== 'GET') return errorResponse(404, 'Not found', 'The stream route only answers GET.');
      return handleStream(request, url, {
        rules: streamRules, fetch: fetchImpl, timeoutMs, userAgent: RELAY_USER_AGENT, note,
        idleMs: bodyTimeouts.idleMs, totalMs: bodyTimeouts.streamMs, onBodyEnd: caller.bodyProblem,
      });
    }
    if (path === '/v1' || path.startsWith('/v1/')) return forward(request, url, caller);
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
    // Path only (never the query string, never headers), cut short.
    const path = url.pathname.length > 120 ? `${url.pathname.slice(0, 120)}...` : url.pathname;
    const say = (line: string) => {
      try {
        log?.(line);
      } catch {
        // A failing logger must not break the request.
      }
    };
    let release = () => {};
    const method = request.method.toUpperCase();
    const caller: Caller = {
      keyed: false,
      client: 'anonymous',
      bodyProblem(problem) {
        release();
        // One line per broken body, after the request's own line.
        if (problem) say(`${request.method} ${path}${notes} body ended: ${problem} ${Date.now() - started}ms`);
      },
    };
    try {
      const admitted = await gate(request, url, method);
      if ('refused' in admitted) {
        response = admitted.refused;
      } else {
        caller.keyed = admitted.keyed;
        caller.client = admitted.client;
        const slot = admit && method !== 'OPTIONS' && url.pathname !== '/health' && url.pathname !== '/' ? admit(caller.client) : undefined;
        if (slot && !slot.ok) {
          response = errorResponse(
            429,
            'Too many requests',
            slot.reason === 'rate' ? 'This relay limits how many requests each client sends a minute.' : 'This relay limits how many requests each client has running at once.',
            { 'Retry-After': String(slot.retryAfterSeconds) },
          );
        } else {
          if (slot) release = slot.release;
          response = await route(request, url, caller, (text) => {
            notes = ` ${text}`;
          });
        }
      }
    } catch (error) {
      const detail = error instanceof BodyTooLargeError ? error.message : 'Unexpected error in the relay.';
      response = errorResponse(error instanceof BodyTooLargeError ? 413 : 500, 'Relay error', detail);
    }
    // Bodies the relay made itself (JSON) hold no upstream; a guarded body releases when it ends.
    if (!response.body || !isGuardedBody(response.body)) release();
    say(`${request.method} ${path}${notes} ${response.status} ${Date.now() - started}ms`);
    return response;
  };
}
