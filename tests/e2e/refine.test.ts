/**
 * Refining in the playground, in Chromium: prompt → pick → vary → inpaint under a drawn
 * shape → remove background, through the built plugin, the relay and the demo backend.
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
const recipeOf = (n: NodeFacts) => JSON.parse(n.pluginData.recipe ?? 'null');
const firstCardRows = () =>
  panel.getByRole('region', { name: 'Progress' }).getByRole('article').first().getByRole('listitem').allInnerTexts();

async function select(ids: string[]): Promise<void> {
  await page.evaluate((list) => (window as unknown as { __playground: PlaygroundHandle }).__playground.select(list), ids);
}

async function allPlaced(count: number): Promise<void> {
  await until(firstCardRows, (t) => t.length === count && t.every((r) => r.includes('Placed')), 30_000, `${count} rows "Placed"`);
}

test('prompt → pick → vary → inpaint → remove background, each result beside its source with its lineage', async () => {
  await panel.getByLabel('Prompt').fill('a ceramic mug on linen');
  await panel.getByLabel('Variants').fill('1');
  await panel.getByRole('button', { name: 'Generate' }).click();
  await allPlaced(1);
  const [source] = images(await nodes(page));

  // Vary: "more like this" from the layer's own recipe, new seeds.
  await select([source.id]);
  await panel.getByRole('tab', { name: 'Refine' }).click();
  await panel.getByLabel('Tool').selectOption({ label: 'Vary' });
  await panel.getByRole('button', { name: 'Vary', exact: true }).click();
  await allPlaced(4);
  let all = images(await nodes(page));
  const varied = all.filter((n) => recipeOf(n)?.tool === 'vary');
  expect(varied).toHaveLength(4);
  for (const node of varied) {
    expect(recipeOf(node).parentId).toBe(source.id);
    expect(recipeOf(node).seed).not.toBe(recipeOf(source).seed);
    expect(node.x).toBeGreaterThan(source.x + source.width);
  }
  await screenshots(page, 'refine-vary');

  // Inpaint: draw a shape over the image, select both.
  const shapeId = await page.evaluate(({ x, y }) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const ellipse = figma.createEllipse();
    ellipse.resize(400, 400);
    ellipse.x = x;
    ellipse.y = y;
    ellipse.fills = [{ type: 'SOLID', color: { r: 1, g: 0.3, b: 0.3 }, opacity: 0.5 }];
    return ellipse.id;
  }, { x: source.x + source.width / 2 - 200, y: source.y + source.height / 2 - 200 });
  await select([source.id, shapeId]);
  await panel.getByLabel('Tool').selectOption({ label: 'Inpaint' });
  await panel.getByLabel('Prompt').fill('a sprig of lavender');
  await panel.getByLabel('Variants').fill('1');
  await panel.getByRole('button', { name: 'Inpaint', exact: true }).click();
  await allPlaced(1);
  all = images(await nodes(page));
  const inpainted = all.filter((n) => recipeOf(n)?.tool === 'inpaint');
  expect(inpainted).toHaveLength(1);
  expect(recipeOf(inpainted[0])).toMatchObject({ parentId: source.id, maskId: shapeId });
  const create = [...playground.demoBackend!.predictions.values()].find((p) => p.model === 'black-forest-labs/flux-fill-pro');
  expect(create?.input).toMatchObject({ image: expect.any(String), mask: expect.any(String), prompt: 'a sprig of lavender' });
  await screenshots(page, 'refine-inpaint');

  // Remove background: transparent PNG beside its source.
  await select([inpainted[0].id]);
  await panel.getByLabel('Tool').selectOption({ label: 'Remove background' });
  await panel.getByRole('button', { name: 'Remove background', exact: true }).click();
  await allPlaced(1);
  all = images(await nodes(page));
  const cutout = all.find((n) => recipeOf(n)?.tool === 'remove-background')!;
  expect(cutout.fills.find((f) => f.type === 'IMAGE')!.format).toBe('png');
  expect(recipeOf(cutout).parentId).toBe(inpainted[0].id);
  expect(cutout.x).toBeGreaterThan(inpainted[0].x + inpainted[0].width - 1);
  await screenshots(page, 'refine-remove-background');

  // The cutout's lineage: the inpainted image and the original.
  await select([cutout.id]);
  await panel.getByRole('button', { name: 'Show lineage' }).click();
  const selected = await page.evaluate(() =>
    (window as unknown as { __playground: PlaygroundHandle }).__playground.figma.currentPage.selection.map((n) => n.id),
  );
  expect(selected.sort()).toEqual([source.id, inpainted[0].id].sort());
});

test('Generate → Vary: with all results selected, Vary runs on each, named after its source', async () => {
  await panel.getByRole('tab', { name: 'Generate' }).click();
  await panel.getByLabel('Prompt').fill('Ember & Oak logo, flat vector mark, warm amber on a cream background');
  await panel.getByLabel('Variants').fill('2');
  await panel.getByRole('button', { name: 'Generate', exact: true }).click();
  await allPlaced(2);
  const before = new Set(images(await nodes(page)).map((n) => n.id));
  const selection = () =>
    page.evaluate(() => (window as unknown as { __playground: PlaygroundHandle }).__playground.figma.currentPage.selection.map((n) => n.id));
  // The run ends with both results selected, as in Figma.
  const sources = await selection();
  expect(sources).toHaveLength(2);

  await panel.getByRole('tab', { name: 'Refine' }).click();
  await panel.getByLabel('Tool').selectOption({ label: 'Vary' });
  await panel.getByText('2 layers selected: Vary runs on each').waitFor();
  await panel.getByLabel('Variants').fill('2');
  await panel.getByRole('button', { name: 'Vary', exact: true }).click();
  const cards = panel.getByRole('region', { name: 'Progress' }).getByRole('article', { name: /^Vary: Ember/ });
  await until(() => cards.allInnerTexts(), (t) => t.length === 2 && t.every((c) => (c.match(/Placed/g) ?? []).length === 2), 30_000, 'two Vary cards placed');

  const varied = images(await nodes(page)).filter((n) => !before.has(n.id));
  expect(varied).toHaveLength(4);
  for (const source of sources) {
    const own = varied.filter((n) => recipeOf(n).parentId === source);
    expect(own).toHaveLength(2);
    const src = (await nodes(page)).find((n) => n.id === source)!;
    for (const node of own) expect(node.x).toBeGreaterThan(src.x + src.width - 1);
    // Shortened prompt, then the tool and variant number, then "(demo)" once.
    expect(own.map((n) => n.name).sort()).toEqual([
      'Ember & Oak logo, flat vector mark, warm am… · Vary 1 (demo)',
      'Ember & Oak logo, flat vector mark, warm am… · Vary 2 (demo)',
    ]);
  }
  await screenshots(page, 'refine-vary-each');
});

test('a refinement tool says what the selection is missing', async () => {
  await select([]);
  await panel.getByRole('tab', { name: 'Refine' }).click();
  await panel.getByLabel('Tool').selectOption({ label: 'Inpaint' });
  await panel.getByRole('button', { name: 'Inpaint', exact: true }).click();
  await panel.getByRole('alert').filter({ hasText: 'Draw a shape over the part to repaint' }).waitFor();
});

test('the Generate / Refine tabs follow the arrow keys', async () => {
  await panel.getByRole('tab', { name: 'Generate' }).click();
  await panel.getByRole('tab', { name: 'Generate' }).press('ArrowRight');
  await panel.getByRole('tab', { name: 'Refine', selected: true }).waitFor();
  await panel.getByRole('tabpanel').getByLabel('Tool').waitFor();
  await panel.getByRole('tab', { name: 'Refine' }).press('ArrowLeft');
  await panel.getByRole('tab', { name: 'Generate', selected: true }).waitFor();
  await panel.getByRole('tabpanel').getByRole('button', { name: 'Generate' }).waitFor();
});
