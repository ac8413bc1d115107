/**
 * Cloudflare Workers entry (wrangler.toml: main = "relay/worker.ts"). Configure with
 * [vars] / secrets: REPLICATE_API_TOKEN (optional; then RELAY_CLIENT_KEYS or
 * RELAY_ALLOW_ANONYMOUS=1), REPLICATE_API_BASE, RELAY_DOWNLOAD_HOSTS, RELAY_MAX_BODY_BYTES,
 * RELAY_UPSTREAM_TIMEOUT_MS and the rest of relay/README.md's table.
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
      // The reason (which may quote a variable's value) goes to the operator's log, one line.
      console.log(`relay misconfigured: ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' '));
      return errorResponse(500, 'Relay misconfigured', "The relay's settings are invalid; its operator can see why in the Worker's log.");
    }
  },
};
