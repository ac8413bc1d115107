/**
 * Experiment (`BENCH_H2=1 npm run bench -- explore`): the relay behind an HTTP/2 (TLS) front on
 * loopback, as a deployed relay (Cloudflare Workers) is reached, instead of plain HTTP/1.1.
 * Chromium opens at most 6 HTTP/1.1 connections per host, and every create held open by
 * `Prefer: wait` occupies one for the model's time; over HTTP/2 requests share one connection.
 * A throwaway self-signed certificate (openssl); Chromium is told to ignore certificate errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, type Browser } from '../tests/e2e/browser';

/** Hop-by-hop headers HTTP/2 forbids. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export async function startH2Front(relayUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-h2-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const key = readFileSync(join(dir, 'key.pem'));
  const cert = readFileSync(join(dir, 'cert.pem'));
  rmSync(dir, { recursive: true, force: true });
  const relay = new URL(relayUrl);
  const server = createSecureServer({ key, cert, allowHTTP1: true }, (req: Http2ServerRequest, res: Http2ServerResponse) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (!name.startsWith(':') && value !== undefined && !HOP.has(name)) headers[name] = value;
    headers.host = relay.host;
    const upstream = httpRequest({ host: relay.hostname, port: relay.port, method: req.method, path: req.url, headers }, (answer) => {
      const back: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP.has(name)) back[name] = value;
      res.writeHead(answer.statusCode ?? 502, back);
      answer.pipe(res);
    });
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** tests/e2e/browser launchChromium, trusting the throwaway certificate. */
export async function launchChromiumTrustingLoopback(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'diffusion-bench-h2-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, '--ignore-certificate-errors'],
    headless: true,
    viewport: { width: 1280, height: 760 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
