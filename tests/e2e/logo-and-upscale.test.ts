/**
 * What a newcomer sees in the playground must be true: a logo prompt on the vector model
 * lands as coloured, editable vector marks (not solid black), and Upscale returns the
 * source's own pixels at a larger size (not a grey square), in Chromium through the built
 * plugin, the relay and the demo backend.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../playground/server';
import { launchChromium, nodes, openPlayground, screenshots, until, type Browser, type NodeFacts, type PlaygroundHandle } from './browser';

jest.setTimeout(90_000);

let playground: Playground;
let browser: Browser;
let page: Page;
let panel: FrameLocator;

beforeAll(async () => {
  playground = await startPlayground({ port: 0, relayPort: 0, demoBackend: { latencyMs: 200, outputScale: 0.25 } });
  browser = await launchChromium();
  ({ page, panel } = await openPlayground(browser.context, playground.url));
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

const images = (all: NodeFacts[]) => all.filter((n) => n.fills.some((f) => f.type === 'IMAGE' && f.imageHash));
const rows = () => panel.getByRole('region', { name: 'Progress' }).getByRole('article').first().getByRole('listitem').allInnerTexts();

test('a logo on the vector model becomes coloured vector shapes', async () => {
  await panel.getByLabel('Prompt').fill('Ember & Oak coffee roasters logo, flat geometric mark');
  await panel.getByLabel('Model').selectOption('recraft-ai/recraft-v3-svg');
  await panel.getByLabel('Variants').fill('1');
  await panel.getByRole('button', { name: 'Generate' }).click();
  await until(rows, (t) => t.length === 1 && t[0].includes('Placed'), 30_000, 'the logo placed');
  const colours = await page.evaluate(() => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const vectors = figma.currentPage.findAll((n) => n.type === 'VECTOR') as VectorNode[];
    return vectors.flatMap((v) => (v.fills as Paint[]).filter((p): p is SolidPaint => p.type === 'SOLID').map((p) => p.color));
  });
  expect(colours.length).toBeGreaterThan(2);
  const distinct = new Set(colours.map((c) => `${c.r.toFixed(2)},${c.g.toFixed(2)},${c.b.toFixed(2)}`));
  expect(distinct.size).toBeGreaterThanOrEqual(2);
  // Not the solid black an unparsed colour falls back to.
  expect(colours.some((c) => c.r + c.g + c.b > 0.3)).toBe(true);
  await screenshots(page, 'logo-vector-marks');
});

test('Upscale returns the source’s pixels at twice the size', async () => {
  await panel.getByLabel('Model').selectOption('black-forest-labs/flux-schnell');
  await panel.getByLabel('Prompt').fill('a lemon on a blue plate');
  await panel.getByRole('button', { name: 'Generate' }).click();
  await until(rows, (t) => t.length === 1 && t[0].includes('Placed'), 30_000, 'the image placed');
  const [source] = images(await nodes(page)).filter((n) => JSON.parse(n.pluginData.recipe ?? '{}').tool === 'generate');
  await page.evaluate((id) => (window as unknown as { __playground: PlaygroundHandle }).__playground.select([id]), source.id);
  await panel.getByRole('tab', { name: 'Refine' }).click();
  await panel.getByLabel('Tool').selectOption({ label: 'Upscale' });
  await panel.getByRole('button', { name: 'Upscale', exact: true }).click();
  await until(() => nodes(page), (all) => images(all).some((n) => JSON.parse(n.pluginData.recipe ?? '{}').tool === 'upscale'), 30_000, 'the upscaled image');
  const upscaled = images(await nodes(page)).find((n) => JSON.parse(n.pluginData.recipe ?? '{}').tool === 'upscale')!;
  const before = source.fills.find((f) => f.type === 'IMAGE')!;
  const after = upscaled.fills.find((f) => f.type === 'IMAGE')!;
  expect(after.imageWidth).toBe(before.imageWidth! * 2);

  // The upscale, scaled back down, is the source: compared pixel by pixel in the page.
  const difference = await page.evaluate(async ([a, b]) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const pixels = async (id: string) => {
      const node = figma.currentPage.findOne((n) => n.id === id) as RectangleNode;
      const bytes = await node.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 64 } });
      const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(64, 64);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0, 64, 64);
      return ctx.getImageData(0, 0, 64, 64).data;
    };
    const [p, q] = [await pixels(a), await pixels(b)];
    let sum = 0;
    let spread = 0;
    for (let i = 0; i < p.length; i += 4) {
      for (let c = 0; c < 3; c++) sum += Math.abs(p[i + c] - q[i + c]);
      spread += Math.abs(p[i] - p[0]) + Math.abs(p[i + 1] - p[1]) + Math.abs(p[i + 2] - p[2]);
    }
    return { mean: sum / ((p.length / 4) * 3), spread: spread / ((p.length / 4) * 3) };
  }, [source.id, upscaled.id] as const);
  // A real picture (not a flat grey square), and the upscale looks like it.
  expect(difference.spread).toBeGreaterThan(10);
  expect(difference.mean).toBeLessThan(12);
  await screenshots(page, 'upscale-real-pixels');
});
