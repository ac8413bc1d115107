/**
 * Measurements without a browser: the relay's own cost on loopback, its memory while streaming
 * 50 MB, and sync mode (Prefer: wait) against polling at the protocol level.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configFromEnv } from '../relay/config';
import { startRelay } from '../relay/node';

const BENCH_KEY = 'bench-key-0123456789abcdef';
import { listen, now, type Stage } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** p50 of (client -> relay -> upstream) minus p50 of (client -> upstream), small GETs, interleaved. */
export async function relayOverhead(samples: number): Promise<{ directMs: number[]; relayedMs: number[] }> {
  const body = JSON.stringify({ type: 'user', username: 'bench', name: 'Bench', github_url: 'https://github.com/bench' });
  const upstream = await listen(
    createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    }),
  );
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const relay = await startRelay(
    // Team mode, as a relay holding a token runs: a client key, and its per-client limits (600 a minute) lifted for 4000 GETs.
    { ...configFromEnv({}), upstream: upstreamUrl, serverToken: 'r8_bench', downloadHosts: [], clientKeys: [BENCH_KEY], rateLimitPerMinute: 1_000_000, maxConcurrent: 10_000 },
    { port: 0, hostname: '127.0.0.1' },
  );
  const directMs: number[] = [];
  const relayedMs: number[] = [];
  const get = async (url: string) => {
    const t0 = now();
    const r = await fetch(url, { headers: { authorization: 'Bearer r8_bench', 'x-relay-key': BENCH_KEY } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    return now() - t0;
  };
  try {
    for (let i = 0; i < 200; i++) {
      await get(`${upstreamUrl}/v1/account`);
      await get(`${relay.url}/v1/account`);
    }
    for (let i = 0; i < samples; i++) {
      // Alternate the order so neither path always runs on a warmer CPU.
      if (i % 2) {
        directMs.push(await get(`${upstreamUrl}/v1/account`));
        relayedMs.push(await get(`${relay.url}/v1/account`));
      } else {
        relayedMs.push(await get(`${relay.url}/v1/account`));
        directMs.push(await get(`${upstreamUrl}/v1/account`));
      }
    }
  } finally {
    await relay.close();
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
  }
  return { directMs, relayedMs };
}

/**
 * A child process runs the relay (bench bundle, `--relay-child`) and samples its RSS every 5 ms;
 * this process serves 50 MB in 64 KiB chunks (never whole) and downloads it through the relay's
 * /download, counting bytes and keeping none.
 */
export async function relayStreamRss(bundle: string, megabytes = 50): Promise<{ baselineMb: number; peakMb: number; bytes: number; ms: number }> {
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  const total = megabytes * 1024 * 1024;
  const upstream = await listen(
    createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    }),
  );
  const host = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const child = fork(bundle, ['--relay-child', host], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  try {
    const { url } = await message<{ url: string }>();
    await sleep(300); // let the child settle after start-up
    child.send('start');
    const { baselineMb } = await message<{ baselineMb: number }>();
    const t0 = now();
    const res = await fetch(`${url}/download?url=${encodeURIComponent(`http://${host}/delivery/big.bin`)}`);
    if (!res.ok || !res.body) throw new Error(`download: ${res.status} ${await res.text()}`);
    let bytes = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    const ms = now() - t0;
    child.send('report');
    const { peakMb } = await message<{ peakMb: number }>();
    return { baselineMb, peakMb, bytes, ms };
  } finally {
    child.kill();
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
  }
}

/** The child side of relayStreamRss. */
export async function relayChild(downloadHost: string): Promise<void> {
  const relay = await startRelay(
    // Above the 100 MiB default cap: the 200 MB stream is the point (memory stays flat whatever the size).
    { ...configFromEnv({}), upstream: 'http://127.0.0.1:9', downloadHosts: [downloadHost], maxDownloadBytes: 512 * 1024 * 1024 },
    { port: 0, hostname: '127.0.0.1' },
  );
  const rss = () => process.memoryUsage().rss / 1024 / 1024;
  let peak = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  process.send!({ url: relay.url });
  process.on('message', (m) => {
    if (m === 'start') {
      global.gc?.();
      const baselineMb = rss();
      peak = baselineMb;
      timer = setInterval(() => (peak = Math.max(peak, rss())), 5);
      process.send!({ baselineMb });
    } else if (m === 'report') {
      clearInterval(timer);
      peak = Math.max(peak, rss());
      process.send!({ peakMb: peak });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/**
 * Time from create to a succeeded prediction through the relay, with `Prefer: wait=10` (the
 * runner's DEFAULT_WAIT_SECONDS) and without it (create, then GET every 1000 ms: the runner's
 * poll interval), at a fixed model latency.
 */
export async function syncVsPoll(stage: Stage, latencies: number[], reps: number) {
  const out: { latencyMs: number; syncMs: number[]; pollMs: number[] }[] = [];
  const create = (prefer: boolean, i: number) =>
    fetch(`${stage.relayUrl}/v1/models/black-forest-labs/flux-schnell/predictions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(prefer ? { prefer: 'wait=10' } : {}) },
      body: JSON.stringify({ input: { prompt: `sync vs poll ${i}`, output_format: 'png', aspect_ratio: '1:1' } }),
    }).then((r) => r.json() as Promise<{ id: string; status: string }>);
  const terminal = (s: string) => ['succeeded', 'failed', 'canceled', 'aborted'].includes(s);
  stage.forceFormat = undefined;
  for (const latencyMs of latencies) {
    stage.backend.setLatency('*', latencyMs);
    const row = { latencyMs, syncMs: [] as number[], pollMs: [] as number[] };
    for (let i = 0; i < reps; i++) {
      let t0 = now();
      let p = await create(true, i);
      while (!terminal(p.status)) {
        await sleep(1000);
        p = (await (await fetch(`${stage.relayUrl}/v1/predictions/${p.id}`)).json()) as typeof p;
      }
      row.syncMs.push(now() - t0 - (stage.drawMs.get(p.id) ?? 0));
      t0 = now();
      p = await create(false, i);
      while (!terminal(p.status)) {
        await sleep(1000);
        p = (await (await fetch(`${stage.relayUrl}/v1/predictions/${p.id}`)).json()) as typeof p;
      }
      row.pollMs.push(now() - t0 - (stage.drawMs.get(p.id) ?? 0));
    }
    out.push(row);
  }
  return out;
}
