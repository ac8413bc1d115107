/**
 * Cloudflare Workers entry (wrangler.toml: main = "relay/worker.ts"). Configure with
 * [vars] / secrets: REPLICATE_API_TOKEN (optional; then RELAY_CLIENT_KEYS or
 * RELAY_ALLOW_ANONYMOUS=1), REPLICATE_API_BASE, RELAY_DOWNLOAD_HOSTS, RELAY_MAX_BODY_BYTES,
 * RELAY_UPSTREAM_TIMEOUT_MS and the rest of relay/README.md's table. With RELAY_PUBLIC_URL,
 * outputs are kept in the R2 bucket bound as KEPT_OUTPUTS, and a cron trigger sweeps the expired.
 */

import { configFromEnv } from './config';
import { errorResponse } from './cors';
import { createRelay, type RelayHandler } from './handler';
import { r2Store, type R2BucketLike } from './kept-store';

type WorkerEnv = Record<string, unknown>;

/** The R2 binding's name in wrangler.toml (not exported: workerd takes every named export of a module Worker as a handler). */
const KEPT_BUCKET_BINDING = 'KEPT_OUTPUTS';

let cached: { env: WorkerEnv; handler: RelayHandler; sweep?: () => Promise<number> } | undefined;

function stringEnv(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env ?? {})) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

function relayFor(env: WorkerEnv): NonNullable<typeof cached> {
  // env is the same object for the life of an isolate; build the handler once.
  if (!cached || cached.env !== env) {
    const bucket = env?.[KEPT_BUCKET_BINDING] as R2BucketLike | undefined;
    const config = { ...configFromEnv(stringEnv(env)), log: (line: string) => console.log(line) };
    const keepStore = config.publicUrl && bucket ? r2Store(bucket) : undefined;
    // A Worker may not read one request's fetch from another: no warmed outputs (relay/warm-outputs.ts).
    const handler = createRelay({ ...config, keepStore, warmOutputs: false, batches: false });
    cached = { env, handler, sweep: handler.sweep };
  }
  return cached;
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    try {
      return await relayFor(env).handler(request);
    } catch (error) {
      // The reason (which may quote a variable's value) goes to the operator's log, one line.
      console.log(`relay misconfigured: ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' '));
      return errorResponse(500, 'Relay misconfigured', "The relay's settings are invalid; its operator can see why in the Worker's log.");
    }
  },

  /** The cron trigger (wrangler.toml [triggers]): deletes kept predictions past RELAY_KEEP_DAYS. */
  async scheduled(_event: unknown, env: WorkerEnv): Promise<void> {
    try {
      const removed = (await relayFor(env).sweep?.()) ?? 0;
      console.log(`relay sweep: ${removed} expired predictions deleted`);
    } catch (error) {
      console.log(`relay sweep failed: ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' '));
    }
  },
};

