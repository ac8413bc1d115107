/**
 * Issue #14's figure: the relay's added time per output it copies to storage on a verified
 * completion webhook. The relay (Node entry + folder store, in a child process; Worker entry in
 * workerd through Miniflare with its local R2) runs in front of the Replicate protocol server
 * with a public URL. Each run creates a prediction through the relay (so the relay records it),
 * catches the protocol server's genuine completed webhook at a sink standing in for the public
 * URL, and delivers it to the relay signed with the account's secret, its output swapped for N
 * already-drawn 1024² PNG URLs (the fake's models give at most 4 outputs a prediction, and
 * drawing belongs to the model's time, not the relay's). The webhook's answer comes after the
 * copies (relay/kept-outputs.ts), so delivery → answer is "verified completion → all kept".
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { workerScript } from '../tests/support/worker-script';
import { Miniflare } from 'miniflare';
import sharp from 'sharp';
import { configFromEnv } from '../relay/config';
import { folderStore } from '../relay/folder-store';
import type { KeptStore } from '../relay/kept-store';
import { startRelay } from '../relay/node';
import { startFakeReplicate, type FakeReplicate } from '../tests/fakes/replicate';
import { newWebhookSecret, signPayload } from '../tests/fakes/replicate/webhook-sender';
import { listen, now } from './harness';

const TOKEN = 'r8_bench_keep';
const MODEL_PATH = '/v1/models/black-forest-labs/flux-schnell/predictions';

export type KeptEntry = 'node' | 'workerd';
/** 'photo-ttfb': the photo-like files with a wait before their first byte, as a CDN's (assumed, see FIRST_BYTE_MS). */
export type KeptSet = 'demo' | 'photo' | 'photo-ttfb';

/** Loopback has no network: a CDN's time to first byte, assumed (not measured), so that copies one after another pay it per file. */
export const FIRST_BYTE_MS = 50;

export interface KeptOptions {
  counts: number[];
  sets: KeptSet[];
  entries: KeptEntry[];
  reps: number;
}

export interface KeptRun {
  entry: KeptEntry;
  set: KeptSet;
  outputs: number;
  bytes: number;
  /** Signed delivery sent → the relay's answer (its body read): the copies happen before it. */
  webhookMs: number;
  /** The same N files fetched by the bench itself from the protocol server, one after another / all at once. */
  directSerialMs: number;
  directParallelMs: number;
  /**
   * Node entry only (measured in the relay's process by stamps, nothing wrapped around a body):
   * per output, the relay's fetch call → its store.put call (download through the relay's
   * download rules, body read whole), and the put itself (file written); the final record's put.
   */
  downloadMs?: number[];
  putMs?: number[];
  recordPutMs?: number;
  /** First fetch call → last output put done (Node entry): the copying alone. */
  copyWallMs?: number;
  /** Most output downloads open at once in the relay (Node entry). */
  maxInFlight?: number;
  /** Worker entry: the relay's log line, download and R2 write summed over the files (Date.now in workerd moves on I/O only). */
  loggedDownloadMs?: number;
  loggedStoreMs?: number;
  /** Photo set, any entry: the webhook's time during which some file was being sent to the relay, the rest, most files at once. */
  serverDownloadMs?: number;
  serverOtherMs?: number;
  serverMaxInFlight?: number;
}

interface RelayUnderTest {
  url: string;
  /** Node entry: the stamps since the last call. */
  stamps?(): Promise<Stamp[]>;
  /** Worker entry: the relay's own webhook log lines since the last call. */
  logged?(): Promise<Logged[]>;
  close(): Promise<void>;
}

/** From the relay's log line: time in each phase summed over the files (they overlap when copied at once). */
type Logged = { outputs: number; downloadMs: number; storeMs: number };

type Stamp = { kind: 'fetch' | 'fetch-end' | 'put-start' | 'put-end'; key: string; at: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 1024² PNGs: the fake's demo pictures (smooth, ~0.4 MB) and the same with photographic grain (~2.8 MB). */
async function photoPng(demo: Buffer): Promise<Buffer> {
  const grain = await sharp({ create: { width: 1024, height: 1024, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } } } as sharp.SharpOptions)
    .png()
    .toBuffer();
  return sharp(demo).composite([{ input: grain, blend: 'soft-light' }]).removeAlpha().png().toBuffer();
}

export async function keptRuns(root: string, bundle: string, opts: KeptOptions, log: (s: string) => void): Promise<KeptRun[]> {
  const secret = newWebhookSecret();
  const fake = await startFakeReplicate({ latencyMs: 50, outputScale: 1, tokens: [TOKEN], webhookSecret: secret, webhookRetryDelaysMs: [], host: '127.0.0.1' });
  // The public URL: catches the protocol server's genuine deliveries, and serves the photo-like files.
  const caught = new Map<string, (body: Record<string, unknown>) => void>();
  const early = new Map<string, Record<string, unknown>>();
  const photos = new Map<string, Buffer>();
  /** Photo-like files served to the relay: request arrived, last byte handed to the socket. */
  let served: { path: string; arrived: number; sent: number }[] = [];
  const sink = await listen(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'GET') {
          const path = req.url ?? '';
          const slow = path.startsWith('/ttfb/');
          const file = photos.get(slow ? path.slice('/ttfb'.length) : path);
          if (!file) return void res.writeHead(404).end();
          const stamp = { path, arrived: now(), sent: 0 };
          served.push(stamp);
          res.on('finish', () => (stamp.sent = now()));
          const send = () => res.writeHead(200, { 'content-type': 'image/png', 'content-length': file.length }).end(file);
          return void (slow ? setTimeout(send, FIRST_BYTE_MS) : send());
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const id = String(body.id);
        const waiter = caught.get(id);
        if (waiter) waiter(body);
        else early.set(id, body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    }),
  );
  // Node closes idle connections after 5 s; workerd then reuses one it still pools and the copy
  // fails ("could not connect"). A CDN keeps them far longer.
  sink.keepAliveTimeout = 120_000;
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const hosts = [new URL(fake.url).host, new URL(sinkUrl).host];
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

  // 16 drawn outputs from 4 predictions made directly at the protocol server (no webhook).
  log('kept outputs: drawing 16 outputs at the protocol server…');
  const demoUrls: string[] = [];
  for (let p = 0; p < Math.ceil(Math.max(...opts.counts) / 4); p++) {
    const created = (await (
      await fetch(`${fake.url}${MODEL_PATH}`, { method: 'POST', headers: auth, body: JSON.stringify({ input: { prompt: `kept outputs ${p}`, num_outputs: 4, output_format: 'png', seed: 100 + p } }) })
    ).json()) as { id: string };
    let done: { status: string; output: string[] };
    do {
      await sleep(20);
      done = (await (await fetch(`${fake.url}/v1/predictions/${created.id}`, { headers: auth })).json()) as typeof done;
    } while (done.status !== 'succeeded');
    demoUrls.push(...done.output);
  }
  const demoBytes = await Promise.all(demoUrls.map(async (u) => Buffer.from(await (await fetch(u)).arrayBuffer())));
  const photo = await photoPng(demoBytes[0]);
  const photoUrls = demoUrls.map((_, i) => {
    photos.set(`/photo/${i}.png`, photo);
    return `${sinkUrl}/photo/${i}.png`;
  });
  const pool: Record<KeptSet, { urls: string[]; sizes: number[] }> = {
    demo: { urls: demoUrls, sizes: demoBytes.map((b) => b.length) },
    photo: { urls: photoUrls, sizes: photoUrls.map(() => photo.length) },
    'photo-ttfb': { urls: photoUrls.map((u) => u.replace('/photo/', '/ttfb/photo/')), sizes: photoUrls.map(() => photo.length) },
  };

  const direct = async (urls: string[]) => {
    let t0 = now();
    for (const u of urls) await (await fetch(u)).arrayBuffer();
    const serial = now() - t0;
    t0 = now();
    await Promise.all(urls.map(async (u) => (await fetch(u)).arrayBuffer()));
    return { serial, parallel: now() - t0 };
  };

  async function oneRun(relay: RelayUnderTest, entry: KeptEntry, set: KeptSet, count: number): Promise<KeptRun> {
    const created = await fetch(`${relay.url}${MODEL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { prompt: `kept ${entry} ${set} ${count}`, num_outputs: 1, output_format: 'png' } }),
    });
    if (created.status !== 201) throw new Error(`create through the relay: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const genuine = early.get(id) ?? (await new Promise<Record<string, unknown>>((resolve) => caught.set(id, resolve)));
    caught.delete(id);
    early.delete(id);
    await relay.stamps?.();
    await relay.logged?.();
    const urls = pool[set].urls.slice(0, count);
    const body = JSON.stringify({ ...genuine, output: urls });
    const msgId = `msg_${randomBytes(12).toString('hex')}`;
    const timestamp = Math.floor(Date.now() / 1000);
    served = [];
    const t0 = now();
    const answer = await fetch(`${relay.url}/webhooks/replicate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signPayload(secret, msgId, timestamp, body) },
      body,
    });
    const text = await answer.text();
    const answered = now();
    const webhookMs = answered - t0;
    if (answer.status !== 200) throw new Error(`webhook: ${answer.status} ${text}`);
    // The reference downloads below are served too: keep only the relay's.
    const servedNow = served;
    served = [];
    const stamps = (await relay.stamps?.()) ?? [];
    const line = (await relay.logged?.())?.find((l) => l.outputs === count);
    // Not timed: the relay must really hold N outputs, or the figure means nothing.
    const kept = (await (await fetch(`${relay.url}/kept/${id}`)).json()) as { output?: string[] };
    if (kept.output?.length !== count) throw new Error(`kept ${kept.output?.length} of ${count} outputs`);
    const d = await direct(urls);
    const run: KeptRun = {
      entry,
      set,
      outputs: count,
      bytes: pool[set].sizes.slice(0, count).reduce((a, b) => a + b, 0),
      webhookMs,
      directSerialMs: d.serial,
      directParallelMs: d.parallel,
    };
    if (stamps.length) Object.assign(run, split(stamps, id, urls));
    if (line) Object.assign(run, { loggedDownloadMs: line.downloadMs, loggedStoreMs: line.storeMs });
    if (set !== 'demo') Object.assign(run, seenFromServer(servedNow, t0, answered));
    return run;
  }

  const runs: KeptRun[] = [];
  const keepDir = mkdtempSync(join(tmpdir(), 'bench-kept-'));
  try {
    for (const entry of opts.entries) {
      log(`kept outputs: ${entry} entry, ${opts.reps} runs of ${opts.counts.join(' / ')} outputs × ${opts.sets.join(' / ')} PNGs…`);
      const relay = entry === 'node' ? await nodeRelay(bundle, fake.url, hosts, sinkUrl, keepDir) : await workerdRelay(root, fake.url, hosts, sinkUrl);
      try {
        // Warm-up: the signing secret is read once and cached, code paths compiled.
        for (const set of opts.sets) await oneRun(relay, entry, set, 4);
        for (let rep = 0; rep < opts.reps; rep++) {
          for (const set of opts.sets) for (const count of opts.counts) runs.push(await oneRun(relay, entry, set, count));
        }
      } finally {
        await relay.close();
      }
    }
  } finally {
    rmSync(keepDir, { recursive: true, force: true });
    sink.closeAllConnections();
    await new Promise((r) => sink.close(r));
    await fake.close();
  }
  return runs;
}

/**
 * The same split seen from the file server (works for any entry, workerd included): a file's
 * request → its last byte sent is its download; the rest of the webhook's time (verification
 * before the first request, storage writes between and after) is the relay's own. Upper bound
 * on the relay's share: bytes still in the socket buffers when 'finish' fires count as its.
 */
function seenFromServer(served: { arrived: number; sent: number }[], start: number, end: number): Partial<KeptRun> {
  const spans = served.map((s) => [s.arrived, s.sent || end] as const).sort((a, b) => a[0] - b[0]);
  // Union of the download spans (they may overlap when copies run at once).
  let covered = 0;
  let until = -Infinity;
  for (const [a, b] of spans) {
    if (b <= until) continue;
    covered += b - Math.max(a, until);
    until = b;
  }
  return { serverDownloadMs: covered, serverOtherMs: end - start - covered, serverMaxInFlight: maxOverlap(spans) };
}

function maxOverlap(spans: readonly (readonly [number, number])[]): number {
  const events = spans.flatMap(([a, b]) => [[a, 1], [b, -1]] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let open = 0;
  let most = 0;
  for (const [, d] of events) most = Math.max(most, (open += d));
  return most;
}

function split(stamps: Stamp[], id: string, urls: string[]): Partial<KeptRun> {
  const first = (kind: Stamp['kind'], key: string) => stamps.find((s) => s.kind === kind && s.key === key)?.at;
  const downloadMs: number[] = [];
  const putMs: number[] = [];
  urls.forEach((url, i) => {
    const fetched = first('fetch', url);
    const putStart = first('put-start', `kept/${id}/${i}`);
    const putEnd = first('put-end', `kept/${id}/${i}`);
    if (fetched === undefined || putStart === undefined || putEnd === undefined) throw new Error(`no stamps for output ${i}`);
    downloadMs.push(putStart - fetched);
    putMs.push(putEnd - putStart);
  });
  const record = `kept/${id}/record.json`;
  const recordPuts = stamps.filter((s) => s.key === record);
  const lastStart = [...recordPuts].reverse().find((s) => s.kind === 'put-start')?.at ?? 0;
  const lastEnd = [...recordPuts].reverse().find((s) => s.kind === 'put-end')?.at ?? 0;
  const fetchStarts = stamps.filter((s) => s.kind === 'fetch').map((s) => s.at);
  const outputPutEnds = urls.map((_, i) => first('put-end', `kept/${id}/${i}`)!);
  // Downloads open at once: fetch calls against ends of their bodies (the relay reads each whole).
  const events = stamps.filter((s) => s.kind === 'fetch' || s.kind === 'fetch-end').sort((a, b) => a.at - b.at);
  let open = 0;
  let maxInFlight = 0;
  for (const e of events) maxInFlight = Math.max(maxInFlight, (open += e.kind === 'fetch' ? 1 : -1));
  return { downloadMs, putMs, recordPutMs: lastEnd - lastStart, copyWallMs: Math.max(...outputPutEnds) - Math.min(...fetchStarts), maxInFlight };
}

/** The Node entry in a child process (its own event loop, as `npm run relay`), folder store. */
async function nodeRelay(bundle: string, upstream: string, hosts: string[], publicUrl: string, dir: string): Promise<RelayUnderTest> {
  const child: ChildProcess = fork(bundle, ['--kept-relay-child', JSON.stringify({ upstream, hosts, publicUrl, dir })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let waiting: { resolve(m: unknown): void; reject(e: Error): void } | undefined;
  child.on('message', (m) => waiting?.resolve(m));
  child.on('exit', (code) => waiting?.reject(new Error(`relay child exited ${code}`)));
  const next = <T>() => new Promise<T>((resolve, reject) => (waiting = { resolve: resolve as (m: unknown) => void, reject }));
  const { url } = await next<{ url: string }>();
  return {
    url,
    async stamps() {
      child.send('stamps');
      return next<Stamp[]>();
    },
    async close() {
      child.kill();
    },
  };
}

/** The child side of nodeRelay: the relay with stamps at its output fetches and store puts. */
export async function keptRelayChild(arg: string): Promise<void> {
  const { upstream, hosts, publicUrl, dir } = JSON.parse(arg) as { upstream: string; hosts: string[]; publicUrl: string; dir: string };
  let stamps: Stamp[] = [];
  const stampedFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const download = !url.includes('/v1/');
    if (download) stamps.push({ kind: 'fetch', key: url, at: now() });
    const response = await fetch(input, init);
    if (!download || !response.body) return response;
    // Only to count downloads open at once: a pass-through that notes its end.
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          stamps.push({ kind: 'fetch-end', key: url, at: now() });
          controller.close();
        } else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const folder = folderStore(dir);
  const store: KeptStore = {
    ...folder,
    async put(key, bytes, type) {
      stamps.push({ kind: 'put-start', key, at: now() });
      await folder.put(key, bytes, type);
      stamps.push({ kind: 'put-end', key, at: now() });
    },
  };
  const relay = await startRelay(
    {
      ...configFromEnv({}),
      upstream,
      serverToken: TOKEN,
      allowAnonymous: true,
      downloadHosts: hosts,
      publicUrl,
      keepStore: store,
      fetch: stampedFetch,
      rateLimitPerMinute: 1_000_000,
      maxConcurrent: 10_000,
    },
    { port: 0, hostname: '127.0.0.1' },
  );
  process.send!({ url: relay.url });
  process.on('message', (m) => {
    if (m !== 'stamps') return;
    process.send!(stamps);
    stamps = [];
  });
  process.on('disconnect', () => process.exit(0));
}

/** relay/worker.ts bundled as a module Worker, in workerd through Miniflare with a local R2 bucket. */
async function workerdRelay(root: string, upstream: string, hosts: string[], publicUrl: string): Promise<RelayUnderTest> {
  const logged: Logged[] = [];
  const mf = new Miniflare({
    modules: true,
    script: await workerScript(root),
    compatibilityDate: '2025-01-01',
    host: '127.0.0.1',
    port: 0,
    r2Buckets: ['KEPT_OUTPUTS'],
    // workerd's one line per request would fill the bench's output; the webhook's line says
    // how long the copies spent downloading and writing to R2 (relay/kept-outputs.ts).
    handleRuntimeStdio: (out: Readable, err: Readable) => {
      let rest = '';
      out.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          const m = /POST \/webhooks\/replicate kept (\d+) outputs \d+ms \(download (\d+)ms, storage (\d+)ms\)/.exec(line);
          if (m) logged.push({ outputs: Number(m[1]), downloadMs: Number(m[2]), storeMs: Number(m[3]) });
          else if (/not copied/.test(line)) console.error(`bench: workerd: ${line.trim()}`);
        }
      });
      err.resume();
    },
    bindings: {
      REPLICATE_API_TOKEN: TOKEN,
      REPLICATE_API_BASE: upstream,
      RELAY_ALLOW_ANONYMOUS: '1',
      RELAY_DOWNLOAD_HOSTS: hosts.join(','),
      RELAY_PUBLIC_URL: publicUrl,
      RELAY_RATE_LIMIT: '1000000',
      RELAY_MAX_CONCURRENT: '10000',
    },
  });
  const url = (await mf.ready).origin;
  return {
    url,
    async logged() {
      // The line is written as the answer goes out; give it a moment to cross the pipe.
      for (let i = 0; i < 50 && !logged.length; i++) await sleep(5);
      return logged.splice(0);
    },
    close: () => mf.dispose(),
  };
}
