/**
 * Node entry: serves the relay with @hono/node-server. `npm run relay` bundles this file
 * (scripts/run-relay.mjs) and calls main(). Tests and scripts use startRelay().
 */

import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { configFromEnv, type RelayConfig } from './config';
import { createRelay } from './handler';

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
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export function startRelay(config: RelayConfig, options: ListenOptions = {}): Promise<StartedRelay> {
  const handler = createRelay(config);
  const hostname = options.hostname ?? DEFAULT_HOST;
  return new Promise((resolve, reject) => {
    let server: Server;
    const onError = (error: Error) => reject(error);
    server = serve(
      // Keep Node's own Request/Response globals: the handler is Web-standard either way.
      { fetch: (request: Request) => handler(request), port: options.port ?? DEFAULT_PORT, hostname, overrideGlobalObjects: false },
      (info: AddressInfo) => {
        server.off('error', onError);
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections?.();
            }),
        });
      },
    ) as Server;
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
  const quiet = env.RELAY_QUIET === '1';
  config.log = quiet ? undefined : (line) => console.log(`relay: ${line}`);
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`relay: PORT must be a port number, got "${env.PORT}"`);
    process.exit(1);
  }
  const hostname = env.RELAY_HOST || DEFAULT_HOST;
  let relay: StartedRelay;
  try {
    relay = await startRelay(config, { port, hostname });
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(`relay: could not listen on ${hostname}:${port}${code ? ` (${code})` : ''}`);
    process.exit(1);
  }
  console.log(
    `relay: listening on ${relay.url} -> ${new URL(config.upstream).host} (server token: ${config.serverToken ? 'set' : 'not set, clients send their own'})`,
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
