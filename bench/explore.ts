/**
 * Explore (issue #10), end to end in Chromium: the built plugin in the playground page, the
 * Generate tab's "Explore grid" switch, the real relay and the Replicate protocol server at a
 * fixed model latency. Pairs of runs in one page: one 4-image Generate (Single run), then one
 * 48-image Explore (6 styles × 2 models × 4 variants, every image its own prediction).
 *
 * Where each time comes from (one clock: performance.timeOrigin + now(); the protocol server's
 * request log is Date.now()):
 * - the press: the click on Generate, or on "Run 48 images" in the confirm (stamped in the panel);
 * - a cell placed: the Figma fake's document change that gives a node its image fill (page side);
 * - creates: the protocol server's request log (POST …/predictions), which is also where the
 *   create rate Replicate would see is read;
 * - an output available: the relay got the finished prediction (harness urlAvailableAt);
 * - relay concurrency: the relay's upstream fetches (harness trace), start and end.
 * Memory: the panel's renderer (its own process: the iframe is cross-origin) through a CDP session
 * on that frame, after a forced GC, just before the press and once the run is finished.
 */
import { cpuBetween, cpuSnapshot } from './process-cpu';
import { DEFAULT_BURST } from '../ui/jobs/pacer';
import { printProfile } from './trace';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session as InspectorSession } from 'node:inspector/promises';
import type { CDPSession, Frame, Page } from 'playwright-core';
import type { Browser } from '../tests/e2e/browser';
import type { ExploreStage } from './stage-threads';

export interface ExploreOptions {
  prompt: string;
  /** Styles across (the panel's logo starter set), models down, variants per cell. */
  styles: string[];
  models: string[];
  variants: number;
  /** Variants of the Single run compared against. */
  singleVariants: number;
  seed: number;
  latencyMs: number;
  /** Measured pairs (Single run, then Explore), after one warm-up pair. */
  runs: number;
}

export interface PanelMemory {
  /** Performance.getMetrics JSHeapUsedSize after a forced GC, bytes. */
  jsHeapUsed: number;
  /** Runtime.getHeapUsage backingStorageSize: ArrayBuffer bytes (downloaded images live there), bytes. */
  backingStorage: number;
  /** Object URLs created and not yet revoked (job-list thumbnails). */
  liveObjectUrls: number;
  /** <img> elements showing an object URL. */
  blobImages: number;
}

export interface ExploreRun {
  kind: 'single' | 'explore';
  images: number;
  /** Press -> last cell placed. */
  wallMs: number;
  /** Press -> first cell placed. */
  firstPlacedMs: number;
  /** Press -> first create at the protocol server. */
  toFirstCreateMs: number;
  /** First create -> last create at the protocol server. */
  createSpanMs: number;
  /** Last create -> the last output available at the relay (model time plus queueing). */
  lastCreateToLastOutputMs: number;
  /** Last output available -> last cell placed. */
  lastOutputToPlacedMs: number;
  creates: number;
  /** GET /v1/predictions/{id} at the relay's upstream (the panel's polls; 0 when sync mode answered). */
  reads: number;
  createAt: number[];
  /** Most creates in any one second of the run. */
  maxCreatesIn1s: number;
  /** Most prediction creates in flight at the relay's upstream at once (a sync-mode create is held for the model's time). */
  maxCreatesInFlight: number;
  /** Most upstream requests of any kind in flight at once. */
  maxRequestsInFlight: number;
  /** Per cell: its output available -> placed (p50 over the run's cells is in the summary). */
  outputToPlacedMs: number[];
  /** Press -> the finishRun request (the job closed, one undo step). */
  finishedMs: number;
  memory?: { before: PanelMemory; after: PanelMemory };
}

const PAGE_PROBE = `(() => {
  const pg = window.__playground;
  const iframe = document.querySelector('iframe[name="plugin-ui"]');
  const t = () => performance.timeOrigin + performance.now();
  const b = window.__exploreBench = { baseline: new Set(), filled: {}, finishedAt: 0, waiters: [],
    reset() {
      for (const n of [...pg.figma.currentPage.children]) n.remove();
      b.baseline = new Set(pg.figma.currentPage.findAll(() => true).map((n) => n.id)); b.filled = {}; b.finishedAt = 0;
    },
    // Resolves inside the page (no polling over CDP: that disturbed the panel's timings).
    wait(n, ms) { return new Promise((res) => { const check = () => (Object.keys(b.filled).length >= n && b.finishedAt > 0 ? (res(true), true) : false);
      if (!check()) { b.waiters.push(check); setTimeout(() => res(false), ms); } }); },
    read() { return Object.entries(b.filled).map(([id, at]) => { const node = pg.figma.currentPage.findOne((x) => x.id === id);
      return { at, recipe: node ? node.getPluginData('recipe') : '' }; }); } };
  // A cell is placed when its node gets an image fill: seen in the fake's fills setter, so the
  // probe costs nothing per document change (walking every node on each change had billed the
  // page ~60 node visits per change in a 48-cell grid, and almost nothing in a 4-image run).
  const owners = new Set();
  for (const make of ['createRectangle', 'createFrame', 'createEllipse']) {
    const node = pg.figma[make]();
    let proto = Object.getPrototypeOf(node);
    while (proto && !Object.getOwnPropertyDescriptor(proto, 'fills')) proto = Object.getPrototypeOf(proto);
    if (proto) owners.add(proto);
    node.remove();
  }
  for (const proto of owners) {
    const d = Object.getOwnPropertyDescriptor(proto, 'fills');
    Object.defineProperty(proto, 'fills', { ...d, set(v) {
      d.set.call(this, v);
      if (b.baseline.has(this.id) || b.filled[this.id] || !Array.isArray(v) || !v.some((f) => f.type === 'IMAGE' && f.imageHash)) return;
      b.filled[this.id] = t();
      b.waiters = b.waiters.filter((check) => !check());
    } });
  }
  window.addEventListener('message', (e) => {
    const m = e.source === iframe.contentWindow && e.data && e.data.pluginMessage;
    if (!m || m.kind !== 'request' || m.name !== 'finishRun') return;
    b.finishedAt = t();
    b.waiters = b.waiters.filter((check) => !check());
  });
})()`;

/** The panel's side: the press, and object URLs made and revoked (thumbnails). */
const PANEL_PROBE = `(() => {
  const t = () => performance.timeOrigin + performance.now();
  const b = window.__exploreBench = { pressAt: 0, live: new Set() };
  const create = URL.createObjectURL.bind(URL), revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (o) => { const u = create(o); b.live.add(u); return u; };
  URL.revokeObjectURL = (u) => { b.live.delete(u); return revoke(u); };
  document.addEventListener('click', (e) => {
    const button = e.target.closest && e.target.closest('button');
    if (button && (/^Run \\d+ images$/.test(button.textContent.trim()) || /Generate/.test(button.textContent))) b.pressAt = t();
  }, true);
})()`;

export async function exploreRuns(browser: Browser, stage: ExploreStage, opts: ExploreOptions, log: (s: string) => void = () => {}): Promise<ExploreRun[]> {
  stage.backend.setLatency('*', opts.latencyMs);
  stage.forceFormat = undefined;
  // After the warm-up pair every output is served as drawn then: no sharp drawing in the runs.
  stage.cacheOutputs = true;
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  const out: ExploreRun[] = [];
  try {
    await page.goto(stage.url);
    await page.waitForSelector('body[data-ready="true"]');
    const panel = page.frameLocator('iframe[name="plugin-ui"]');
    await panel.getByRole('button', { name: 'Generate' }).waitFor();
    await page.evaluate(PAGE_PROBE);
    const frame = page.frame({ name: 'plugin-ui' })!;
    await frame.evaluate(PANEL_PROBE);
    const cdp = await browser.context.newCDPSession(frame);
    await cdp.send('Performance.enable');
    // The instrument sees retained bytes: a 1 MiB buffer the panel holds must show.
    const empty = await panelMemory(cdp, frame);
    await frame.evaluate('window.__benchHeld = new ArrayBuffer(1 << 20)');
    const held = await panelMemory(cdp, frame);
    await frame.evaluate('delete window.__benchHeld');
    if (!(Math.abs(held.backingStorage - empty.backingStorage - (1 << 20)) < 64 << 10)) throw new Error(`the panel memory probe did not see a 1 MiB ArrayBuffer held by the panel: ${JSON.stringify([empty, held])}`);
    await panel.getByLabel('Prompt').fill(opts.prompt);
    const images = opts.styles.length * opts.models.length * opts.variants;

    // Each pair starts with the panel's create pacer full again (ui/jobs/pacer.ts): back to back,
    // pairs asked for ~49 creates every ~4 s (over 700 a minute), and the pacer spread the later
    // grids' creates over a second or more to keep under Replicate's 600 a minute.
    const refillMs = (images + 1) * (60_000 / (600 - DEFAULT_BURST));
    let pairAt = 0;
    for (let i = 0; i < opts.runs + 1; i++) {
      const warm = i === 0 ? ' (warm-up)' : '';
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, pairAt + refillMs - Date.now())));
      pairAt = Date.now();
      // ---- Single run
      await panel.getByRole('button', { name: 'Single run' }).click();
      await panel.getByLabel('Variants', { exact: true }).fill(String(opts.singleVariants));
      await panel.getByLabel('Seed', { exact: true }).fill(String(opts.seed));
      const single = await once(page, frame, stage, 'single', opts.singleVariants, () => panel.getByRole('button', { name: 'Generate' }).click());
      // ---- Explore
      await panel.getByRole('button', { name: 'Explore grid' }).click();
      await panel.getByLabel('Across: Styles').fill(opts.styles.join('\n'));
      await panel.getByRole('combobox', { name: /^Down/ }).selectOption('models');
      await panel.getByLabel('Down: Models').fill(opts.models.join('\n'));
      await panel.getByLabel('Variants per cell').fill(String(opts.variants));
      await panel.getByLabel('First seed').fill(String(opts.seed));
      await panel.getByRole('button', { name: 'Explore', exact: true }).click();
      const confirm = panel.getByRole('alertdialog').getByRole('button', { name: `Run ${images} images` });
      await confirm.waitFor();
      const before = await panelMemory(cdp, frame);
      // BENCH_EXPLORE_PROFILE=1: where the panel's and the page's main threads go during the last explore.
      const profiled = process.env.BENCH_EXPLORE_PROFILE && i === opts.runs ? await startProfiles([['panel', cdp], ['page', await browser.context.newCDPSession(page)], ['bench (relay, protocol server, harness)', nodeSession()]]) : undefined;
      // BENCH_EXPLORE_TRACE=<file>: a Chromium trace of the last explore (every process), to open in DevTools.
      const traced = process.env.BENCH_EXPLORE_TRACE && i === opts.runs ? browser.context.browser() : null;
      await traced?.startTracing(undefined, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink', 'cc', 'gpu'] });
      const explore = await once(page, frame, stage, 'explore', images, () => confirm.click());
      if (profiled) await profiled.stop();
      if (traced) writeFileSync(process.env.BENCH_EXPLORE_TRACE!, await traced.stopTracing());
      // The job list's thumbnails are drawn after finishRun (48 of them take ~1 s here, the first
      // ~0.4 s after the last cell): wait until the run's card shows them all (at most 10 s). A
      // wait for "no new one in 300 ms" measured before they began, with the grid's copies held.
      await frame
        .waitForFunction((n) => (document.querySelector('.jobs-scroll article')?.querySelectorAll('img').length ?? 0) >= n, images, { timeout: 10_000 })
        .catch(() => log('the grid\'s thumbnails did not all show within 10 s'));
      explore.memory = { before, after: await panelMemory(cdp, frame) };
      log(
        `pair ${i}${warm}: single ${Math.round(single.wallMs)} ms, explore ${Math.round(explore.wallMs)} ms ` +
          `(${explore.creates} creates over ${Math.round(explore.createSpanMs)} ms, ≤ ${explore.maxCreatesInFlight} in flight)`,
      );
      if (i > 0) out.push(single, explore);
    }
    await cdp.detach();
  } finally {
    stage.cacheOutputs = false;
    stage.trace = undefined;
    await page.close();
  }
  return out;
}

/** One press, waited to its last cell placed and the run closed. */
type ProfilerSession = Pick<CDPSession, 'send'>;

/** This Node process's own profiler, spoken to like a CDP session. */
function nodeSession(): ProfilerSession {
  const session = new InspectorSession();
  session.connect();
  return { send: ((method: string, params?: object) => session.post(method, params)) as unknown as CDPSession['send'] };
}

async function startProfiles(sessions: [string, ProfilerSession][]): Promise<{ stop(): Promise<void> }> {
  for (const [, cdp] of sessions) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  return {
    async stop() {
      // All stopped before any is printed: printing is work in this process, which one of them profiles.
      const profiles = [];
      for (const [name, cdp] of sessions) profiles.push([name, (await cdp.send('Profiler.stop')).profile] as const);
      for (const [name, profile] of profiles) {
        printProfile(name, profile);
        // BENCH_EXPLORE_PROFILE=<dir>: each profile also written there, to open in DevTools.
        if (process.env.BENCH_EXPLORE_PROFILE !== '1') writeFileSync(join(process.env.BENCH_EXPLORE_PROFILE!, `explore-${name.split(' ')[0]}.cpuprofile`), JSON.stringify(profile));
      }
    },
  };
}

/** One press, waited to its last cell placed and the run closed. */
async function once(page: Page, frame: Frame, stage: ExploreStage, kind: ExploreRun['kind'], images: number, press: () => Promise<void>): Promise<ExploreRun> {
  await page.evaluate('window.__exploreBench.reset()');
  await frame.evaluate('window.__exploreBench.pressAt = 0');
  const since = stage.backend.requests.length;
  stage.trace = [];
  if (process.env.BENCH_EXPLORE_TIMELINE) await frame.evaluate('performance.clearResourceTimings(); performance.setResourceTimingBufferSize(5000)');
  // BENCH_EXPLORE_CPU=1: each process's CPU time, the page's and the panel's main threads and the
  // stage's threads busy, from the press to the last cell placed.
  const cpu = !!process.env.BENCH_EXPLORE_CPU;
  const cpuBefore = cpu ? cpuSnapshot() : undefined;
  const threads = cpu ? await mainThreadTimes(page, frame) : undefined;
  if (cpu) await stage.busy?.();
  await press();
  const limitMs = 60_000;
  if (!(await page.evaluate(`window.__exploreBench.wait(${images}, ${limitMs})`))) {
    const placed = await page.evaluate('Object.keys(window.__exploreBench.filled).length');
    throw new Error(`${images}-image run: ${placed} placed after ${limitMs / 1000} s`);
  }
  if (cpuBefore) console.error(`bench: ${kind} CPU by process: ${cpuBetween(cpuBefore, cpuSnapshot()).join(', ')}`);
  if (threads) console.error(`bench: ${kind} main threads: ${await threads()}`);
  const busy = cpu ? await stage.busy?.() : undefined;
  if (busy) console.error(`bench: ${kind} stage threads busy: ${Object.entries(busy).map(([name, ms]) => `${name} ${ms} ms`).join(', ')}`);
  const pressAt = (await frame.evaluate('window.__exploreBench.pressAt')) as number;
  const finishedAt = (await page.evaluate('window.__exploreBench.finishedAt')) as number;
  const filled = (await page.evaluate('window.__exploreBench.read()')) as { at: number; recipe: string }[];
  const trace = stage.trace;
  stage.trace = undefined;
  if (!pressAt) throw new Error('the press was not seen in the panel');
  const createAt = stage.backend.requests
    .slice(since)
    .filter((r) => r.method === 'POST' && /\/predictions$/.test(r.path))
    .map((r) => r.at);
  const outputAt = filled.map((f) => stage.urlAvailableAt.get(JSON.parse(f.recipe || '{}').predictionId as string) ?? NaN);
  const placedAt = filled.map((f) => f.at);
  const lastPlaced = Math.max(...placedAt);
  const lastOutput = Math.max(...outputAt);
  const creates = (trace ?? []).filter((t) => /^POST .*\/predictions$/.test(t.path));
  const reads = (trace ?? []).filter((t) => /^GET \/v1\/predictions\/[^/]+$/.test(t.path));
  // BENCH_EXPLORE_TIMELINE=<file>: every relay upstream call of the run, ms from the press (appended, one JSON line a run).
  if (process.env.BENCH_EXPLORE_TIMELINE) {
    // The panel's own view of each call: asked for (fetchStart), sent (requestStart: 0 without Timing-Allow-Origin), answered.
    const panelCalls = (await frame.evaluate(`performance.getEntriesByType('resource').map((e) => [e.name.replace(/^https?:\\/\\/[^/]+/, '').slice(0, 60), Math.round(performance.timeOrigin + e.fetchStart - ${pressAt}), Math.round(performance.timeOrigin + e.requestStart - ${pressAt}), Math.round(performance.timeOrigin + e.responseEnd - ${pressAt})]).filter((e) => e[1] >= 0)`)) as unknown[];
    await frame.evaluate('performance.clearResourceTimings()');
    const line = { kind, panelCalls, calls: (trace ?? []).map((t) => [t.path.replace(/[A-Za-z0-9]{20,}/g, ':id'), Math.round(t.start - pressAt), Math.round(t.end - pressAt)]), placed: placedAt.map((t) => Math.round(t - pressAt)).sort((x, y) => x - y), outputs: outputAt.map((t) => Math.round(t - pressAt)).sort((x, y) => x - y) };
    appendFileSync(process.env.BENCH_EXPLORE_TIMELINE, JSON.stringify(line) + '\n');
  }
  return {
    kind,
    images,
    wallMs: lastPlaced - pressAt,
    firstPlacedMs: Math.min(...placedAt) - pressAt,
    toFirstCreateMs: Math.min(...createAt) - pressAt,
    createSpanMs: Math.max(...createAt) - Math.min(...createAt),
    lastCreateToLastOutputMs: lastOutput - Math.max(...createAt),
    lastOutputToPlacedMs: lastPlaced - lastOutput,
    creates: createAt.length,
    reads: reads.length,
    createAt: createAt.map((t) => Math.round(t - pressAt)),
    maxCreatesIn1s: maxInWindow(createAt, 1000),
    maxCreatesInFlight: maxOverlap(creates),
    maxRequestsInFlight: maxOverlap(trace ?? []),
    outputToPlacedMs: placedAt.map((t, k) => t - outputAt[k]),
    finishedMs: finishedAt - pressAt,
  };
}

/**
 * The page's and the panel's main-thread time by kind (Chromium's Performance.getMetrics:
 * script, style, layout, all tasks), from now to when the returned function is called.
 */
async function mainThreadTimes(page: Page, frame: Frame): Promise<() => Promise<string>> {
  const sessions = [
    ['page', await page.context().newCDPSession(page)],
    ['panel', await page.context().newCDPSession(frame)],
  ] as const;
  const read = async (cdp: CDPSession) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  for (const [, cdp] of sessions) await cdp.send('Performance.enable');
  const before = await Promise.all(sessions.map(([, cdp]) => read(cdp)));
  return async () => {
    const out: string[] = [];
    for (const [k, [name, cdp]] of sessions.entries()) {
      const after = await read(cdp);
      const ms = (key: string) => Math.round((after[key] - before[k][key]) * 1000);
      out.push(`${name} tasks ${ms('TaskDuration')} ms (script ${ms('ScriptDuration')}, style ${ms('RecalcStyleDuration')}, layout ${ms('LayoutDuration')})`);
      await cdp.detach();
    }
    return out.join('; ');
  };
}

async function panelMemory(cdp: CDPSession, frame: Frame): Promise<PanelMemory> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const { metrics } = await cdp.send('Performance.getMetrics');
  const dom = (await frame.evaluate(
    `({ live: window.__exploreBench.live.size, images: document.querySelectorAll('img[src^="blob:"]').length })`,
  )) as { live: number; images: number };
  return {
    jsHeapUsed: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? usage.usedSize,
    backingStorage: usage.backingStorageSize ?? NaN,
    liveObjectUrls: dom.live,
    blobImages: dom.images,
  };
}

function maxInWindow(at: number[], windowMs: number): number {
  const s = [...at].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i] - s[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function maxOverlap(spans: { start: number; end: number }[]): number {
  const edges = spans.flatMap((s) => [
    [s.start, 1],
    [s.end, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let n = 0;
  let best = 0;
  for (const [, d] of edges) best = Math.max(best, (n += d));
  return best;
}

/**
 * Most creates in any 60-second window of the protocol server's log from request `from` on
 * (what Replicate's limit counts): the pairs run back to back, so windows span several runs.
 */
export function peakCreatesPerMinute(stage: ExploreStage, from = 0): number {
  return maxInWindow(
    stage.backend.requests.slice(from).filter((r) => r.method === 'POST' && /\/predictions$/.test(r.path)).map((r) => r.at),
    60_000,
  );
}
