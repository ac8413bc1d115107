import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { startPlayground, type Playground, type PlaygroundOptions } from '../../playground/server';
import type { PlaygroundHandle, NodeFacts } from '../../playground/src/main';

export type { PlaygroundHandle, NodeFacts };

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Flags from shared/FACTS.md ("Testing without Figma"); the user-data-dir is fresh per launch. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium through playwright-core. Missing Chromium is a failure, never a skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the end-to-end tests need it. Install it with: apt-get install -y chromium`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'diffusion-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
    viewport: { width: 1280, height: 760 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the playground and waits until the plugin runs and its panel has loaded. */
export async function openPlayground(context: BrowserContext, url: string): Promise<{ page: Page; panel: FrameLocator }> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  const panel = page.frameLocator('iframe[name="plugin-ui"]');
  await panel.getByRole('button', { name: 'Generate' }).waitFor();
  return { page, panel };
}

export function nodes(page: Page): Promise<NodeFacts[]> {
  return page.evaluate(() => (window as unknown as { __playground: PlaygroundHandle }).__playground.nodes());
}

/** Selects layers on the playground's canvas, as a click (or shift-clicks) would. */
export async function select(page: Page, ids: string[]): Promise<void> {
  await page.evaluate((list) => (window as unknown as { __playground: PlaygroundHandle }).__playground.select(list), ids);
}

/** The ids of the current page's selection, in order. */
export function selection(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __playground: PlaygroundHandle }).__playground.figma.currentPage.selection.map((n) => n.id));
}

/** Draws a translucent red circle `side` across, centred on `node` (a mask for inpainting); returns its id. */
export function drawCircleOver(page: Page, node: NodeFacts, side: number): Promise<string> {
  return page.evaluate(
    ({ x, y, side }) => {
      const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
      const ellipse = figma.createEllipse();
      ellipse.resize(side, side);
      ellipse.x = x;
      ellipse.y = y;
      ellipse.fills = [{ type: 'SOLID', color: { r: 1, g: 0.3, b: 0.3 }, opacity: 0.5 }];
      return ellipse.id;
    },
    { x: node.x + node.width / 2 - side / 2, y: node.y + node.height / 2 - side / 2, side },
  );
}

/** The rows of the newest run's card in the panel's Progress list. */
export const firstCardRows = (panel: FrameLocator) => panel.getByRole('region', { name: 'Progress' }).getByRole('article').first().getByRole('listitem');

/** Waits until the newest run's card has `count` rows, every one of them "Placed". */
export async function allPlaced(panel: FrameLocator, count: number): Promise<void> {
  await until(() => firstCardRows(panel).allInnerTexts(), (t) => t.length === count && t.every((r) => r.includes('Placed')), 30_000, `${count} rows "Placed"`);
}

/** Types the prompt (and the number of variants) in the Generate tab and clicks Generate; does not wait for the run. */
export async function startGenerate(panel: FrameLocator, prompt: string, variants?: number): Promise<void> {
  await panel.getByLabel('Prompt').fill(prompt);
  if (variants !== undefined) await panel.getByLabel('Variants').fill(String(variants));
  await panel.getByRole('button', { name: 'Generate' }).click();
}

/** What the plugin stored on a layer it made; {} for a layer it did not make. */
export type StoredRecipe = { tool?: string; model?: string; prompt?: string; parentId?: string; [field: string]: unknown };
export const recipeOf = (n: NodeFacts): StoredRecipe => JSON.parse(n.pluginData.recipe ?? '{}');

/** Layers with an image fill that has its bytes (a placeholder has none yet). */
export const images = (all: NodeFacts[]) => all.filter((n) => n.fills.some((f) => f.type === 'IMAGE' && f.imageHash));

export interface PlaygroundSession {
  readonly playground: Playground;
  readonly browser: Browser;
  readonly page: Page;
  readonly panel: FrameLocator;
}

/**
 * Starts the playground (relay and demo backend on free ports) and Chromium before the file's
 * tests, opens the panel, and closes all of it after them. With `pagePerTest`, each test gets a
 * fresh page instead (a panel with no state left from the test before).
 */
export function usePlayground(demoBackend: PlaygroundOptions['demoBackend'], { pagePerTest = false } = {}): PlaygroundSession {
  let playground: Playground | undefined;
  let browser: Browser | undefined;
  let opened: { page: Page; panel: FrameLocator } | undefined;
  const open = async () => {
    opened = await openPlayground(browser!.context, playground!.url);
  };
  const close = async () => {
    await opened?.page.close();
  };
  beforeAll(async () => {
    playground = await startPlayground({ port: 0, relayPort: 0, demoBackend });
    browser = await launchChromium();
    if (!pagePerTest) await open();
  });
  afterAll(async () => {
    if (!pagePerTest) await close();
    await browser?.close();
    await playground?.close();
  });
  if (pagePerTest) {
    beforeEach(open);
    afterEach(close);
  }
  return {
    get playground() {
      return playground ?? notOpen('the playground');
    },
    get browser() {
      return browser ?? notOpen('Chromium');
    },
    get page() {
      return opened?.page ?? notOpen('the page');
    },
    get panel() {
      return opened?.panel ?? notOpen('the panel');
    },
  };
}

function notOpen(what: string): never {
  throw new Error(`${what} is not open: use it inside a test, after usePlayground's beforeAll`);
}

/** Saves a screenshot of the panel and of the canvas under test-artifacts/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await drawn(page);
  await page.locator('#plugin iframe').screenshot({ path: join(ARTIFACTS, `${name}-panel.png`) });
  await page.locator('#canvas').screenshot({ path: join(ARTIFACTS, `${name}-canvas.png`) });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-page.png`) });
}

/** Resolves once the playground's canvas shows the latest change (its redraws are paced). */
export async function drawn(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __playground: PlaygroundHandle }).__playground.drawn());
}

/** Polls `read` until `check` passes (a playwright-free expect.poll). */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
