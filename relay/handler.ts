/**
 * The relay: one Web-standard fetch handler that forwards an allow-list of Replicate API
 * routes and output downloads and adds CORS, so a Figma plugin (origin `null`) can use
 * Replicate, which sends no CORS headers. Runs under Node (relay/node.ts), Cloudflare
 * Workers (relay/worker.ts), Deno or Bun. No Node imports here.
 */

import { checkDownloadUrl, parseHostRules } from './address-guard';
import { guardBody, isGuardedBody } from './body-guard';
import { BodyTooLargeError, limitBody, type LimitState } from './body-limit';
import { readWithin } from '../shared/read-within';
import { createKeyCheck, hostAllowed, originAllowed, parseModelAllowList, RELAY_KEY_HEADER } from './client-access';
import { createClientLimits } from './client-limits';
import {
  checkKeepMode,
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
  RelayConfigError,
  type RelayConfig,
} from './config';
import { errorResponse, jsonResponse, preflightResponse, withCors } from './cors';
import { unwrapEnvelope } from './envelope';
import { ENVELOPE_PATH, PREDICTION_CREATE_PATH } from '../shared/relay-envelope';
import { handleDownload } from './download';
import { handleStream } from './stream';
import { createKeeper, DEFAULT_KEEP_DAYS, KEPT_PREFIX, ownerOf, WEBHOOK_PATH, type KeptKind } from './kept-outputs';
import { createSecretSource } from './webhooks';
import { matchRoute } from './routes';
import { createWarmOutputs } from './warm-outputs';
import { INLINE_HEADER, framedAnswer } from './framed-outputs';
import { FRAMES_ASK } from '../shared/relay-frames';
import { BATCH_PATH, handleBatch } from './batch';
import { fetchWithDeadline, isNullBodyStatus, isRedirectStatus, passThroughHeaders } from './upstream';

export type { RelayConfig } from './config';
export { configFromEnv } from './config';

export const RELAY_USER_AGENT = 'figma-diffusion-relay/0.1';

/** Client headers forwarded to Replicate (Authorization is handled separately). */
const FORWARDED_HEADERS = ['Content-Type', 'Prefer', 'Cancel-After'] as const;
/** Upstream response headers passed back (Content-Length is added when it is still true). */
const RETURNED_HEADERS = ['Content-Type', 'Retry-After'] as const;

export type RelayHandler = ((request: Request) => Promise<Response>) & {
  /** With kept outputs: deletes every kept prediction past its retention; returns how many. */
  sweep?: () => Promise<number>;
};

/** What one request may do, decided before it is routed. */
interface Caller {
  /** Sent a valid relay key (always false on a relay without keys). */
  keyed: boolean;
  /** Whom the rate and concurrency limits count against. */
  client: string;
  /** Whose kept predictions it may read: a hash of its key, or 'open' on a relay without keys. */
  owner: string;
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
  const now = config.now ?? (() => Date.now());
  checkKeepMode(config);
  if (config.publicUrl && !config.keepStore) {
    throw new RelayConfigError('RELAY_PUBLIC_URL is set but the relay has nowhere to keep outputs (the KEPT_OUTPUTS bucket binding on Workers, RELAY_KEEP_DIR on Node).');
  }
  const keeper =
    config.publicUrl && config.keepStore && serverToken
      ? createKeeper({
          store: config.keepStore,
          publicUrl: config.publicUrl,
          keepMs: (config.keepDays ?? DEFAULT_KEEP_DAYS) * 86_400_000,
          now,
          toleranceSeconds: config.webhookToleranceSeconds,
          secret: createSecretSource(() => webhookSecret(serverToken), { now }),
          isOutputUrl,
          fetchOutput: downloadOutput,
        })
      : undefined;
  const warm = config.warmOutputs ? createWarmOutputs({ download: downloadOutput, isOutputUrl }) : undefined;

  function isOutputUrl(value: string): boolean {
    return /^https?:\/\//i.test(value) && checkDownloadUrl(value, rules).ok;
  }

  /** An output file fetched by the relay itself, through the same rules as GET /download. */
  function downloadOutput(target: string, signal?: AbortSignal): Promise<Response> {
    const url = new URL(`http://relay.internal/download?url=${encodeURIComponent(target)}`);
    return handleDownload(new Request(url, signal ? { signal } : {}), url, {
      rules, fetch: fetchImpl, timeoutMs, userAgent: RELAY_USER_AGENT, note: () => undefined,
      maxBytes: bodyTimeouts.maxBytes, idleMs: bodyTimeouts.idleMs, totalMs: bodyTimeouts.downloadMs, onBodyEnd: () => undefined,
    });
  }

  /** GET /v1/webhooks/default/secret with the relay's token: the key Replicate signs webhooks with. */
  async function webhookSecret(token: string): Promise<string> {
    const headers = { Authorization: `Bearer ${token}`, 'User-Agent': RELAY_USER_AGENT };
    const result = await fetchWithDeadline(fetchImpl, `${upstreamBase}/v1/webhooks/default/secret`, { method: 'GET', headers, redirect: 'manual' }, timeoutMs);
    if (!result.ok || !result.response.ok) {
      if (result.ok) await result.response.body?.cancel().catch(() => undefined);
      throw new Error('webhook secret unavailable');
    }
    const key = ((await result.response.json()) as { key?: unknown }).key;
    if (typeof key !== 'string') throw new Error('webhook secret unavailable');
    return key;
  }

  /** The JSON body of a create request, read within the body limit. */
  async function readJsonBody(request: Request, already?: Uint8Array): Promise<Record<string, unknown> | undefined> {
    const limit: LimitState = { bytes: 0, tooLarge: false };
    const bytes = already ?? (request.body ? new Uint8Array(await new Response(limitBody(request.body, maxBodyBytes, limit)).arrayBuffer()) : new Uint8Array());
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** RELAY_ALLOWED_MODELS: the model a route names, or a prediction's `version`. */
  async function modelRefusal(request: Request, segments: string[], method: string): Promise<{ refused?: Response; body?: Uint8Array }> {
    if (!models) return {};
    if (segments[1] === 'models') {
      return models.model(segments[2], segments[3]) ? {} : { refused: errorResponse(403, 'Model not allowed', 'This relay does not run that model.') };
    }
    if (method === 'POST' && segments.length === 2 && segments[1] === 'predictions') {
      const bytes = request.body ? await readWithin(request.body, maxBodyBytes) : new Uint8Array();
      if (!bytes) throw new BodyTooLargeError(maxBodyBytes);
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

  async function forward(request: Request, url: URL, caller: Caller, note: (text: string) => void): Promise<Response> {
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
    // With a public URL, what is created here reports back to the relay when it ends.
    const keepKind = keeper && method === 'POST' ? keptKind(match.pattern) : undefined;
    if (keeper && keepKind) {
      const parsed = await readJsonBody(request, allowed.body);
      if (!parsed) return errorResponse(400, 'Bad request', 'The request body is not a JSON object.');
      allowed.body = new TextEncoder().encode(JSON.stringify(keeper.withWebhook(parsed)));
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
      if (PREDICTION_CREATE_PATH.test(url.pathname)) {
        // A create is a little JSON: sent on whole with its length (no request-body stream, its
        // copy and a half-duplex upload per create); uploads, like /v1/files, stream.
        const bytes = await readWithin(request.body, maxBodyBytes);
        if (!bytes) return tooLarge();
        body = bytes;
        headers.set('Content-Length', String(bytes.byteLength));
      } else body = limitBody(request.body, maxBodyBytes, limit);
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
    const keeping = keeper && keepKind;
    const warming = warm && PREDICTION_ROUTES.has(match.pattern);
    // Asked, the files follow the answer in the same response: the panel makes no download
    // round trip per image (on loopback too that beat warming: BENCHMARKS.md). Not asked, or
    // too many to carry, a Node relay warms them for the panel's downloads instead.
    const framing = request.headers.get(INLINE_HEADER) === FRAMES_ASK && PREDICTION_ROUTES.has(match.pattern);
    if ((keeping || warming || framing) && upstream.ok && upstream.body) {
      // Read whole (a prediction is small) to learn its id, whose key made it, and its outputs.
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await new Response(guardBody(upstream.body, { idleMs, totalMs: timeoutMs, maxBytes: maxBodyBytes })).arrayBuffer());
      } catch {
        return errorResponse(502, 'Relay could not read Replicate\'s answer', `${upstreamHost}: the answer broke off.`);
      }
      let prediction: unknown;
      try {
        prediction = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        prediction = undefined;
      }
      if (keeping) {
        try {
          await keeper.created(keepKind, prediction, caller.owner);
        } catch {
          // Polling still works; only keeping this one is lost.
          note('not recorded for keeping');
        }
      }
      // Its files behind the answer (relay/framed-outputs.ts), or on their way here before the
      // panel asks for them (relay/warm-outputs.ts).
      const framed = framing ? framedAnswer({ status: upstream.status, headers: responseHeaders, body: bytes }, prediction, { download: downloadOutput, isOutputUrl }) : undefined;
      if (framed) {
        note('framed');
        return framed;
      }
      if (warming) warm.seen(prediction);
      responseHeaders.set('Content-Length', String(bytes.byteLength));
      return new Response(bytes as BodyInit, { status: upstream.status, headers: responseHeaders });
    }
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
  async function gate(request: Request, url: URL, method: string): Promise<{ refused: Response } | { keyed: boolean; client: string; owner: string }> {
    if (!hostAllowed(request, url, config.allowedHosts)) {
      return { refused: errorResponse(403, 'Host not allowed', 'This relay answers only to the host names it is configured for.') };
    }
    if (!originAllowed(request.headers.get('origin'), config.allowedOrigins)) {
      return { refused: errorResponse(403, 'Origin not allowed', 'This relay answers Figma plugins and the origins it is configured for.') };
    }
    if (!checkKey || method === 'OPTIONS') return { keyed: false, client: 'anonymous', owner: 'open' };
    const presented = request.headers.get(RELAY_KEY_HEADER);
    const index = await checkKey(presented);
    if (index === -1) return { keyed: false, client: 'no-key', owner: 'none' };
    return { keyed: true, client: `key-${index}`, owner: keeper ? await ownerOf(presented!) : 'none' };
  }

  async function route(request: Request, url: URL, caller: Caller, note: (text: string) => void): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method === 'OPTIONS') return preflightResponse();
    const path = url.pathname;
    if (path === '/' || path === '/health') {
      if (method !== 'GET' && method !== 'HEAD') return errorResponse(404, 'Not found', `${method} ${path} is not served.`);
      // Whether a token is held is the keyholders' business; others learn only that a key is needed.
      if (checkKey && !caller.keyed) return jsonResponse(200, { ok: true, keyRequired: true });
      // `envelopes`: calls may come as simple requests to /call (no preflight); `outputFrames`: a
      // prediction may come with its files behind it (X-Relay-Inline: frames); an older relay says neither.
      return jsonResponse(200, { ok: true, upstream: upstreamHost, serverToken: Boolean(serverToken), demo: Boolean(config.demo), envelopes: true, outputFrames: true, ...(config.batches ? { batches: true } : {}), ...(multiplexed(request) ? { multiplexed: true } : {}), ...(keeper ? { keepsOutputs: true } : {}) });
    }
    // Replicate sends no relay key: a delivery is let in by its signature alone.
    if (path === WEBHOOK_PATH && keeper) {
      if (method !== 'POST') return errorResponse(404, 'Not found', 'The webhook route only answers POST.');
      return keeper.webhook(request, note);
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
      const warmed = await warm?.take(url.searchParams.get('url') ?? '');
      if (warmed) {
        note('warm');
        return warmed;
      }
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
    if (path.startsWith(KEPT_PREFIX) && keeper) {
      if (method !== 'GET' && method !== 'HEAD') return errorResponse(404, 'Not found', 'Kept outputs are only read (GET).');
      return keeper.read(path, caller.owner, url.origin);
    }
    if (path === '/v1' || path.startsWith('/v1/')) return forward(request, url, caller, note);
    return errorResponse(404, 'Not found', 'The relay only forwards the Replicate routes the plugin uses (under /v1/), /download, /stream and /health.');
  }

  const relay: RelayHandler = async function relay(request: Request): Promise<Response> {
    const started = Date.now();
    let url: URL;
    let notes = '';
    let response: Response;
    try {
      url = new URL(request.url);
    } catch {
      return errorResponse(400, 'Bad request', 'Unparseable request URL.');
    }
    // Many creates in one simple request (Node relays): each unwrapped, gated and routed like any.
    if (config.batches && url.pathname === BATCH_PATH && request.method.toUpperCase() === 'POST') {
      const answer = await handleBatch(request, url, maxBodyBytes, relay).catch(() => errorResponse(400, 'Bad batch', 'The batch could not be read.'));
      log?.(`POST ${BATCH_PATH} ${answer.status} ${Date.now() - started}ms`);
      return answer;
    }
    // A call sent as a simple request (no preflight): unwrapped, then gated and routed like any.
    if (url.pathname === ENVELOPE_PATH && request.method.toUpperCase() === 'POST') {
      const inner = await unwrapEnvelope(request, url, maxBodyBytes).catch(() => errorResponse(400, 'Bad envelope', 'The envelope could not be read.'));
      if (inner instanceof Response) {
        log?.(`POST ${ENVELOPE_PATH} ${inner.status} ${Date.now() - started}ms`);
        return inner;
      }
      return relay(inner);
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
      owner: 'none',
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
        // Replicate's deliveries get a budget of their own: strangers' refused calls cannot use it up.
        caller.client = keeper && url.pathname === WEBHOOK_PATH ? 'webhooks' : admitted.client;
        caller.owner = admitted.owner;
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
  if (keeper) relay.sweep = keeper.sweep;
  return relay;
}

/**
 * Whether this caller reached the relay over HTTP/2 or 3, as a Cloudflare Worker is told
 * (`request.cf.httpProtocol`); then the panel holds every create in sync mode, each its own
 * request on the one connection. Elsewhere (Node behind anything) it is not known: false.
 */
function multiplexed(request: Request): boolean {
  const protocol = (request as Request & { cf?: { httpProtocol?: unknown } }).cf?.httpProtocol;
  return typeof protocol === 'string' && /^HTTP\/[23]/i.test(protocol);
}

/** Routes whose answer is a prediction: a succeeded one's outputs are framed behind it when asked, else warmed. */
const PREDICTION_ROUTES = new Set(['/v1/predictions', '/v1/models/:owner/:name/predictions', '/v1/predictions/:id']);

function keptKind(pattern: string): KeptKind | undefined {
  if (pattern === '/v1/predictions' || pattern === '/v1/models/:owner/:name/predictions') return 'prediction';
  if (pattern === '/v1/models/:owner/:name/versions/:version/trainings') return 'training';
  return undefined;
}
