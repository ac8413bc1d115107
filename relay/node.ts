/**
 * Node entry: serves the relay with @hono/node-server. `npm run relay` bundles this file
 * (scripts/run-relay.mjs) and calls main(). Tests and scripts use startRelay().
 */

import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { LOOPBACK_HOSTS } from './client-access';
import { configFromEnv, type RelayConfig } from './config';
import { createRelay } from './handler';
import { folderStore } from './folder-store';
import { nodeFetch } from './node-fetch';

export interface StartedRelay {
  /** e.g. http://127.0.0.1:8787 (no trailing slash) */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1 (local only). */
  hostname?: string;
  /** Open connections at most; more are closed at once. Env RELAY_MAX_CONNECTIONS. */
  maxConnections?: number;
  /** A client must finish sending its request headers within this long. */
  headersTimeoutMs?: number;
  /** A client must finish sending its whole request (an upload included) within this long. */
  requestTimeoutMs?: number;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_CONNECTIONS = 256;
/** Node's own 60 s lets slow-header clients hold connections for a minute each. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** A 100 MB upload on a slow line still fits; a client trickling a body does not hold on for ever. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 180_000;
/** Where the Node entry keeps outputs when RELAY_PUBLIC_URL is set and RELAY_KEEP_DIR is not. */
export const DEFAULT_KEEP_DIR = '.relay-kept';
const SWEEP_EVERY_MS = 60 * 60_000;

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * A body that breaks after the headers went out (upstream gone, idle, too large) was already
 * logged in one line by the handler; here the connection is cut so the client sees a broken
 * transfer, without @hono/node-server printing the error's stack as well.
 */
function cutOnBodyError(response: Response, outgoing: ServerResponse | undefined): Response {
  if (!response.body || !outgoing) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        outgoing.destroy();
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

export function startRelay(config: RelayConfig, options: ListenOptions = {}): Promise<StartedRelay> {
  const hostname = options.hostname ?? DEFAULT_HOST;
  // On loopback, a page whose own name resolves to 127.0.0.1 (DNS rebinding) must not get in.
  const allowedHosts = config.allowedHosts ?? (isLoopback(hostname) ? [...LOOPBACK_HOSTS] : undefined);
  const handler = createRelay({ ...config, fetch: config.fetch ?? nodeFetch, allowedHosts, warmOutputs: config.warmOutputs ?? true, batches: config.batches ?? true });
  // Kept outputs past their retention are refused when read; this also frees the disk.
  const sweeper = handler.sweep ? setInterval(() => void handler.sweep!().catch(() => undefined), SWEEP_EVERY_MS) : undefined;
  (sweeper as { unref?: () => void } | undefined)?.unref?.();
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let server: Server;
    const onError = (error: Error) => reject(error);
    server = serve(
      {
        fetch: (request: Request, env: unknown) =>
          handler(request).then((response) => cutOnBodyError(response, (env as { outgoing?: ServerResponse } | undefined)?.outgoing)),
        port: options.port ?? DEFAULT_PORT,
        hostname,
        // Keep Node's own Request/Response globals: the handler is Web-standard either way.
        overrideGlobalObjects: false,
        serverOptions: {
          headersTimeout,
          requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
          // How often Node looks for connections past those deadlines (its default is 30 s).
          connectionsCheckingInterval: Math.min(1000, headersTimeout),
        },
      },
      (info: AddressInfo) => {
        server.off('error', onError);
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              clearInterval(sweeper);
              server.close(() => done());
              server.closeAllConnections?.();
            }),
        });
      },
    ) as Server;
    server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    server.once('error', onError);
  });
}

/** Reads the environment, starts the relay, prints one line, stops cleanly on Ctrl+C. */
export async function main(env: Record<string, string | undefined> = process.env): Promise<StartedRelay> {
  let config: RelayConfig;
  try {
    config = configFromEnv(env);
  } catch (error) {
    console.error(`relay: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (config.publicUrl) config.keepStore = folderStore(env.RELAY_KEEP_DIR?.trim() || DEFAULT_KEEP_DIR);
  const quiet = env.RELAY_QUIET === '1';
  config.log = quiet ? undefined : (line) => console.log(`relay: ${line}`);
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`relay: PORT must be a port number, got "${env.PORT}"`);
    process.exit(1);
  }
  const hostname = env.RELAY_HOST || DEFAULT_HOST;
  const maxConnections = env.RELAY_MAX_CONNECTIONS ? Number(env.RELAY_MAX_CONNECTIONS) : DEFAULT_MAX_CONNECTIONS;
  if (!Number.isSafeInteger(maxConnections) || maxConnections <= 0) {
    console.error(`relay: RELAY_MAX_CONNECTIONS must be a positive whole number`);
    process.exit(1);
  }
  let relay: StartedRelay;
  try {
    relay = await startRelay(config, { port, hostname, maxConnections });
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(`relay: could not listen on ${hostname}:${port}${code ? ` (${code})` : ''}`);
    process.exit(1);
  }
  console.log(
    `relay: listening on ${relay.url} -> ${new URL(config.upstream).host} (server token: ${
      config.serverToken ? (config.clientKeys?.length ? `set, ${config.clientKeys.length} client key(s)` : 'set, OPEN to anyone who reaches it') : 'not set, clients send their own'
    })`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`relay: ${signal}, stopping`);
    relay.close().then(() => process.exit(0));
    const timer = setTimeout(() => process.exit(0), 2000) as unknown as { unref?: () => void };
    timer.unref?.();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return relay;
}
