/**
 * `npm run bench -- --trace [png|webp|jpg] [variants]`: one Generate with a timeline of what
 * happened where (relay upstream calls, panel network timings, panel->controller messages,
 * fills), for finding out where the time goes when a figure misses its target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../tests/e2e/browser';
import { startStage, now } from './harness';

export async function trace(root: string, format: string, variants: number): Promise<void> {
  const stage = await startStage(root, 700);
  const browser = await launchChromium();
  try {
    stage.forceFormat = format;
    const page = await browser.context.newPage();
    await page.goto(stage.url);
    await page.waitForSelector('body[data-ready="true"]');
    const panel = page.frameLocator('iframe[name="plugin-ui"]');
    await panel.getByRole('button', { name: 'Generate' }).waitFor();
    const frame = page.frame({ name: 'plugin-ui' })!;
    await page.evaluate(`(() => {
      const t = () => performance.timeOrigin + performance.now();
      const pg = window.__playground; const ev = window.__ev = [];
      window.addEventListener('message', (e) => { const m = e.data && e.data.pluginMessage; if (m) ev.push([t(), 'panel->controller ' + m.kind + ' ' + (m.name || m.id) + (m.payload && m.payload.bytes ? ' ' + m.payload.bytes.length + ' B' : '')]); }, true);
      const seen = new Set();
      pg.fake.onDocumentChange(() => { for (const n of pg.figma.currentPage.findAll(() => true)) {
        if (!seen.has(n.id)) { seen.add(n.id); ev.push([t(), 'node ' + n.id + ' ' + n.name]); }
        if (!seen.has('f' + n.id) && Array.isArray(n.fills) && n.fills.some((f) => f.type === 'IMAGE' && f.imageHash)) { seen.add('f' + n.id); ev.push([t(), 'filled ' + n.id]); }
      } });
      let last = t(); (function raf() { const x = t(); if (x - last > 50) ev.push([x, 'page frame gap ' + Math.round(x - last) + ' ms']); last = x; requestAnimationFrame(raf); })();
    })()`);
    await frame.evaluate(`(() => { const t = () => performance.timeOrigin + performance.now(); window.__ev = [];
      document.addEventListener('click', () => window.__ev.push([t(), 'click']), true);
      if (${process.env.NO_PANEL_RAF ? 'false' : 'true'}) { let last = t(); (function raf() { const x = t(); if (x - last > 50) window.__ev.push([x, 'panel frame gap ' + Math.round(x - last) + ' ms']); last = x; requestAnimationFrame(raf); })(); }
    })()`);
    // CPU profiles of the page (controller + Figma fake + canvas) and, if it runs apart, the panel.
    const sessions: { name: string; cdp: Awaited<ReturnType<typeof browser.context.newCDPSession>> }[] = [
      { name: 'page', cdp: await browser.context.newCDPSession(page) },
    ];
    try {
      sessions.push({ name: 'panel', cdp: await browser.context.newCDPSession(frame) });
    } catch {
      /* same process as the page: its samples are in the page's profile */
    }
    // With a readable build, a logpoint notes each message as the panel posts it (the page notes its arrival).
    const panelSession = sessions.find((x) => x.name === 'panel');
    if (process.env.BUILD_READABLE === '1' && panelSession) {
      const html = readFileSync(join(root, 'dist/ui.html'), 'utf8').split('\n');
      const line = html.findIndex((l) => l.includes('target.postMessage({ pluginMessage: message }'));
      if (line >= 0) {
        await panelSession.cdp.send('Debugger.enable');
        await panelSession.cdp.send('Debugger.setBreakpointByUrl', {
          urlRegex: 'srcdoc',
          lineNumber: line,
          condition: `(window.__ev && window.__ev.push([performance.timeOrigin + performance.now(), 'posts ' + message.kind + ' ' + (message.name || message.id)]), false)`,
        });
      }
    }
    // A warm-up run, then the traced one.
    const markers = new Map<string, number>();
    for (const i of process.env.TRACE_RUNS ? Array.from({ length: Number(process.env.TRACE_RUNS) }, (_, k) => k) : [0, 1]) {
      if (i === (process.env.TRACE_RUNS ? Number(process.env.TRACE_RUNS) - 1 : 1)) {
        for (const s of sessions) {
          await s.cdp.send('Profiler.enable');
          await s.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await s.cdp.send('Profiler.start');
          // A 5 ms busy loop named __clockMarker: where its samples fall ties the profile's clock to epoch ms.
          const target = s.name === 'page' ? page : frame;
          markers.set(s.name, (await target.evaluate(MARKER)) as number);
        }
      }
      stage.trace = [];
      await frame.evaluate('window.__ev.length = 0; performance.clearResourceTimings()');
      await page.evaluate('window.__ev.length = 0');
      await panel.getByLabel('Prompt').fill(`trace ${i}`);
      await panel.getByLabel('Variants').fill(String(variants));
      await panel.getByRole('button', { name: 'Generate' }).click();
      const end = Date.now() + 20000;
      while (((await page.evaluate(`window.__ev.filter((e) => e[1].startsWith('filled')).length`)) as number) < variants && Date.now() < end) {
        await page.waitForTimeout(50);
      }
      await page.waitForTimeout(200);
    }
    const timelines: [number, string][] = [];
    for (const s of sessions) {
      const { profile } = await s.cdp.send('Profiler.stop');
      if (process.env.BENCH_TRACE_SAMPLES) timelines.push(...sampledTimeline(s.name, profile, markers.get(s.name)));
      const self = new Map<string, number>();
      const dt = new Map<number, number>();
      profile.samples!.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas![k] ?? 0)));
      for (const n of profile.nodes) {
        const f = n.callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()?.slice(0, 30)}:${f.lineNumber}:${f.columnNumber}`;
        self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
      }
      const top = [...self].filter(([k]) => !/^\((idle|program)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 25);
      console.log(`--- ${s.name}: self time, top 25 (ms)`);
      for (const [k, ms] of top) console.log(`${ms.toFixed(1).padStart(8)}  ${k}`);
    }
    const events: [number, string][] = [
      ...((await page.evaluate('window.__ev')) as [number, string][]).map(([t, s]) => [t, `page   ${s}`] as [number, string]),
      ...((await frame.evaluate('window.__ev')) as [number, string][]).map(([t, s]) => [t, `panel  ${s}`] as [number, string]),
      ...((await frame.evaluate(`performance.getEntriesByType('resource').map((e) => [performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseStart, performance.timeOrigin + e.responseEnd, e.name])`)) as [number, number, number, string][]).flatMap(
        ([s, rs, re, name]) => {
          const short = name.replace(stage.relayUrl, '').replace(/url=[^&]*/, (m) => decodeURIComponent(m).replace(/^url=http:\/\/[^/]+/, 'url=')).slice(0, 70);
          return [[s, `panel  fetch start ${short}`], [rs, `panel  fetch first byte ${short}`], [re, `panel  fetch end ${short}`]] as [number, string][];
        },
      ),
      ...stage.trace!.flatMap((x) => [[x.start, `relay  upstream start ${x.path}`], [x.end, `relay  upstream headers ${x.path}`]] as [number, string][]),
      ...[...stage.urlAvailableAt].map(([id, t]) => [t, `relay  prediction ${id.slice(0, 6)} finished, files drawn in ${Math.round(stage.drawMs.get(id)!)} ms`] as [number, string]),
    ];
    events.push(...timelines);
    events.sort((a, b) => a[0] - b[0]);
    const t0 = events.find((e) => e[1].includes('click'))?.[0] ?? events[0][0];
    for (const [t, s] of events) if (t >= t0 - 1) console.log(`${(t - t0).toFixed(1).padStart(8)} ms  ${s}`);
  } finally {
    await browser.close();
    await stage.close();
  }
  void now;
}

const MARKER = `(function __clockMarker() { const s = performance.now(); while (performance.now() - s < 5) {} return performance.timeOrigin + s; })()`;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * `BENCH_TRACE_SAMPLES=1`: what one process's main thread ran, per 5 ms, as lines of the
 * timeline: the most sampled innermost JS function of our code and its caller chain.
 */
function sampledTimeline(name: string, profile: CpuProfile, markerEpochMs: number | undefined): [number, string][] {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number): string[] => {
    const out: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (f.functionName && f.functionName !== '(root)') out.push(f.functionName);
    }
    return out;
  };
  let t = profile.startTime;
  const times = (profile.samples ?? []).map((_, k) => (t += profile.timeDeltas![k] ?? 0) / 1000);
  const markerAt = profile.samples?.findIndex((id) => stack(id).includes('__clockMarker')) ?? -1;
  if (markerEpochMs === undefined || markerAt < 0) return [[Date.now(), `${name}  (no clock marker in the profile)`]];
  const offset = markerEpochMs - times[markerAt];
  const buckets = new Map<number, Map<string, number>>();
  profile.samples!.forEach((id, k) => {
    const chain = stack(id);
    if (chain.length === 0 || chain[0] === '(idle)' || chain[0] === '(program)') return;
    const bucket = Math.floor((times[k] + offset) / 5) * 5;
    const key = chain.slice(0, 4).join(' < ');
    const counts = buckets.get(bucket) ?? new Map<string, number>();
    counts.set(key, (counts.get(key) ?? 0) + (profile.timeDeltas![k] ?? 0) / 1000);
    buckets.set(bucket, counts);
  });
  return [...buckets].map(([at, counts]) => {
    const busy = [...counts.values()].reduce((a, b) => a + b, 0);
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([k, ms]) => `${ms.toFixed(1)} ${k}`);
    return [at, `${name.padEnd(5)}  busy ${busy.toFixed(1)}/5 ms: ${top.join(' | ')}`];
  });
}

/** Top self and inclusive times of one CPU profile, by function (for `BENCH_EXPLORE_PROFILE`). */
export function printProfile(name: string, profile: CpuProfile, top = 25): void {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'} ${f.url.split('/').pop()?.slice(0, 30)}:${f.lineNumber}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  (profile.samples ?? []).forEach((id, k) => {
    const ms = (profile.timeDeltas![k] ?? 0) / 1000;
    self.set(key(id), (self.get(key(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k2 = key(at);
      if (seen.has(k2)) continue;
      seen.add(k2);
      inclusive.set(k2, (inclusive.get(k2) ?? 0) + ms);
    }
  });
  for (const [title, map] of [['self', self], ['inclusive', inclusive]] as const) {
    console.log(`--- ${name}: ${title}, top ${top} (ms)`);
    for (const [k, ms] of [...map].filter(([k]) => !/^\((idle|program|root)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(1).padStart(8)}  ${k}`);
  }
}
