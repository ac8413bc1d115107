/**
 * What a designer waits for when the plugin opens: the built panel (dist/ui.html, one file with
 * its JS and CSS inline, as Figma loads it from a string) parsed, run, and its first frame with
 * the Generate button painted. Bytes are a proxy; this is the wait.
 *
 * Each run is a fresh Chromium (fresh profile, so no code cache from an earlier run), the page
 * is the panel itself from a file:// URL (no network, as in Figma), and nothing answers its
 * messages: the panel renders its first frame before the controller says anything. Its own
 * requests, which would come back to it (it is the top frame here), are swallowed before its
 * listener sees them, as a parent that has not answered yet.
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from '../tests/e2e/browser';

export interface PanelLoadRun {
  /** Navigation start → the end of DOMContentLoaded: HTML and CSS parsed, the whole bundle compiled and run (Preact renders synchronously in it). */
  scriptDoneMs: number;
  /** Navigation start → the first frame with the Generate button painted (requestAnimationFrame, then the task after that frame). */
  firstFrameMs: number;
  /** Chromium's first contentful paint, for reference. */
  fcpMs: number;
  /**
   * The renderer's main-thread CPU time by then (CDP Performance.getMetrics ThreadTime), and its
   * script and compile shares: what the load costs, far less swayed than wall time by whatever
   * else the machine runs.
   */
  cpuMs: number;
  scriptMs: number;
  compileMs: number;
}

export interface PanelLoadOptions {
  runs: number;
  /** Chromium's CPU throttling rate (1 = this machine; 4 = a 4× slower CPU, DevTools' "low-end"). */
  cpuSlowdown: number;
}

const PROBE = `(() => {
  addEventListener('message', (e) => { if (e.data && e.data.pluginMessage) e.stopImmediatePropagation(); }, true);
  const seen = () => [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Generate');
  const done = () => requestAnimationFrame(() => setTimeout(() => { window.__firstFrame = performance.now(); }));
  new MutationObserver((_, o) => { if (seen()) { o.disconnect(); done(); } })
    .observe(document, { childList: true, subtree: true });
})();`;

/**
 * `opts.runs` loads of each file, interleaved (a, b, a, b, …) so that whatever else the machine is
 * doing weighs on each bundle alike.
 */
export async function panelLoadRuns(htmlPaths: string[], opts: PanelLoadOptions): Promise<PanelLoadRun[][]> {
  for (const path of htmlPaths) readFileSync(path); // fail early and clearly when a bundle is not built
  const runs: PanelLoadRun[][] = htmlPaths.map(() => []);
  for (let i = 0; i < opts.runs; i++) {
    for (const [k, path] of htmlPaths.entries()) runs[k].push(await loadOnce(path, opts.cpuSlowdown));
  }
  return runs;
}

async function loadOnce(htmlPath: string, cpuSlowdown: number): Promise<PanelLoadRun> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(PROBE);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (cpuSlowdown !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    await page.goto(`file://${htmlPath}`);
    await page.waitForFunction(() => (window as unknown as { __firstFrame?: number }).__firstFrame !== undefined, undefined, { timeout: 60_000 });
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => Math.round((metrics.find((m) => m.name === name)?.value ?? NaN) * 10_000) / 10;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const ms = (x: number) => Math.round(x * 10) / 10;
      return {
        scriptDoneMs: ms(nav.domContentLoadedEventEnd),
        firstFrameMs: ms((window as unknown as { __firstFrame: number }).__firstFrame),
        fcpMs: ms(fcp?.startTime ?? NaN),
      };
    });
    return { ...timing, cpuMs: metric('ThreadTime'), scriptMs: metric('ScriptDuration'), compileMs: metric('V8CompileDuration') };
  } finally {
    await browser.close();
  }
}
