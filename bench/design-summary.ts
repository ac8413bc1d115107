/**
 * Issue #9's figures from the design runs: medians and ranges, the table rows with their
 * targets, and the JSON kept in bench/results.json.
 */
import type { DesignOptions, DesignRun } from './design';

type Row = [string, string, string, string];

const r1 = (x: number) => Math.round(x * 10) / 10;

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median and range: a few runs of ~40 s each give no meaningful p90. */
export function spread(xs: number[]) {
  const s = xs.filter((x) => Number.isFinite(x));
  return { median: r1(median(s)), min: r1(Math.min(...s)), max: r1(Math.max(...s)), n: s.length };
}

const sec = (ms: number) => (ms / 1000).toFixed(2);
const range = (xs: number[], f: (x: number) => string) => {
  const s = spread(xs);
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
};

export function designSummary(runs: DesignRun[], opts: DesignOptions) {
  const firstPct = spread(runs.map((r) => r.firstSectionPct));
  const structurePct = spread(runs.map((r) => r.structurePct));
  // The plugin's own share: from a section's closing brace reaching the relay to that section
  // resolved in the panel (stream relay -> panel, parse, postMessage, build in the controller).
  const firstLag = runs.map((r) => r.sections[0].builtMs - r.sections[0].writtenMs);
  const sectionLag = runs.flatMap((r) => r.sections.map((s) => s.builtMs - s.writtenMs));
  // Where the first section's end sits in the answer: a floor no plugin can go below.
  const firstWrittenPct = runs.map((r) => (100 * r.sections[0].writtenMs) / r.modelMs);
  const rows: Row[] = [
    [`design: model streaming time (${opts.tokensPerSecond} tok/s)`, `${range(runs.map((r) => r.modelMs), sec)} s`, '-', ''],
    ['design: Design -> first section built', `${range(runs.map((r) => r.firstSectionMs), sec)} s`, '-', ''],
    ['design: first section written (at the relay) / model time', `${r1(median(firstWrittenPct))} %`, '-', ''],
    ['design: first section / model time', `${firstPct.median} (${firstPct.min}–${firstPct.max}) %`, '≤ 25 %', firstPct.max <= 25 ? 'pass' : 'FAIL'],
    ['design: Design -> full structure built', `${range(runs.map((r) => r.structureMs), sec)} s`, '-', ''],
    ['design: full structure / model time', `${structurePct.median} (${structurePct.min}–${structurePct.max}) %`, '≤ 110 %', structurePct.max <= 110 ? 'pass' : 'FAIL'],
    ['design: section written -> built (p50, all sections)', `${r1(median(sectionLag))} ms`, '-', ''],
    ['design: Design -> all images placed (informational)', `${range(runs.map((r) => r.imagesMs), sec)} s`, '-', ''],
  ];
  const figures = {
    prompt: opts.prompt,
    llm: opts.llm,
    tokensPerSecond: opts.tokensPerSecond,
    llmLatencyMs: opts.llmLatencyMs,
    imageLatencyMs: opts.imageLatencyMs,
    runs: runs.length,
    outputTokens: spread(runs.map((r) => r.outputTokens)),
    modelMs: spread(runs.map((r) => r.modelMs)),
    firstTokenMs: spread(runs.map((r) => r.firstTokenMs)),
    clickToCreateMs: spread(runs.map((r) => r.clickToCreateMs)),
    firstSectionMs: spread(runs.map((r) => r.firstSectionMs)),
    firstSectionPct: firstPct,
    firstSectionWrittenPct: spread(firstWrittenPct),
    firstSectionLagMs: spread(firstLag),
    structureMs: spread(runs.map((r) => r.structureMs)),
    structurePct,
    structureAfterModelMs: spread(runs.map((r) => r.structureAfterModelMs)),
    sectionWrittenToBuiltMs: spread(sectionLag),
    imagesMs: spread(runs.map((r) => r.imagesMs)),
    doneMs: spread(runs.map((r) => r.doneMs)),
    sections: runs[0]?.sections.length ?? 0,
    slots: runs[0]?.slots ?? 0,
    note:
      'model = prediction created -> last token (protocol server clock); first section / structure = Design click -> addDesignSection resolved in the panel; targets judged on the worst run',
  };
  return { rows, figures };
}

export function printRows(rows: Row[]): void {
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((t) => t[i].length), ['metric', 'value', 'target'][i].length));
  const line = (t: string[]) => `${t[0].padEnd(w[0])}  ${t[1].padEnd(w[1])}  ${t[2].padEnd(w[2])}  ${t[3]}`;
  console.log(line(['metric', 'value', 'target', 'result']));
  console.log(line(['-'.repeat(w[0]), '-'.repeat(w[1]), '-'.repeat(w[2]), '------']));
  for (const t of rows) console.log(line(t));
}
