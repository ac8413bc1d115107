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
  /** Injectable fetch (tests); defaults to globalThis.fetch. */
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

export function configFromEnv(env: Record<string, string | undefined>): RelayConfig {
  const token = env.REPLICATE_API_TOKEN?.trim();
  const hosts = env.RELAY_DOWNLOAD_HOSTS;
  const streams = env.RELAY_STREAM_HOSTS;
  return {
    streamHosts: streams !== undefined && streams.trim() !== '' ? parseHostList(streams) : [...DEFAULT_STREAM_HOSTS],
    upstream: normaliseUpstream(env.REPLICATE_API_BASE?.trim() || DEFAULT_UPSTREAM),
    serverToken: token ? token : undefined,
    downloadHosts: hosts !== undefined && hosts.trim() !== '' ? parseHostList(hosts) : [...DEFAULT_DOWNLOAD_HOSTS],
    maxBodyBytes: positiveInt('RELAY_MAX_BODY_BYTES', env.RELAY_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES),
    upstreamTimeoutMs: positiveInt('RELAY_UPSTREAM_TIMEOUT_MS', env.RELAY_UPSTREAM_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS),
    demo: env.RELAY_DEMO === '1' || env.RELAY_DEMO === 'true',
  };
}
