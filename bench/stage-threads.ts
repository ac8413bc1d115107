/**
 * The explore bench's stage with Replicate and the relay off the harness's thread: the protocol
 * server and the relay each run in a worker thread of their own (the same code as
 * bench/harness.ts startStage, the same bench fetch), and this thread keeps Playwright and the
 * page server.
 *
 * Why: neither Replicate nor the relay runs on a designer's machine. In one Node thread with
 * Playwright, a 48-image grid's answers went out one after the other at ~9 ms each (the protocol
 * server finishing predictions, the relay proxying and framing them, Playwright's promise hooks on
 * every one of those promises), so the last output reached the relay ~0.5 s after the model's
 * time and the bench billed that queue to the plugin. Here each part has its own event loop; they
 * still share the machine's 2 cores with Chromium.
 *
 * What the explore bench reads comes back as messages: the protocol server's request log,
 * "output available" moments, and the relay's upstream trace when one is asked for.
 */
import { Worker, parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRelay } from '../relay/node';
import { startFakeReplicate } from '../tests/fakes/replicate';
import type { RecordedRequest } from '../tests/fakes/replicate/types';
import { createBenchFetch, type BenchFetchState, type TraceEntry } from './bench-fetch';
import { benchRelayConfig, startPageServer } from './harness';
import { startH2Front } from './h2-front';

export type StageWorkerData = { role: 'replicate'; latencyMs: number } | { role: 'relay'; upstream: string; pageOrigin: string };

interface RelaySettings {
  forceFormat?: string;
  cacheOutputs?: boolean;
  tracing: boolean;
}

type ToWorker = { setLatency: [string, number] } | { settings: RelaySettings } | { busy: true } | { close: true };
type FromWorker =
  | { url: string }
  | { request: Pick<RecordedRequest, 'method' | 'path' | 'at'> }
  | { available: [string, number] }
  | { trace: TraceEntry }
  /** The thread's event loop busy since it was last asked (performance.eventLoopUtilization). */
  | { busyMs: number }
  | { closed: true };

/** What bench/explore.ts needs of a stage; bench/harness.ts Stage has it too. */
export interface ExploreStage {
  /** The playground page. */
  url: string;
  backend: { requests: Pick<RecordedRequest, 'method' | 'path' | 'at'>[]; setLatency(modelOrAll: string, ms: number): void };
  forceFormat?: string;
  cacheOutputs?: boolean;
  trace?: TraceEntry[];
  urlAvailableAt: Map<string, number>;
  /** How long each of the stage's threads was busy since the last call (BENCH_EXPLORE_CPU=1). */
  busy?(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startThreadedStage(root: string, latencyMs: number, options: { h2?: boolean } = {}): Promise<ExploreStage> {
  const requests: ExploreStage['backend']['requests'] = [];
  const urlAvailableAt = new Map<string, number>();
  let trace: TraceEntry[] | undefined;
  const replicate = await spawn({ role: 'replicate', latencyMs }, (m) => {
    if ('request' in m) requests.push(m.request);
  });
  const page = await startPageServer();
  const relay = await spawn({ role: 'relay', upstream: replicate.url, pageOrigin: page.origin }, (m) => {
    if ('available' in m) urlAvailableAt.set(...m.available);
    else if ('trace' in m) trace?.push(m.trace);
  });
  const front = options.h2 ? await startH2Front(relay.url) : undefined;
  await page.serve(root, front?.url ?? relay.url);

  const settings: RelaySettings = { tracing: false };
  const send = () => relay.post({ settings: { ...settings, tracing: !!trace } });
  return {
    url: page.url,
    backend: { requests, setLatency: (model, ms) => replicate.post({ setLatency: [model, ms] }) },
    urlAvailableAt,
    async busy() {
      const [protocol, relayed] = await Promise.all([replicate.busy(), relay.busy()]);
      return { 'protocol server thread': protocol, 'relay thread': relayed };
    },
    get forceFormat() {
      return settings.forceFormat;
    },
    set forceFormat(v) {
      settings.forceFormat = v;
      send();
    },
    get cacheOutputs() {
      return settings.cacheOutputs;
    },
    set cacheOutputs(v) {
      settings.cacheOutputs = v;
      send();
    },
    get trace() {
      return trace;
    },
    set trace(v) {
      trace = v;
      send();
    },
    async close() {
      await page.close();
      await front?.close();
      await relay.close();
      await replicate.close();
    },
  };
}

async function spawn(data: StageWorkerData, onMessage: (m: FromWorker) => void) {
  const worker = new Worker(__filename, { workerData: data });
  worker.on('error', (e) => console.error(`bench: the ${data.role} thread failed:`, e));
  const asked: ((ms: number) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: FromWorker) => {
      if ('url' in m) resolve(m.url);
      else if ('busyMs' in m) asked.splice(0).forEach((answer) => answer(m.busyMs));
      else onMessage(m);
    });
  });
  return {
    url,
    post: (m: ToWorker) => worker.postMessage(m),
    busy: () =>
      new Promise<number>((resolve) => {
        asked.push(resolve);
        worker.postMessage({ busy: true } satisfies ToWorker);
      }),
    async close() {
      const closed = new Promise((resolve) => worker.on('message', (m: FromWorker) => 'closed' in m && resolve(undefined)));
      worker.postMessage({ close: true } satisfies ToWorker);
      await closed;
      await worker.terminate();
    },
  };
}

/** A worker thread's side: bench/main.ts calls it when it is not the main thread. */
export async function stageWorker(data: StageWorkerData): Promise<void> {
  const port = parentPort!;
  const post = (m: FromWorker) => port.postMessage(m);
  let busySince = performance.eventLoopUtilization();
  // BENCH_STAGE_PROFILE=<dir>: each thread's CPU profile from start to close, written there.
  const profiling = process.env.BENCH_STAGE_PROFILE ? await profileThread(join(process.env.BENCH_STAGE_PROFILE, `stage-${data.role}.cpuprofile`)) : undefined;
  const stage = data.role === 'replicate' ? await replicateThread(data.latencyMs, post) : await relayThread(data.upstream, data.pageOrigin, post);
  port.on('message', async (m: ToWorker) => {
    if ('busy' in m) {
      const busy = performance.eventLoopUtilization(busySince);
      busySince = performance.eventLoopUtilization();
      return post({ busyMs: Math.round(busy.active) });
    }
    if (!('close' in m)) return stage.receive(m);
    await stage.close();
    // Written before the thread says it is closed: it is terminated then.
    await profiling?.();
    post({ closed: true });
  });
  post({ url: stage.url });
}

interface StageThread {
  url: string;
  receive(m: ToWorker): void;
  close(): Promise<void>;
}

/** The protocol server; its request log goes to the harness as it grows. */
async function replicateThread(latencyMs: number, post: (m: FromWorker) => void): Promise<StageThread> {
  const backend = await startFakeReplicate({ latencyMs, outputScale: 1, acceptAnyToken: true, host: '127.0.0.1' });
  const log = backend.requests;
  log.push = (...items: RecordedRequest[]) => {
    for (const r of items) post({ request: { method: r.method, path: r.path, at: r.at } });
    return Array.prototype.push.apply(log, items);
  };
  return {
    url: backend.url,
    receive: (m) => 'setLatency' in m && backend.setLatency(...m.setLatency),
    close: () => backend.close(),
  };
}

/** The relay with the bench's fetch; what that fetch sees goes to the harness. */
async function relayThread(upstream: string, pageOrigin: string, post: (m: FromWorker) => void): Promise<StageThread> {
  const seen = new Set<string>();
  const state: BenchFetchState = {
    urlAvailableAt: {
      has: (id) => seen.has(id),
      set: (id, at) => (seen.add(id), post({ available: [id, at] })),
    },
    drawMs: new Map(),
  };
  const relay = await startRelay(benchRelayConfig({ upstream, downloadHosts: [], pageOrigin, fetch: createBenchFetch(state) }), { port: 0, hostname: '127.0.0.1' });
  return {
    url: relay.url,
    receive(m) {
      if (!('settings' in m)) return;
      state.forceFormat = m.settings.forceFormat;
      state.cacheOutputs = m.settings.cacheOutputs;
      state.trace = m.settings.tracing ? { push: (entry) => post({ trace: entry }) } : undefined;
    },
    close: () => relay.close(),
  };
}

async function profileThread(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile));
}
