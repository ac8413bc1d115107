/**
 * Relay configuration: the shape the handler takes and how to read it from environment
 * variables (Node's process.env, a Cloudflare Worker's env, Deno.env.toObject()).
 */

export interface RelayConfig {
  /** Replicate's API origin (optionally with a path prefix). Env REPLICATE_API_BASE. */
  upstream: string;
  /** Env REPLICATE_API_TOKEN. When set it replaces whatever Authorization the client sends. */
  serverToken?: string;
  /**
   * Hosts the download route may fetch from. Entries: `example.com`, `*.example.com`
   * (subdomains only, never IP literals), or `host:port` (needed for plain http and for
   * loopback/private IP literals, which is how tests allow a local fake server).
   * Env RELAY_DOWNLOAD_HOSTS, comma-separated.
   */
  downloadHosts: string[];
  /**
   * Hosts the stream route may read server-sent events from (same syntax as downloadHosts).
   * Env RELAY_STREAM_HOSTS, comma-separated. Defaults to Replicate's streaming hosts.
   */
  streamHosts?: string[];
  /** Request bodies above this many bytes are refused with 413. Env RELAY_MAX_BODY_BYTES. */
  maxBodyBytes: number;
  /** How long to wait for upstream response headers (ms). Env RELAY_UPSTREAM_TIMEOUT_MS. */
  upstreamTimeoutMs?: number;
  /**
   * The upstream is the offline demo backend, not Replicate (env RELAY_DEMO=1). Reported by
   * /health so the panel can label what it makes as demo output.
   */
  demo?: boolean;
  /**
   * Keys a client must send in `X-Relay-Key` (env RELAY_CLIENT_KEYS, comma-separated). When
   * any are set, every route but /health and preflights needs one.
   */
  clientKeys?: string[];
  /**
   * Run a token-holding relay without client keys (env RELAY_ALLOW_ANONYMOUS=1): anyone who
   * can reach it spends the token. Without keys or this, a relay with a token refuses to start.
   */
  allowAnonymous?: boolean;
  /** Browser origins allowed besides `null` (a Figma plugin's iframe). Env RELAY_ALLOWED_ORIGINS. */
  allowedOrigins?: string[];
  /**
   * Host names the relay answers to (DNS rebinding). Env RELAY_ALLOWED_HOSTS. The Node entry
   * sets the loopback names when it listens on loopback and none are given.
   */
  allowedHosts?: string[];
  /**
   * Models a token-holding relay runs: `owner/name` (by name, or a version checked upstream to
   * belong to it) or `owner/name:version`. Env RELAY_ALLOWED_MODELS. Unset: any model.
   */
  allowedModels?: string[];
  /** Requests per minute per client in token mode (env RELAY_RATE_LIMIT). */
  rateLimitPerMinute?: number;
  /** Requests in flight per client in token mode (env RELAY_MAX_CONCURRENT). */
  maxConcurrent?: number;
  /** /download bodies above this many bytes are cut off (env RELAY_MAX_DOWNLOAD_BYTES). */
  maxDownloadBytes?: number;
  /** A streamed body that sends nothing for this long is ended (env RELAY_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  /** A /download body must be done within this long (env RELAY_DOWNLOAD_TIMEOUT_MS). */
  downloadTimeoutMs?: number;
  /** A /stream body must be done within this long (env RELAY_STREAM_TIMEOUT_MS). */
  streamTimeoutMs?: number;
  /**
   * The relay's public origin (env RELAY_PUBLIC_URL), reachable by Replicate. With it (and a token
   * and `keepStore`), predictions are created with a webhook to the relay, which keeps their
   * outputs for `keepDays`. Without it nothing is kept: the panel polls, as always.
   */
  publicUrl?: string;
  /** Where kept outputs go: an R2 bucket (Workers) or a folder (Node). Needed with publicUrl. */
  keepStore?: import('./kept-store').KeptStore;
  /** Days kept outputs stay (env RELAY_KEEP_DAYS, fractions allowed). Default 30. */
  keepDays?: number;
  /** Seconds a webhook's timestamp may be off (default 300). */
  webhookToleranceSeconds?: number;
  /** The clock for retention and webhook timestamps (tests). */
  now?: () => number;
  /**
   * Fetch a succeeded prediction's output files as it passes through, for the panel's
   * downloads a moment later (relay/warm-outputs.ts). On in the Node entry (env
   * RELAY_WARM_OUTPUTS=0 turns it off); off on Workers, which may not share one request's fetch with another.
   */
  warmOutputs?: boolean;
  /**
   * Take many prediction creates in one POST /batch (relay/batch.ts). On in the Node entry;
   * off on Workers, where one request opens 6 connections at a time (the browser reaches a
   * Worker over HTTP/2 and holds many creates at once without it).
   */
  batches?: boolean;
  /** Injectable fetch (tests); defaults to globalThis.fetch, and to undici's request on Node (relay/node-fetch.ts). */
  fetch?: typeof fetch;
  /** One line per request: method, path, status, ms. Never carries tokens or query strings. */
  log?: (line: string) => void;
}

export const DEFAULT_UPSTREAM = 'https://api.replicate.com';
export const DEFAULT_DOWNLOAD_HOSTS: readonly string[] = ['replicate.delivery', '*.replicate.delivery'];
/** Where Replicate serves `urls.stream` (replicate.com/docs/topics/predictions/streaming). */
export const DEFAULT_STREAM_HOSTS: readonly string[] = ['streaming.api.replicate.com', '*.replicate.net'];
/** Replicate's file limit is 100 MiB; leave 1 MiB for multipart framing. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024 + 1024 * 1024;
/** `Prefer: wait=60` can hold a request for a minute; leave room for the rest. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 120_000;

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const DEFAULT_MAX_CONCURRENT = 64;
/** Replicate's own file limit; no output image the plugin places comes near it. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;
/** A language model may think for a while before its first token. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 300_000;
export const DEFAULT_STREAM_TIMEOUT_MS = 30 * 60_000;

export class RelayConfigError extends Error {
  override name = 'RelayConfigError';
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RelayConfigError(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

/** Checks and normalises the upstream base URL (no trailing slash, no query, no credentials). */
export function normaliseUpstream(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new RelayConfigError(`REPLICATE_API_BASE is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RelayConfigError(`REPLICATE_API_BASE must be http(s), got "${url.protocol}"`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new RelayConfigError('REPLICATE_API_BASE must not carry credentials, a query or a fragment');
  }
  return (url.origin + url.pathname).replace(/\/+$/, '');
}

export function parseHostList(raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry.length > 0);
}

function list(raw: string | undefined): string[] | undefined {
  const items = (raw ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  return items.length ? items : undefined;
}

function flag(raw: string | undefined): boolean {
  return raw === '1' || raw === 'true';
}

/**
 * A relay holding a token must say who may spend it: client keys, or an explicit open mode.
 * The message names variables only, never their values.
 */
export function checkTokenMode(config: Pick<RelayConfig, 'serverToken' | 'clientKeys' | 'allowAnonymous'>): void {
  if (config.serverToken?.trim() && !config.clientKeys?.length && !config.allowAnonymous) {
    throw new RelayConfigError(
      'REPLICATE_API_TOKEN is set but RELAY_CLIENT_KEYS is not: anyone who finds this relay could spend the token. ' +
        'Set RELAY_CLIENT_KEYS (comma-separated keys the plugin sends as its Relay key), or RELAY_ALLOW_ANONYMOUS=1 to run it open on purpose.',
    );
  }
  for (const key of config.clientKeys ?? []) {
    if (key.length < 16) throw new RelayConfigError('Each of RELAY_CLIENT_KEYS must be at least 16 characters long.');
  }
}

export function configFromEnv(env: Record<string, string | undefined>): RelayConfig {
  const token = env.REPLICATE_API_TOKEN?.trim();
  const hosts = env.RELAY_DOWNLOAD_HOSTS;
  const streams = env.RELAY_STREAM_HOSTS;
  const config: RelayConfig = {
    streamHosts: streams !== undefined && streams.trim() !== '' ? parseHostList(streams) : [...DEFAULT_STREAM_HOSTS],
    upstream: normaliseUpstream(env.REPLICATE_API_BASE?.trim() || DEFAULT_UPSTREAM),
    serverToken: token ? token : undefined,
    downloadHosts: hosts !== undefined && hosts.trim() !== '' ? parseHostList(hosts) : [...DEFAULT_DOWNLOAD_HOSTS],
    maxBodyBytes: positiveInt('RELAY_MAX_BODY_BYTES', env.RELAY_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
    upstreamTimeoutMs: positiveInt('RELAY_UPSTREAM_TIMEOUT_MS', env.RELAY_UPSTREAM_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS),
    demo: flag(env.RELAY_DEMO),
    clientKeys: list(env.RELAY_CLIENT_KEYS),
    allowAnonymous: flag(env.RELAY_ALLOW_ANONYMOUS),
    allowedOrigins: list(env.RELAY_ALLOWED_ORIGINS),
    allowedHosts: list(env.RELAY_ALLOWED_HOSTS)?.map((h) => h.toLowerCase()),
    allowedModels: list(env.RELAY_ALLOWED_MODELS),
    rateLimitPerMinute: positiveInt('RELAY_RATE_LIMIT', env.RELAY_RATE_LIMIT, DEFAULT_RATE_LIMIT_PER_MINUTE),
    maxConcurrent: positiveInt('RELAY_MAX_CONCURRENT', env.RELAY_MAX_CONCURRENT, DEFAULT_MAX_CONCURRENT),
    maxDownloadBytes: positiveInt('RELAY_MAX_DOWNLOAD_BYTES', env.RELAY_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_DOWNLOAD_BYTES),
    idleTimeoutMs: positiveInt('RELAY_IDLE_TIMEOUT_MS', env.RELAY_IDLE_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS),
    downloadTimeoutMs: positiveInt('RELAY_DOWNLOAD_TIMEOUT_MS', env.RELAY_DOWNLOAD_TIMEOUT_MS, DEFAULT_DOWNLOAD_TIMEOUT_MS),
    streamTimeoutMs: positiveInt('RELAY_STREAM_TIMEOUT_MS', env.RELAY_STREAM_TIMEOUT_MS, DEFAULT_STREAM_TIMEOUT_MS),
  };
  const warm = env.RELAY_WARM_OUTPUTS?.trim();
  if (warm) config.warmOutputs = flag(warm);
  const publicUrl = env.RELAY_PUBLIC_URL?.trim();
  if (publicUrl) config.publicUrl = normalisePublicUrl(publicUrl);
  const keepDays = env.RELAY_KEEP_DAYS?.trim();
  if (keepDays) {
    const days = Number(keepDays);
    if (!Number.isFinite(days) || days <= 0) throw new RelayConfigError(`RELAY_KEEP_DAYS must be a positive number of days, got "${env.RELAY_KEEP_DAYS}"`);
    config.keepDays = days;
  }
  checkTokenMode(config);
  checkKeepMode(config);
  return config;
}

/** The public origin Replicate posts webhooks to: https (or http for a loopback test), no path. */
export function normalisePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RelayConfigError(`RELAY_PUBLIC_URL is not a URL: "${raw}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new RelayConfigError('RELAY_PUBLIC_URL must be the relay\'s https origin, e.g. https://figma-diffusion-relay.you.workers.dev');
  }
  return (url.origin + url.pathname).replace(/\/+$/, '');
}

/** Keeping outputs verifies webhooks with the account's secret, so it needs the relay's own token. */
export function checkKeepMode(config: Pick<RelayConfig, 'publicUrl' | 'serverToken'>): void {
  if (config.publicUrl && !config.serverToken?.trim()) {
    throw new RelayConfigError(
      'RELAY_PUBLIC_URL is set but REPLICATE_API_TOKEN is not: keeping outputs needs the relay\'s own token (it reads the webhook signing secret with it).',
    );
  }
}
