/**
 * Design generation, end to end, in Chromium: the built plugin in the playground page, the
 * panel's Design button, the real relay (its /stream route) and the Replicate protocol server's
 * demo language model writing its answer at a fixed token rate. Issue #9's figures: time from
 * pressing Design to the first section built, and to the whole structure, as a share of the
 * model's own streaming time.
 *
 * Where each time comes from (one machine, one clock: performance.timeOrigin + now(), except the
 * protocol server's own created_at/completed_at, which are Date.now()):
 * - the model: the fake's prediction, created_at -> completed_at (its last token is written in
 *   the same tick that completes it);
 * - "section written": the relay's upstream read of the event stream, fed to the same
 *   SectionStream the panel uses, so the moment a section's closing brace reaches the relay;
 * - the panel: the click on Design, and every request it sends the controller and the moment
 *   its response arrives (addDesignSection resolved = that section is on the canvas; placeImages
 *   resolved = that image is placed; finishDesign resolved = done, one undo step, selected).
 */
import type { Page } from 'playwright-core';
import { SectionStream } from '../shared/design/stream-sections';
import type { Browser } from '../tests/e2e/browser';
import { now, type Stage } from './harness';

export interface DesignOptions {
  prompt: string;
  /** owner/name of a language model the protocol server has (anthropic/claude-4-sonnet…). */
  llm: string;
  tokensPerSecond: number;
  /** The fake's latency for the language model: it starts writing after a quarter of it. */
  llmLatencyMs: number;
  /** The image model's run time (the Generate tab's default model fills the slots). */
  imageLatencyMs: number;
  runs: number;
}

export interface DesignRun {
  /** The model's own time: prediction created -> its last token (the protocol server's clock). */
  modelMs: number;
  outputTokens: number;
  /** The model's first token reached the relay, from the prediction's creation. */
  firstTokenMs: number;
  /** Design click -> the language model's create request at the protocol server. */
  clickToCreateMs: number;
  /** Design click -> addDesignSection of the first section resolved in the panel. */
  firstSectionMs: number;
  /** Design click -> the last section resolved. */
  structureMs: number;
  /** Design click -> the last image slot placed (placeImages resolved). */
  imagesMs: number;
  /** Design click -> finishDesign resolved (recipe stored, selected). */
  doneMs: number;
  /** The model's last token (at the protocol server) -> the last section resolved. */
  structureAfterModelMs: number;
  sections: { index: number; writtenMs: number; builtMs: number }[];
  slots: number;
  imagesPlaced: number;
  firstSectionPct: number;
  structurePct: number;
}

/**
 * The page's side: every request the panel sends the controller, by id and name (they arrive
 * here as window messages from the iframe). Evaluated after load: Playwright's init scripts do
 * not reliably reach a srcdoc iframe, so nothing is injected before the panel's own scripts.
 */
const PAGE_PROBE = `(() => {
  const iframe = document.querySelector('iframe[name="plugin-ui"]');
  const b = window.__designBench = { sent: {}, waiters: [],
    reset() { b.sent = {}; },
    // Resolves inside the page (no polling over CDP) with the id of the finishDesign request.
    waitFinish(ms) { return new Promise((res) => { const check = () => { const id = Object.keys(b.sent).find((k) => b.sent[k] === 'finishDesign');
      return id !== undefined && (res(Number(id)), true); };
      if (!check()) { b.waiters.push(check); setTimeout(() => res(null), ms); } }); } };
  window.addEventListener('message', (e) => {
    const m = e.source === iframe.contentWindow && e.data && e.data.pluginMessage;
    if (!m || m.kind !== 'request') return;
    b.sent[m.id] = m.name;
    b.waiters = b.waiters.filter((check) => !check());
  });
})()`;

/** The panel's side: the Design click and the moment each response reaches the panel. */
const PANEL_PROBE = `(() => {
  const t = () => performance.timeOrigin + performance.now();
  const b = window.__designBench = { clickAt: 0, answered: {}, waiters: [],
    reset() { b.clickAt = 0; b.answered = {}; },
    wait(id, ms) { return new Promise((res) => { const check = () => !!b.answered[id] && (res(true), true);
      if (!check()) { b.waiters.push(check); setTimeout(() => res(false), ms); } }); } };
  window.addEventListener('message', (e) => {
    const m = e.data && e.data.pluginMessage;
    if (!m || m.kind !== 'response') return;
    const r = m.ok ? m.result : undefined;
    b.answered[m.id] = { t: t(), ok: m.ok, slots: r && Array.isArray(r.slots) ? r.slots.length : undefined };
    b.waiters = b.waiters.filter((check) => !check());
  });
  window.addEventListener('click', (e) => {
    const button = e.target && e.target.closest && e.target.closest('button[type="submit"]');
    if (button && button.textContent.trim() === 'Design' && !b.clickAt) b.clickAt = t();
  }, true);
})()`;

interface PanelRecord {
  clickAt: number;
  /** Request id -> name, seen by the page. */
  sent: Record<string, string>;
  /** Request id -> when its response reached the panel. */
  answered: Record<string, { t: number; ok: boolean; slots?: number }>;
}

/** Watches one language model's event stream as the relay reads it. */
function streamTap() {
  const tap = { firstOutputAt: 0, lastOutputAt: 0, sectionAt: [] as number[] };
  const wrap = (response: Response): Response => {
    if (!response.body) return response;
    const sections = new SectionStream();
    const decoder = new TextDecoder();
    let buffer = '';
    const read = (text: string) => {
      buffer += text;
      for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer[end] === '\r' ? 4 : 2));
        const lines = block.split(/\r?\n/);
        if (!lines.some((l) => l === 'event: output')) continue;
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(l.startsWith('data: ') ? 6 : 5)).join('\n');
        const at = now();
        tap.firstOutputAt ||= at;
        tap.lastOutputAt = at;
        for (const event of sections.push(data)) if (event.type === 'section') tap.sectionAt[event.index] = at;
      }
    };
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          read(decoder.decode(chunk, { stream: true }));
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { tap, wrap };
}

async function openDesignPanel(browser: Browser, stage: Stage): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(stage.url);
  await page.waitForSelector('body[data-ready="true"]');
  const panel = page.frameLocator('iframe[name="plugin-ui"]');
  await panel.getByRole('tab', { name: 'Design' }).click();
  await panel.getByRole('button', { name: 'Design', exact: true }).waitFor();
  await page.evaluate(PAGE_PROBE);
  await page.frame({ name: 'plugin-ui' })!.evaluate(PANEL_PROBE);
  return page;
}

export async function designRuns(browser: Browser, stage: Stage, opts: DesignOptions, log: (s: string) => void = () => {}): Promise<DesignRun[]> {
  stage.backend.setLatency('*', opts.imageLatencyMs);
  stage.backend.setLatency(opts.llm, opts.llmLatencyMs);
  stage.forceFormat = undefined;
  const page = await openDesignPanel(browser, stage);
  const panel = page.frameLocator('iframe[name="plugin-ui"]');
  const frame = page.frame({ name: 'plugin-ui' })!;
  const out: DesignRun[] = [];
  try {
    await panel.getByLabel('Prompt').fill(opts.prompt);
    await panel.getByLabel('Language model').fill(opts.llm);
    for (let i = 0; i < opts.runs; i++) {
      await page.evaluate(`(() => { for (const n of [...window.__playground.figma.currentPage.children]) n.remove(); })()`);
      await page.evaluate('window.__designBench.reset()');
      await frame.evaluate('window.__designBench.reset()');
      const { tap, wrap } = streamTap();
      stage.tapStream = wrap;
      const since = stage.backend.requests.length;
      await panel.getByRole('button', { name: 'Design', exact: true }).click();
      const limitMs = 60_000 + (3 * 8000 * 1000) / opts.tokensPerSecond;
      const finishId = (await page.evaluate(`window.__designBench.waitFinish(${limitMs})`)) as number | null;
      if (finishId === null || !(await frame.evaluate(`window.__designBench.wait(${finishId}, 10000)`))) {
        const seen = await page.evaluate(`Object.values(window.__designBench.sent).join(', ')`);
        const shown = await panel.getByRole('list', { name: 'Designs' }).textContent().catch(() => '');
        throw new Error(`design run ${i + 1}: not finished after ${limitMs} ms. Requests: ${seen}. Panel: ${shown}`);
      }
      stage.tapStream = undefined;
      const rec = {
        ...((await frame.evaluate('({ clickAt: window.__designBench.clickAt, answered: window.__designBench.answered })')) as Omit<PanelRecord, 'sent'>),
        sent: (await page.evaluate('window.__designBench.sent')) as PanelRecord['sent'],
      };
      out.push(toRun(stage, opts, rec, tap, since, i));
      log(`design run ${i + 1}/${opts.runs}: model ${Math.round(out[i].modelMs)} ms, first section ${Math.round(out[i].firstSectionMs)} ms, structure ${Math.round(out[i].structureMs)} ms`);
    }
  } finally {
    stage.tapStream = undefined;
    await page.close();
  }
  return out;
}

function toRun(
  stage: Stage,
  opts: DesignOptions,
  rec: PanelRecord,
  tap: ReturnType<typeof streamTap>['tap'],
  since: number,
  i: number,
): DesignRun {
  const fail = (why: string) => new Error(`design run ${i + 1}: ${why}`);
  if (!rec.clickAt) throw fail('the Design click was not seen in the panel');
  // Request ids count up in the panel, so they also give the order the requests were sent in.
  const answers = (name: string) =>
    Object.entries(rec.sent)
      .filter(([id, sent]) => sent === name && rec.answered[id])
      .map(([id]) => ({ id: Number(id), ...rec.answered[id] }))
      .sort((a, b) => a.id - b.id);
  const sections = answers('addDesignSection');
  const placed = answers('placeImages').filter((a) => a.ok);
  const done = answers('finishDesign')[0];
  if (!sections.length || sections.some((s) => !s.ok)) throw fail('no section was built');
  // A model outside the presets is run by version (POST /v1/predictions), so find it by its model.
  const from = stage.backend.requests[since]?.at ?? 0;
  const prediction = [...stage.backend.predictions.values()].find((p) => p.model === opts.llm && Date.parse(p.created_at) >= from);
  if (!prediction) throw fail('the language model was never asked');
  if (prediction.status !== 'succeeded' || !prediction.completed_at) throw fail(`the language model prediction ended ${prediction.status}`);
  const create = stage.backend.requests
    .slice(since)
    .filter((r) => r.method === 'POST' && r.path.endsWith('/predictions') && r.at <= Date.parse(prediction.created_at))
    .pop()!;
  const createdAt = Date.parse(prediction.created_at);
  const modelMs = Date.parse(prediction.completed_at) - createdAt;
  const builtAt = sections.map((s) => s.t);
  const structureAt = Math.max(...builtAt);
  const slots = sections.reduce((n, s) => n + (s.slots ?? 0), 0);
  return {
    modelMs,
    outputTokens: prediction.metrics?.output_token_count ?? 0,
    firstTokenMs: tap.firstOutputAt - createdAt,
    clickToCreateMs: create.at - rec.clickAt,
    firstSectionMs: builtAt[0] - rec.clickAt,
    structureMs: structureAt - rec.clickAt,
    imagesMs: placed.length ? Math.max(...placed.map((p) => p.t)) - rec.clickAt : NaN,
    doneMs: done.t - rec.clickAt,
    structureAfterModelMs: structureAt - (createdAt + modelMs),
    sections: builtAt.map((t, index) => ({ index, writtenMs: (tap.sectionAt[index] ?? NaN) - rec.clickAt, builtMs: t - rec.clickAt })),
    slots,
    imagesPlaced: placed.length,
    firstSectionPct: (100 * (builtAt[0] - rec.clickAt)) / modelMs,
    structurePct: (100 * (structureAt - rec.clickAt)) / modelMs,
  };
}
