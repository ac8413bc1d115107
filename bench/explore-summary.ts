/**
 * Issue #10's figures from the explore runs: medians and ranges, the table rows with their
 * targets, and the JSON kept in bench/results.json.
 */
import { median, spread } from './design-summary';
import type { ExploreOptions, ExploreRun, PanelMemory } from './explore';

type Row = [string, string, string, string];

/** Replicate's limit on prediction creates (shared/FACTS.md), and what the panel's pacer keeps to. */
export const CREATES_PER_MINUTE = 600;
export const TARGET_RATIO = 1.5;

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const sec = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const range = (xs: number[], f: (x: number) => string) => {
  const s = spread(xs);
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
};

export function exploreSummary(runs: ExploreRun[], opts: ExploreOptions, peakPerMinute: number) {
  const single = runs.filter((r) => r.kind === 'single');
  const explore = runs.filter((r) => r.kind === 'explore');
  const ratio = median(explore.map((r) => r.wallMs)) / median(single.map((r) => r.wallMs));
  // Each pair ran back to back: its own ratio shows how much the machine moved between pairs.
  const pairRatios = explore.map((r, i) => r.wallMs / single[i].wallMs);
  const createRate = explore.map((r) => (r.createSpanMs > 0 ? ((r.creates - 1) * 60_000) / r.createSpanMs : NaN));
  const mem = (pick: (m: PanelMemory) => number) => ({
    before: spread(explore.map((r) => pick(r.memory!.before))),
    after: spread(explore.map((r) => pick(r.memory!.after))),
    growth: spread(explore.map((r) => pick(r.memory!.after) - pick(r.memory!.before))),
  });
  const heap = mem((m) => m.jsHeapUsed);
  const buffers = mem((m) => m.backingStorage);
  const urls = mem((m) => m.liveObjectUrls);
  const images = explore[0]?.images ?? 0;
  const under = peakPerMinute <= CREATES_PER_MINUTE && explore.every((r) => r.creates === r.images);
  const released = buffers.growth.max < 1 * 2 ** 20;
  const rows: Row[] = [
    [`explore: ${opts.singleVariants}-image Generate, press -> last placed`, `${range(single.map((r) => r.wallMs), sec)} s`, '-', ''],
    [`explore: ${images}-image Explore, press -> last placed`, `${range(explore.map((r) => r.wallMs), sec)} s`, '-', ''],
    [`explore: ${images}-image / ${opts.singleVariants}-image wall (pairs)`, `${r2(ratio)} (${r2(Math.min(...pairRatios))}–${r2(Math.max(...pairRatios))})`, `≤ ${TARGET_RATIO}`, ratio <= TARGET_RATIO ? 'pass' : 'FAIL'],
    ['explore: first create -> last create', `${range(explore.map((r) => r.createSpanMs), sec)} s`, '-', ''],
    ['explore: last create -> last output / last output -> placed', `${r1(median(explore.map((r) => r.lastCreateToLastOutputMs)))} / ${r1(median(explore.map((r) => r.lastOutputToPlacedMs)))} ms`, '-', ''],
    ['explore: prediction reads (polls) per run', `${range(explore.map((r) => r.reads), (x) => String(Math.round(x)))}`, '-', ''],
    ['explore: creates in flight at the relay (max)', `${Math.max(...explore.map((r) => r.maxCreatesInFlight))}`, '-', ''],
    ['explore: create pace in a run (creates/min)', `${range(createRate, (x) => String(Math.round(x)))}`, '-', ''],
    ['explore: peak creates in any 60 s (all pairs, back to back)', `${peakPerMinute}`, `≤ ${CREATES_PER_MINUTE}`, under ? 'pass' : 'FAIL'],
    ['explore: press -> first cell placed (informational)', `${range(explore.map((r) => r.firstPlacedMs), (x) => String(Math.round(x)))} ms`, '-', ''],
    ['explore: panel JS heap before -> after (GC)', `${mb(heap.before.median)} -> ${mb(heap.after.median)} MB`, '-', ''],
    ['explore: panel ArrayBuffer bytes before -> after (GC)', `${mb(buffers.before.median)} -> ${mb(buffers.after.median)} MB (growth max ${mb(buffers.growth.max)})`, 'released', released ? 'pass' : 'FAIL'],
    ['explore: live object URLs after (thumbnails)', `${urls.after.median} (growth ${urls.growth.median})`, '-', ''],
  ];
  const figures = {
    ...opts,
    images,
    ratio: r2(ratio),
    pairRatios: pairRatios.map(r2),
    singleWallMs: spread(single.map((r) => r.wallMs)),
    exploreWallMs: spread(explore.map((r) => r.wallMs)),
    firstPlacedMs: spread(explore.map((r) => r.firstPlacedMs)),
    toFirstCreateMs: spread(explore.map((r) => r.toFirstCreateMs)),
    createSpanMs: spread(explore.map((r) => r.createSpanMs)),
    lastCreateToLastOutputMs: spread(explore.map((r) => r.lastCreateToLastOutputMs)),
    lastOutputToPlacedMs: spread(explore.map((r) => r.lastOutputToPlacedMs)),
    outputToPlacedMs: spread(explore.flatMap((r) => r.outputToPlacedMs)),
    singleOutputToPlacedMs: spread(single.flatMap((r) => r.outputToPlacedMs)),
    finishedMs: spread(explore.map((r) => r.finishedMs)),
    createsPerRun: spread(explore.map((r) => r.creates)),
    readsPerRun: spread(explore.map((r) => r.reads)),
    createPacePerMinute: spread(createRate),
    maxCreatesIn1s: spread(explore.map((r) => r.maxCreatesIn1s)),
    peakCreatesIn60s: peakPerMinute,
    maxCreatesInFlight: spread(explore.map((r) => r.maxCreatesInFlight)),
    maxRequestsInFlight: spread(explore.map((r) => r.maxRequestsInFlight)),
    memory: {
      jsHeapUsed: heap,
      arrayBufferBytes: buffers,
      liveObjectUrls: urls,
      blobImages: mem((m) => m.blobImages),
    },
    note:
      'press = Generate click / "Run N images" click in the panel; placed = image fill in the Figma fake; creates from the protocol server request log; memory of the panel renderer after HeapProfiler.collectGarbage',
  };
  return { rows, figures };
}
