/**
 * Serves the playground: a page that runs the built plugin (dist/code.js against the in-page
 * Figma fake, dist/ui.html in an iframe) plus a relay. With a Replicate token the relay talks
 * to Replicate; without one it talks to the demo backend (the Replicate protocol server from
 * tests/fakes/replicate, which draws deterministic images from the prompt and seed), reports
 * `demo` on /health, and holds a token of its own so the panel needs none.
 *
 * `npm start` (scripts/start.mjs) and the e2e tests (tests/e2e) call startPlayground().
 */
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { configFromEnv, type RelayConfig } from '../relay/config';
import { FAVICON_SVG, faviconIco } from './favicon';
import { startRelay, type StartedRelay } from '../relay/node';
import { startFakeReplicate, type FakeReplicate, type FakeReplicateOptions } from '../tests/fakes/replicate';

export interface PlaygroundOptions {
  /** Port of the page; 0 picks a free one. Default 5173. */
  port?: number;
  /** Port of the relay; 0 picks a free one. Default 8787 (the panel's default Relay URL). */
  relayPort?: number;
  /** Page and demo backend address. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Relay address. Default 127.0.0.1; on loopback it answers only to loopback host names. */
  relayHost?: string;
  /** A Replicate API token: the relay talks to api.replicate.com with it. */
  replicateToken?: string;
  /** Use the demo backend. Default: true when there is no replicateToken. */
  demo?: boolean;
  /** Options for the demo backend (latency, outputScale, ...). */
  demoBackend?: FakeReplicateOptions;
  /**
   * The relay's own token in demo mode, so the panel works with none typed (default 'r8_demo').
   * false: the relay has none and the panel must send the token typed in Settings.
   */
  serverToken?: string | false;
  /** Menu command the plugin is launched with (default 'open'). */
  command?: string;
  /** Repository root (where dist/, playground/ and manifest.json are). */
  root?: string;
  /** One line per relay request. */
  log?: (line: string) => void;
}

export interface Playground {
  /** The page, e.g. http://127.0.0.1:5173/ */
  url: string;
  relayUrl: string;
  /**
   * The client key the relay requires when it holds a token (made afresh at each start and
   * handed to the panel's Settings through the page), or undefined when it holds none.
   */
  relayKey?: string;
  demo: boolean;
  /** The demo backend, when in demo mode (tests script faults and latency through it). */
  demoBackend?: FakeReplicate;
  relay: StartedRelay;
  close(): Promise<void>;
}

const DEMO_TOKEN = 'r8_demo';

function defaultRoot(): string {
  return typeof __dirname !== 'undefined' ? resolve(__dirname, '..') : process.cwd();
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const root = options.root ?? defaultRoot();
  const host = options.host ?? '127.0.0.1';
  const demo = options.demo ?? !options.replicateToken;
  for (const file of ['dist/code.js', 'dist/ui.html']) {
    if (!(await exists(join(root, file)))) throw new Error(`${file} is missing: run \`npm run build\` first (npm start does).`);
  }
  const script = await bundlePage(root);
  const page = await readFile(join(root, 'playground/index.html'), 'utf8');

  let demoBackend: FakeReplicate | undefined;
  let config: RelayConfig;
  if (demo) {
    demoBackend = await startFakeReplicate({ latencyMs: 1500, acceptAnyToken: true, host, ...options.demoBackend });
    const serverToken = options.serverToken === false ? undefined : options.serverToken ?? DEMO_TOKEN;
    config = {
      ...configFromEnv({}),
      upstream: demoBackend.url,
      serverToken,
      downloadHosts: [new URL(demoBackend.url).host],
      streamHosts: [new URL(demoBackend.url).host],
      demo: true,
    };
  } else {
    config = configFromEnv({ REPLICATE_API_TOKEN: options.replicateToken });
  }
  config.log = options.log;
  // A relay holding a token (even the demo's) spends it only for the panel this page hands the key to.
  const relayKey = config.serverToken ? randomBytes(24).toString('base64url') : undefined;
  config.clientKeys = relayKey ? [relayKey] : undefined;
  const relayHost = options.relayHost ?? '127.0.0.1';
  let relay: StartedRelay;
  try {
    relay = await startRelay(config, { port: options.relayPort ?? 8787, hostname: relayHost });
  } catch (error) {
    await demoBackend?.close();
    throw new Error(`The relay could not listen on ${relayHost}:${options.relayPort ?? 8787} (${(error as { code?: string }).code ?? error})`);
  }

  const pageConfig = { relayUrl: relay.url, relayKey, demo, command: options.command ?? 'open' };
  const html = page.replace(
    '<!--PLAYGROUND_CONFIG-->',
    `<script>window.__PLAYGROUND_CONFIG__ = ${JSON.stringify(pageConfig).replace(/</g, '\\u003c')};</script>`,
  );

  const ico = faviconIco();
  const routes: Record<string, () => Promise<[string, string | Buffer]>> = {
    '/': async () => ['text/html; charset=utf-8', html],
    '/favicon.ico': async () => ['image/x-icon', ico],
    '/favicon.svg': async () => ['image/svg+xml', FAVICON_SVG],
    '/index.html': async () => ['text/html; charset=utf-8', html],
    '/playground.js': async () => ['text/javascript; charset=utf-8', script],
    // Read on every request, so `npm run watch` + reload shows the new build.
    '/code.js': async () => ['text/javascript; charset=utf-8', await readFile(join(root, 'dist/code.js'))],
    '/ui.html': async () => ['text/html; charset=utf-8', await readFile(join(root, 'dist/ui.html'))],
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes[path];
    if (!route || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    route().then(
      ([type, body]) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 5173, host, () => ok());
    });
  } catch (error) {
    await relay.close();
    await demoBackend?.close();
    throw new Error(`The playground could not listen on ${host}:${options.port ?? 5173} (${(error as { code?: string }).code ?? error})`);
  }
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}/`,
    relayUrl: relay.url,
    relayKey,
    demo,
    demoBackend,
    relay,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await relay.close();
      await demoBackend?.close();
    },
  };
}

/**
 * What `npm start` reads from the environment. Never the generic HOST that shells and
 * containers set (often 0.0.0.0): PLAYGROUND_HOST and RELAY_HOST say it on purpose.
 */
export function playgroundOptionsFromEnv(env: Record<string, string | undefined>): Pick<PlaygroundOptions, 'host' | 'relayHost' | 'replicateToken'> {
  return {
    host: env.PLAYGROUND_HOST?.trim() || '127.0.0.1',
    relayHost: env.RELAY_HOST?.trim() || '127.0.0.1',
    replicateToken: env.REPLICATE_API_TOKEN?.trim() || undefined,
  };
}

/** playground/src for the browser, in memory (one IIFE; the Figma fake has no Node imports). */
export async function bundlePage(root: string, options: { sourcemap?: boolean } = {}): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'playground/src/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    sourcemap: options.sourcemap === false ? false : 'inline',
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
