/**
 * Today's models in the playground, in Chromium, through the built plugin, the relay and the
 * demo backend: exact inpaint (pixels outside the mask unchanged) and transparent output
 * (the switch shows only for a model that offers it; the placed image keeps its alpha).
 */
import sharp from 'sharp';
import { allPlaced, drawCircleOver, images, nodes, recipeOf, screenshots, select, startGenerate, until, usePlayground, type PlaygroundHandle } from './browser';

jest.setTimeout(90_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25 });

/** The bytes Figma (the playground) stores for a node's image fill. */
async function storedImage(id: string): Promise<Buffer> {
  const base64 = await play.page.evaluate(async (nodeId) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const node = figma.currentPage.findOne((n) => n.id === nodeId) as RectangleNode;
    const fill = (node.fills as ImagePaint[]).find((f) => f.type === 'IMAGE')!;
    const bytes = await figma.getImageByHash(fill.imageHash!)!.getBytesAsync();
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  }, id);
  return Buffer.from(base64, 'base64');
}

async function inputBytes(url: string): Promise<Buffer> {
  if (url.startsWith('data:')) return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

const raw = async (bytes: Buffer) => sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });

test('exact inpaint: the placed result has the original’s pixels everywhere outside the mask', async () => {
  await play.panel.getByLabel('Model').selectOption('black-forest-labs/flux-schnell');
  await startGenerate(play.panel, 'a ceramic mug on linen', 1);
  await allPlaced(play.panel, 1);
  const [source] = images(await nodes(play.page));
  const shapeId = await drawCircleOver(play.page, source, 300);
  await select(play.page, [source.id, shapeId]);
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByLabel('Tool').selectOption({ label: 'Inpaint' });
  await play.panel.getByLabel('Prompt').fill('a sprig of lavender');
  await play.panel.getByLabel('Variants').fill('1');
  await play.panel.getByRole('button', { name: 'Inpaint', exact: true }).click();
  await allPlaced(play.panel, 1);
  const inpainted = images(await nodes(play.page)).find((n) => recipeOf(n)?.tool === 'inpaint')!;

  const create = [...play.playground.demoBackend!.predictions.values()].reverse().find((p) => p.model === 'black-forest-labs/flux-fill-pro')!;
  const input = create.input as Record<string, string>;
  const [original, mask, placed, returned] = await Promise.all([
    raw(await inputBytes(input.image)),
    raw(await inputBytes(input.mask)),
    raw(await storedImage(inpainted.id)),
    raw(await inputBytes(String(create.output))),
  ]);
  expect([placed.info.width, placed.info.height]).toEqual([original.info.width, original.info.height]);
  let outside = 0;
  let keptOutside = 0;
  let modelKeptOutside = 0;
  let changedInside = 0;
  for (let p = 0; p < original.data.length; p += 4) {
    const same = (img: typeof placed) => [0, 1, 2, 3].every((c) => img.data[p + c] === original.data[p + c]);
    if (mask.data[p] === 0) {
      outside++;
      if (same(placed)) keptOutside++;
      if (same(returned)) modelKeptOutside++;
    } else if (mask.data[p] === 255 && !same(placed)) changedInside++;
  }
  expect(outside).toBeGreaterThan(0);
  expect(keptOutside).toBe(outside);
  // The model itself (JPEG) did not keep them: the panel did.
  expect(modelKeptOutside).toBeLessThan(outside);
  expect(changedInside).toBeGreaterThan(0);
  await screenshots(play.page, 'models-exact-inpaint');
});

test('transparent output: the switch shows for GPT Image 1.5 only, and the placed image keeps its alpha', async () => {
  await play.panel.getByRole('tab', { name: 'Generate' }).click();
  const toggle = play.panel.getByLabel('Transparent background (PNG)');
  await play.panel.getByLabel('Model').selectOption('google/imagen-4');
  await until(() => toggle.count(), (n) => n === 0, 10_000, 'no transparency switch for Imagen 4');
  await play.panel.getByLabel('Model').selectOption('openai/gpt-image-1.5');
  await toggle.waitFor({ state: 'visible', timeout: 10_000 });
  await toggle.check();
  await play.panel.getByLabel('Prompt').fill('a fox logo mark');
  await play.panel.getByLabel('Variants').fill('1');
  const before = new Set(images(await nodes(play.page)).map((n) => n.id));
  await play.panel.getByRole('button', { name: 'Generate' }).click();
  await allPlaced(play.panel, 1);
  const placed = images(await nodes(play.page)).find((n) => !before.has(n.id))!;
  const create = [...play.playground.demoBackend!.predictions.values()].reverse().find((p) => p.model === 'openai/gpt-image-1.5')!;
  expect(create.input).toMatchObject({ background: 'transparent', output_format: 'png' });
  const { data, info } = await raw(await storedImage(placed.id));
  expect(info.channels).toBe(4);
  let clear = 0;
  let solid = 0;
  for (let p = 3; p < data.length; p += 4) {
    if (data[p] === 0) clear++;
    if (data[p] === 255) solid++;
  }
  expect(clear).toBeGreaterThan(0);
  expect(solid).toBeGreaterThan(0);
  await screenshots(play.page, 'models-transparent');
});
