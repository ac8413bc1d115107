/**
 * References from the canvas and Split into layers in the playground, in Chromium, through
 * the built plugin, the relay and the demo backend.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../playground/server';
import { launchChromium, nodes, openPlayground, screenshots, until, type Browser, type NodeFacts, type PlaygroundHandle } from './browser';

jest.setTimeout(120_000);

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

test('a selected layer goes to the model as a reference image; a poster splits into a frame with real text layers', async () => {
  await panel.getByLabel('Prompt').fill('a gig poster saying "Jazz Night", dusk sky');
  await panel.getByLabel('Variants').fill('1');
  await panel.getByRole('button', { name: 'Generate' }).click();
  await allPlaced(1);
  const [source] = images(await nodes(page));

  // Use selection as reference: offered once the chosen model takes reference images.
  await select([source.id]);
  await panel.getByLabel('Model').selectOption('google/nano-banana');
  const useAsReference = panel.getByLabel('Use the selected layer as a reference');
  await useAsReference.waitFor({ timeout: 15_000 });
  await useAsReference.check();
  await panel.getByLabel('Prompt').fill('a ceramic mug, in the style of the reference');
  await screenshots(page, 'references-offered');
  await panel.getByRole('button', { name: 'Generate' }).click();
  await allPlaced(1);
  const create = [...playground.demoBackend!.predictions.values()].reverse().find((p) => p.model === 'google/nano-banana')!;
  const sent = create.input.image_input as string[];
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/^(data:image\/png;base64,|https?:\/\/)/);
  expect(create.input.aspect_ratio).toBe('1:1');
  const made = images(await nodes(page)).find((n) => recipeOf(n)?.model === 'google/nano-banana')!;
  expect(recipeOf(made).references).toEqual([source.id]);
  await screenshots(page, 'references-generated');

  // Split into layers: a frame beside the poster with the text-free image and text layers.
  await select([source.id]);
  await panel.getByRole('tab', { name: 'Refine' }).click();
  await panel.getByLabel('Tool').selectOption({ label: 'Split into layers' });
  await panel.getByRole('button', { name: 'Split into layers', exact: true }).click();
  await allPlaced(1);
  const frame = (await nodes(page)).find((n) => n.type === 'FRAME' && recipeOf(n)?.tool === 'layerize')!;
  expect(frame).toBeDefined();
  expect(frame.x).toBeGreaterThanOrEqual(source.x + source.width);
  const children = await page.evaluate(async (id) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const node = (await figma.getNodeByIdAsync(id)) as FrameNode;
    return node.children.map((c) => ({
      type: c.type,
      x: c.x,
      y: c.y,
      width: c.width,
      characters: c.type === 'TEXT' ? (c as TextNode).characters : undefined,
    }));
  }, frame.id);
  expect(children.map((c) => c.type)).toEqual(['RECTANGLE', 'TEXT', 'TEXT']);
  expect(children[1].characters).toBe('Jazz Night');
  expect(children[2].characters).toBe('Your tagline here');
  expect(children[1].x).toBeCloseTo(frame.width * 0.1, -1);
  expect(children[1].y).toBeCloseTo(frame.height * 0.08, -1);
  expect(children[2].y).toBeCloseTo(frame.height * 0.82, -1);
  await screenshots(page, 'split-into-layers');
});
