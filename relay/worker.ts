/**
 * Cloudflare Workers entry (wrangler.toml: main = "relay/worker.ts"). Configure with
 * [vars] / secrets: REPLICATE_API_TOKEN (optional), REPLICATE_API_BASE,
 * RELAY_DOWNLOAD_HOSTS, RELAY_MAX_BODY_BYTES, RELAY_UPSTREAM_TIMEOUT_MS.
 */

import { configFromEnv } from './config';
import { errorResponse } from './cors';
import { createRelay, type RelayHandler } from './handler';

type WorkerEnv = Record<string, unknown>;

let cached: { env: WorkerEnv; handler: RelayHandler } | undefined;

function stringEnv(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env ?? {})) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    try {
      // env is the same object for the life of an isolate; build the handler once.
      if (!cached || cached.env !== env) {
        cached = { env, handler: createRelay({ ...configFromEnv(stringEnv(env)), log: (line) => console.log(line) }) };
      }
      return await cached.handler(request);
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'Unexpected error';
      return errorResponse(500, 'Relay misconfigured', detail);
    }
  },
};
