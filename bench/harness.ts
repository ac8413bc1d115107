/**
 * The benchmark's stage: the Replicate protocol server (tests/fakes/replicate), the real relay
 * (relay/node.ts) in front of it, and a page server for the playground (playground/index.html +
 * playground/src bundled, dist/code.js and dist/ui.html unchanged). Everything on 127.0.0.1.
 *
 * It is startPlayground() with two differences, both in the relay's injected `fetch` (the relay
 * code itself is unchanged):
 * - Output files are drawn (by sharp) before the prediction is reported `succeeded`. The fake
 *   draws them lazily on first download, which would bill the fake's drawing time to the plugin;
 *   on Replicate the files exist when the output URL is returned. `urlAvailableAt` records when
 *   the relay got the finished prediction (files ready), per prediction id.
 * - `forceFormat` rewrites `output_format` in create requests, so the unchanged panel can be
 *   measured with PNG, WebP or JPEG outputs.
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

export const now = (): number => performance.timeOrigin + performance.now();

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
  trace?: { path: string; start: number; end: number }[];
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

  // cacheOutputs: drawn files by model|input|index, and each output URL to its file.
  const drawn = { byKey: new Map<string, { type: string; bytes: ArrayBuffer }>(), byUrl: new Map<string, { type: string; bytes: ArrayBuffer }>() };
  const benchFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url).pathname;
    let nextInit = init;
    if (init?.method === 'POST' && /\/predictions$/.test(path) && init.body && stage.forceFormat) {
      const body = JSON.parse(await new Response(init.body as ReadableStream).text());
      if (body.input && 'output_format' in body.input) body.input.output_format = stage.forceFormat;
      const headers = new Headers(init.headers);
      headers.delete('content-length');
      const { duplex: _d, ...rest } = init as RequestInit & { duplex?: string };
      nextInit = { ...rest, headers, body: JSON.stringify(body) };
    }
    const start = now();
    const cached = stage.cacheOutputs && path.startsWith('/delivery') ? drawn.byUrl.get(url) : undefined;
    if (cached) {
      stage.trace?.push({ path, start, end: now() });
      return new Response(cached.bytes.slice(0), { status: 200, headers: { 'content-type': cached.type, 'content-length': String(cached.bytes.byteLength) } });
    }
    const response = await fetch(input, nextInit);
    stage.trace?.push({ path: path.startsWith('/delivery') ? path : `${init?.method ?? 'GET'} ${path}`, start, end: now() });
    if (path.startsWith('/streams/') && stage.tapStream) return stage.tapStream(response);
    if (!path.startsWith('/v1/') || !(response.headers.get('content-type') ?? '').includes('json')) return response;
    const text = await response.text();
    let prediction: { id?: string; status?: string; output?: unknown; model?: string; input?: unknown } | undefined;
    try {
      prediction = JSON.parse(text);
    } catch {
      /* not JSON after all */
    }
    if (prediction?.id && prediction.status === 'succeeded' && !stage.urlAvailableAt.has(prediction.id)) {
      // A language model's output is text, not files.
      const outputs = (Array.isArray(prediction.output) ? prediction.output : [prediction.output]).filter(
        (u): u is string => typeof u === 'string' && /^https?:\/\//.test(u),
      );
      const t0 = now();
      await Promise.all(
        outputs.map(async (u, i) => {
          const key = `${prediction!.model}|${JSON.stringify(prediction!.input)}|${i}`;
          const known = stage.cacheOutputs ? drawn.byKey.get(key) : undefined;
          if (known) return void drawn.byUrl.set(u, known);
          const r = await fetch(u);
          const file = { type: r.headers.get('content-type') ?? 'application/octet-stream', bytes: await r.arrayBuffer() };
          if (!stage.cacheOutputs) return;
          drawn.byKey.set(key, file);
          drawn.byUrl.set(u, file);
        }),
      );
      stage.drawMs.set(prediction.id, now() - t0);
      stage.urlAvailableAt.set(prediction.id, now());
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  // The page is served first: its origin is one the relay lets in (the pipeline-stage runs fetch
  // /download from the page itself, not from the panel's null origin).
  const files: Record<string, [string, string | Buffer]> = {};
  const pageServer = await listen(
    createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
    }),
  );
  const pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;

  const config: RelayConfig = {
    // RELAY_WARM_OUTPUTS=0 measures the relay that inlines instead (as a Worker does).
    ...configFromEnv({ RELAY_WARM_OUTPUTS: process.env.RELAY_WARM_OUTPUTS }),
    upstream: backend.url,
    serverToken: 'r8_demo',
    downloadHosts: [new URL(backend.url).host, new URL(assetsUrl).host],
    streamHosts: [new URL(backend.url).host],
    demo: true,
    fetch: benchFetch,
    // Loopback only and a demo token: open on purpose (the relay refuses a server token without client keys otherwise).
    allowAnonymous: true,
    allowedOrigins: [pageOrigin],
    // A token-holding relay limits each client (600 requests/min, 64 in flight); this one
    // stands in for Replicate's edge, whose limits the protocol server applies itself
    // (600 creates/min): one 48-image run is ~100 requests, a few runs a minute would hit it.
    rateLimitPerMinute: 1_000_000,
    maxConcurrent: 10_000,
  };
  const relay = await startRelay(config, { port: 0, hostname: '127.0.0.1' });
  // The panel reaches the relay over HTTP/2 (bench/h2-front.ts) or, by default, HTTP/1.1.
  const front = options.h2 ? await startH2Front(relay.url) : undefined;

  // No source map: the bench page should parse what a person's page would.
  const script = await bundlePage(root, { sourcemap: false });
  const html = (await readFile(join(root, 'playground/index.html'), 'utf8')).replace(
    '<!--PLAYGROUND_CONFIG-->',
    `<script>window.__PLAYGROUND_CONFIG__ = ${JSON.stringify({ relayUrl: front?.url ?? relay.url, demo: true, command: 'open' })};</script>`,
  );
  Object.assign(files, {
    '/': ['text/html; charset=utf-8', html],
    '/playground.js': ['text/javascript; charset=utf-8', script],
    '/code.js': ['text/javascript; charset=utf-8', await readFile(join(root, 'dist/code.js'))],
    '/ui.html': ['text/html; charset=utf-8', await readFile(join(root, 'dist/ui.html'))],
  });

  return Object.assign(stage, {
    url: `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`,
    relayUrl: relay.url,
    relay,
    async close() {
      for (const s of [pageServer, assetServer]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
      await front?.close();
      await relay.close();
      await backend.close();
    },
  });
}

export function listen(server: Server): Promise<Server> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}
