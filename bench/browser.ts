/**
 * Measurements in Chromium: the built plugin in the playground page, driven through its panel.
 * Timestamps are epoch milliseconds with sub-millisecond precision (performance.timeOrigin +
 * performance.now()) in Node, the page and the panel's iframe alike: one machine, one clock.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FrameLocator, Page } from 'playwright-core';
import type { Browser } from '../tests/e2e/browser';
import { now, type Stage } from './harness';
import { ownShare, type Interval, type OwnShare } from './own-share';

export interface RunTiming {
  variants: number;
  format: string;
  latencyMs: number;
  clickAt: number;
  firstPlaceholderMs: number;
  /** click -> the create request reaches the protocol server (first one). */
  beforeCreateMs: number;
  /** click -> last image filled. */
  wallMs: number;
  /** Fake's drawing time (max over the run's predictions), excluded from overheads. */
  drawMs: number;
  /** Per image: prediction finished (files ready, relay has it) -> node filled. */
  perImageMs: number[];
  /** Last fill minus the latest prediction's finish. */
  afterOutputMs: number;
  /** The same two windows minus the playground's drawing and the fake's hashing (bench/own-share.ts). */
  own: OwnShare;
}

const G = `(window.__playground)`;

async function openPanel(browser: Browser, stage: Stage): Promise<{ page: Page; panel: FrameLocator }> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  if (process.env.BENCH_TRANSFER) {
    // Experiment (`BENCH_TRANSFER=1 npm run bench -- --runs png 4`): the proposed fix, the
    // panel's image bytes sent to the controller in postMessage's transfer list, not copied.
    await page.addInitScript(`if (window !== window.top) { const real = window.parent; window.parent = { postMessage(msg, origin) {
      const b = msg && msg.pluginMessage && msg.pluginMessage.payload && msg.pluginMessage.payload.bytes;
      real.postMessage(msg, origin, b instanceof Uint8Array && b.byteLength === b.buffer.byteLength ? [b.buffer] : []);
    } }; }`);
  }
  await page.goto(stage.url);
  await page.waitForSelector('body[data-ready="true"]');
  const panel = page.frameLocator('iframe[name="plugin-ui"]');
  await panel.getByRole('button', { name: 'Generate' }).waitFor();
  // Page side: note when the first new node appears and when each node first has an image fill.
  await page.evaluate(`(() => {
    const pg = ${G};
    const t = () => performance.timeOrigin + performance.now();
    const b = window.__bench = { baseline: new Set(), first: null, filled: {}, waiters: [],
      // Resolves inside the page (no polling over CDP: that disturbed the panel's timings).
      wait(n) { return new Promise((res) => { const check = () => (Object.keys(b.filled).length >= n ? (res(true), true) : false);
        if (!check()) { b.waiters.push(check); setTimeout(() => res(false), 30000); } }); },
      reset() {
      for (const n of [...pg.figma.currentPage.children]) n.remove();
      b.baseline = new Set(pg.figma.currentPage.findAll(() => true).map((n) => n.id)); b.first = null; b.filled = {};
    } };
    pg.fake.onDocumentChange(() => {
      const at = t();
      for (const n of pg.figma.currentPage.findAll(() => true)) {
        if (b.baseline.has(n.id)) continue;
        if (b.first === null) b.first = at;
        if (!b.filled[n.id] && Array.isArray(n.fills) && n.fills.some((f) => f.type === 'IMAGE' && f.imageHash)) b.filled[n.id] = at;
      }
      b.waiters = b.waiters.filter((check) => !check());
    });
  })()`);
  // Panel side: when Generate is clicked.
  const frame = page.frame({ name: 'plugin-ui' })!;
  await frame.evaluate(`document.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('button') && /Generate/.test(e.target.closest('button').textContent)) window.__clickAt = performance.timeOrigin + performance.now();
  }, true)`);
  // BENCH_PANEL_PROBE=1: the panel's fetches, decodes and encodes as they start and end (how the
  // ~1 s per WebP of an encode waiting for an idle period was found: ui/images/canvas-blob.ts).
  if (process.env.BENCH_PANEL_PROBE) {
    page.on('console', (m) => m.text().startsWith('probe') && console.error(m.text()));
    await frame.evaluate(`(() => { const t = () => Math.round(performance.now()); const wrap = (o, k) => { const f = o[k]; o[k] = function (...a) { const s = t(); const r = f.apply(this, a); Promise.resolve(r).then(() => console.log('probe ' + k + ' ' + s + ' -> ' + t())); return r; }; };
      wrap(window, 'createImageBitmap'); wrap(OffscreenCanvas.prototype, 'convertToBlob'); wrap(Blob.prototype, 'arrayBuffer'); wrap(window, 'fetch');
      new PerformanceObserver((l) => l.getEntries().forEach((e) => console.log('probe resource ' + e.name.slice(-40) + ' ' + Math.round(e.startTime) + ' -> ' + Math.round(e.responseEnd)))).observe({ type: 'resource' });
    })()`);
  }
  if (process.env.BENCH_OFFSCREEN_TOBLOB) {
    // Experiment (`BENCH_OFFSCREEN_TOBLOB=1 npm run bench -- --runs webp 4`): the proposed fix,
    // canvas.toBlob (an idle task in Chromium) replaced by OffscreenCanvas.convertToBlob.
    await frame.evaluate(`HTMLCanvasElement.prototype.toBlob = function (cb, type, quality) {
      const c = new OffscreenCanvas(this.width, this.height);
      c.getContext('2d').drawImage(this, 0, 0);
      c.convertToBlob({ type, quality }).then(cb, () => cb(null));
    }`);
  }
  return { page, panel };
}

/** One Generate click, waited to the end; returns raw timings. */
async function generateOnce(page: Page, panel: FrameLocator, stage: Stage, variants: number, prompt: string) {
  await page.evaluate(`window.__bench.reset(); ${G}.timings.render.length = 0; ${G}.timings.createImage.length = 0`);
  await panel.getByLabel('Prompt').fill(prompt);
  await panel.getByLabel('Variants').fill(String(variants));
  const since = stage.backend.requests.length;
  await panel.getByRole('button', { name: 'Generate' }).click();
  if (!(await page.evaluate(`window.__bench.wait(${variants})`))) {
    throw new Error(`timed out: ${await page.evaluate('Object.keys(window.__bench.filled).length')}/${variants} filled`);
  }
  const clickAt = (await page.frame({ name: 'plugin-ui' })!.evaluate('window.__clickAt')) as number;
  const { first, filled } = (await page.evaluate(
    `(() => { const b = window.__bench, pg = ${G}; return { first: b.first, filled: Object.entries(b.filled).map(([id, t]) => {
      const n = pg.figma.getNodeById ? null : null; const node = pg.figma.currentPage.findOne((x) => x.id === id);
      return { id, t, recipe: node ? node.getPluginData('recipe') : '' }; }) }; })()`,
  )) as { first: number; filled: { id: string; t: number; recipe: string }[] };
  const creates = stage.backend.requests.slice(since).filter((r) => r.method === 'POST' && /\/predictions$/.test(r.path));
  // Read after the last fill: a redraw still running then ends past the window and is clipped.
  const timings = (await page.evaluate(`${G}.timings`)) as { render: Interval[]; createImage: Interval[] };
  return { clickAt, first, filled, creates, timings };
}

export async function generateRuns(
  browser: Browser,
  stage: Stage,
  opts: { variants: number; format?: string; latencyMs: number; reps: number; warmups?: number },
): Promise<RunTiming[]> {
  stage.backend.setLatency('*', opts.latencyMs);
  stage.forceFormat = opts.format;
  const { page, panel } = await openPanel(browser, stage);
  const out: RunTiming[] = [];
  try {
    const warmups = opts.warmups ?? 1;
    for (let i = 0; i < warmups + opts.reps; i++) {
      const r = await generateOnce(page, panel, stage, opts.variants, `bench ${opts.format ?? 'default'} ${opts.variants} #${i}`);
      if (i < warmups) continue;
      const pids = new Set<string>();
      const perImageMs = r.filled.map((f) => {
        const pid = JSON.parse(f.recipe || '{}').predictionId as string;
        pids.add(pid);
        return f.t - stage.urlAvailableAt.get(pid)!;
      });
      const lastFill = Math.max(...r.filled.map((f) => f.t));
      const lastOutput = Math.max(...[...pids].map((p) => stage.urlAvailableAt.get(p)!));
      out.push({
        variants: opts.variants,
        format: opts.format ?? 'panel default',
        latencyMs: opts.latencyMs,
        clickAt: r.clickAt,
        firstPlaceholderMs: r.first - r.clickAt,
        beforeCreateMs: Math.min(...r.creates.map((c) => c.at)) - r.clickAt,
        wallMs: lastFill - r.clickAt,
        drawMs: Math.max(...[...pids].map((p) => stage.drawMs.get(p) ?? 0)),
        perImageMs,
        afterOutputMs: lastFill - lastOutput,
        own: ownShare(r.timings, { clickAt: r.clickAt, createAt: Math.min(...r.creates.map((c) => c.at)), lastOutputAt: lastOutput, lastFillAt: lastFill }),
      });
    }
  } finally {
    await page.close();
  }
  return out;
}

export interface StageTiming {
  set: 'demo' | 'textured';
  format: string;
  bytes: number;
  downloadMs: number[];
  convertMs: number[];
  placeMs: number[];
  postMessageMs: number[];
}

/**
 * The pipeline's steps one by one in the page, for one 1024x1024 output per format: download
 * through the relay's /download (no HTTP cache), the panel's own toPlaceable (ui/images, bundled
 * here unchanged), a structured-clone postMessage of the bytes, and figma.createImage + a fill
 * in the Figma fake.
 */
export async function stageRuns(browser: Browser, stage: Stage, root: string, reps: number): Promise<StageTiming[]> {
  const lib = (
    await build({
      entryPoints: [join(root, 'ui/images/to-placeable.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__benchImages',
      target: 'es2020',
      platform: 'browser',
      logLevel: 'warning',
    })
  ).outputFiles[0].text;

  // One demo output per format, drawn by the protocol server (as the model would return it).
  const urls: { set: 'demo' | 'textured'; format: string; url: string }[] = [];
  const formats = ['png', 'webp', 'jpg'];
  for (const format of formats) {
    const res = await fetch(`${stage.relayUrl}/v1/models/black-forest-labs/flux-schnell/predictions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'wait=30' },
      body: JSON.stringify({ input: { prompt: 'a lighthouse at dusk', aspect_ratio: '1:1', output_format: format, seed: 7 } }),
    });
    const p = (await res.json()) as { output: string[] };
    urls.push({ set: 'demo', format, url: p.output[0] });
  }
  // The demo pictures are smooth gradients that compress far better than a photo. A textured
  // variant (the same picture with photographic grain) is closer to a real model's entropy.
  const png = Buffer.from(await (await fetch(urls[0].url)).arrayBuffer());
  const grain = await sharp({ create: { width: 1024, height: 1024, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } } } as sharp.SharpOptions)
    .png()
    .toBuffer();
  const textured = sharp(png).composite([{ input: grain, blend: 'soft-light' }]).removeAlpha();
  const encoded = {
    png: await textured.clone().png().toBuffer(),
    webp: await textured.clone().webp({ quality: 80 }).toBuffer(),
    jpg: await textured.clone().jpeg({ quality: 80 }).toBuffer(),
  };
  const types = { png: 'image/png', webp: 'image/webp', jpg: 'image/jpeg' } as const;
  for (const format of formats as (keyof typeof encoded)[]) {
    stage.assets.set(`textured.${format}`, { type: types[format], bytes: encoded[format] });
    urls.push({ set: 'textured', format, url: `${stage.assetsUrl}/textured.${format}` });
  }

  const page = await browser.context.newPage();
  await page.goto(stage.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.addScriptTag({ content: lib });
  const out: StageTiming[] = [];
  for (const u of urls) {
    const r = (await page.evaluate(
      `(async ({ relay, url, reps }) => {
        const t = () => performance.timeOrigin + performance.now();
        const figma = window.__playground.figma;
        const res = { bytes: 0, downloadMs: [], convertMs: [], placeMs: [], postMessageMs: [] };
        for (let i = 0; i < reps + 1; i++) {
          const t0 = t();
          const r = await fetch(relay + '/download?url=' + encodeURIComponent(url), { cache: 'no-store' });
          const bytes = new Uint8Array(await r.arrayBuffer());
          const t1 = t();
          const placeable = await window.__benchImages.toPlaceable(bytes);
          const t2 = t();
          const cloned = await new Promise((done) => {
            const ch = new MessageChannel();
            ch.port2.onmessage = (e) => done(e.data);
            ch.port1.postMessage({ bytes: placeable.bytes });
          });
          const t3 = t();
          const image = figma.createImage(cloned.bytes);
          const rect = figma.createRectangle();
          rect.resize(placeable.width, placeable.height);
          rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
          const t4 = t();
          rect.remove();
          if (i === 0) { res.bytes = bytes.length; continue; }
          res.downloadMs.push(t1 - t0); res.convertMs.push(t2 - t1); res.postMessageMs.push(t3 - t2); res.placeMs.push(t4 - t3);
        }
        return res;
      })(${JSON.stringify({ relay: stage.relayUrl, url: u.url, reps })})`,
    )) as Omit<StageTiming, 'set' | 'format'>;
    out.push({ set: u.set, format: u.format, ...r });
  }
  await page.close();
  return out;
}

export { now };
