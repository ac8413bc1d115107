/**
 * The benchmark's stage: the Replicate protocol server (tests/fakes/replicate), the real relay
 * (relay/node.ts) in front of it, and a page server for the playground (playground/index.html +
 * playground/src bundled, dist/code.js and dist/ui.html unchanged). Everything on 127.0.0.1.
 *
 * It is startPlayground() with two differences, both in the relay's injected `fetch`
 * (bench/bench-fetch.ts; the relay code itself is unchanged): output files are drawn before a
 * prediction is reported `succeeded`, and `forceFormat` can rewrite `output_format`.
 * bench/stage-threads.ts runs the same stage with the protocol server and the relay in worker
 * threads of their own.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { configFromEnv, type RelayConfig } from '../relay/config';
import { startRelay, type StartedRelay } from '../relay/node';
import { startFakeReplicate, type FakeReplicate } from '../tests/fakes/replicate';
import { bundlePage } from '../playground/server';
import { startH2Front } from './h2-front';
import { createBenchFetch, type TraceEntry } from './bench-fetch';

export { now } from './clock';

export interface Stage {
  url: string;
  relayUrl: string;
  backend: FakeReplicate;
  relay: StartedRelay;
  /** 'png' | 'webp' | 'jpg', or undefined to leave the panel's choice alone. */
  forceFormat?: string;
  /** Prediction id -> epoch ms when the relay received it finished (files drawn). */
  urlAvailableAt: Map<string, number>;
  /** Prediction id -> ms spent drawing its files (excluded from the plugin's figures). */
  drawMs: Map<string, number>;
  /** Extra static files served at `${assetsUrl}/<name>` (allow-listed in the relay's downloads). */
  assets: Map<string, { type: string; bytes: Buffer }>;
  assetsUrl: string;
  /** When set, every upstream fetch the relay makes is noted here (start and end, epoch ms). */
  trace?: TraceEntry[];
  /** When set, sees (and may wrap) each language model's event stream as the relay reads it. */
  tapStream?: (response: Response) => Response;
  /**
   * When true, an output the protocol server has drawn once for the same model, input and
   * output index is served again from memory (the fake draws from those alone, so the bytes
   * are the same). Repeated runs then pay no drawing on the bench's 2 cores: 48 outputs drawn
   * at once by sharp would otherwise sit in the measured time, which on Replicate they do not.
   */
  cacheOutputs?: boolean;
  close(): Promise<void>;
}

export async function startStage(root: string, latencyMs: number, options: { tokensPerSecond?: number; h2?: boolean } = {}): Promise<Stage> {
  const backend = await startFakeReplicate({
    latencyMs,
    outputScale: 1,
    acceptAnyToken: true,
    host: '127.0.0.1',
    ...(options.tokensPerSecond ? { tokensPerSecond: options.tokensPerSecond } : {}),
  });
  const assets = new Map<string, { type: string; bytes: Buffer }>();
  const assetServer = await listen(
    createServer((req, res) => {
      const a = assets.get((req.url ?? '/').slice(1));
      if (!a) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': a.type, 'content-length': a.bytes.length }).end(a.bytes);
    }),
  );
  const assetsUrl = `http://127.0.0.1:${(assetServer.address() as AddressInfo).port}`;

  const stage = {
    backend,
    assets,
    assetsUrl,
    urlAvailableAt: new Map<string, number>(),
    drawMs: new Map<string, number>(),
    forceFormat: undefined as string | undefined,
  } as Stage;

  const page = await startPageServer();
  const relay = await startRelay(
    benchRelayConfig({ upstream: backend.url, downloadHosts: [new URL(assetsUrl).host], pageOrigin: page.origin, fetch: createBenchFetch(stage) }),
    { port: 0, hostname: '127.0.0.1' },
  );
  // The panel reaches the relay over HTTP/2 (bench/h2-front.ts) or, by default, HTTP/1.1.
  const front = options.h2 ? await startH2Front(relay.url) : undefined;
  await page.serve(root, front?.url ?? relay.url);

  return Object.assign(stage, {
    url: page.url,
    relayUrl: relay.url,
    relay,
    async close() {
      await page.close();
      assetServer.closeAllConnections();
      await new Promise((r) => assetServer.close(r));
      await front?.close();
      await relay.close();
      await backend.close();
    },
  });
}

/** The relay's settings on the bench's stage (in this process or a worker thread of its own). */
export function benchRelayConfig(o: { upstream: string; downloadHosts: string[]; pageOrigin: string; fetch: typeof fetch }): RelayConfig {
  return {
    // RELAY_WARM_OUTPUTS=0 measures the relay that inlines instead (as a Worker does).
    ...configFromEnv({ RELAY_WARM_OUTPUTS: process.env.RELAY_WARM_OUTPUTS }),
    upstream: o.upstream,
    serverToken: 'r8_demo',
    downloadHosts: [new URL(o.upstream).host, ...o.downloadHosts],
    streamHosts: [new URL(o.upstream).host],
    demo: true,
    fetch: o.fetch,
    // Loopback only and a demo token: open on purpose (the relay refuses a server token without client keys otherwise).
    allowAnonymous: true,
    allowedOrigins: [o.pageOrigin],
    // A token-holding relay limits each client (600 requests/min, 64 in flight); this one
    // stands in for Replicate's edge, whose limits the protocol server applies itself
    // (600 creates/min): one 48-image run is ~100 requests, a few runs a minute would hit it.
    rateLimitPerMinute: 1_000_000,
    maxConcurrent: 10_000,
  };
}

/** The playground's page server: listening first, since its origin is one the relay lets in (the
 * pipeline-stage runs fetch /download from the page itself, not from the panel's null origin). */
export async function startPageServer(): Promise<{ origin: string; url: string; serve(root: string, relayUrl: string): Promise<void>; close(): Promise<void> }> {
  const files: Record<string, [string, string | Buffer]> = {};
  const server = await listen(
    createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
    }),
  );
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/`,
    async serve(root, relayUrl) {
      // No source map: the bench page should parse what a person's page would.
      const script = await bundlePage(root, { sourcemap: false });
      const html = (await readFile(join(root, 'playground/index.html'), 'utf8')).replace(
        '<!--PLAYGROUND_CONFIG-->',
        `<script>window.__PLAYGROUND_CONFIG__ = ${JSON.stringify({ relayUrl, demo: true, command: 'open' })};</script>`,
      );
      Object.assign(files, {
        '/': ['text/html; charset=utf-8', html],
        '/playground.js': ['text/javascript; charset=utf-8', script],
        '/code.js': ['text/javascript; charset=utf-8', await readFile(join(root, 'dist/code.js'))],
        '/ui.html': ['text/html; charset=utf-8', await readFile(join(root, 'dist/ui.html'))],
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export function listen(server: Server): Promise<Server> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}
