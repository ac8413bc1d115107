/**
 * References from the canvas and Split into layers in the playground, in Chromium, through
 * the built plugin, the relay and the demo backend.
 */
import { allPlaced, images, nodes, recipeOf, screenshots, select, startGenerate, usePlayground, type PlaygroundHandle } from './browser';

jest.setTimeout(120_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25 });

test('a selected layer goes to the model as a reference image; a poster splits into a frame with real text layers', async () => {
  await startGenerate(play.panel, 'a gig poster saying "Jazz Night", dusk sky', 1);
  await allPlaced(play.panel, 1);
  const [source] = images(await nodes(play.page));

  // Use selection as reference: offered once the chosen model takes reference images.
  await select(play.page, [source.id]);
  await play.panel.getByLabel('Model').selectOption('google/nano-banana');
  const useAsReference = play.panel.getByLabel('Use the selected layer as a reference');
  await useAsReference.waitFor({ timeout: 15_000 });
  await useAsReference.check();
  await play.panel.getByLabel('Prompt').fill('a ceramic mug, in the style of the reference');
  await screenshots(play.page, 'references-offered');
  await play.panel.getByRole('button', { name: 'Generate' }).click();
  await allPlaced(play.panel, 1);
  const create = [...play.playground.demoBackend!.predictions.values()].reverse().find((p) => p.model === 'google/nano-banana')!;
  const sent = create.input.image_input as string[];
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/^(data:image\/png;base64,|https?:\/\/)/);
  expect(create.input.aspect_ratio).toBe('1:1');
  const made = images(await nodes(play.page)).find((n) => recipeOf(n)?.model === 'google/nano-banana')!;
  expect(recipeOf(made).references).toEqual([source.id]);
  await screenshots(play.page, 'references-generated');

  // Split into layers: a frame beside the poster with the text-free image and text layers.
  await select(play.page, [source.id]);
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByLabel('Tool').selectOption({ label: 'Split into layers' });
  await play.panel.getByRole('button', { name: 'Split into layers', exact: true }).click();
  await allPlaced(play.panel, 1);
  const frame = (await nodes(play.page)).find((n) => n.type === 'FRAME' && recipeOf(n)?.tool === 'layerize')!;
  expect(frame).toBeDefined();
  expect(frame.x).toBeGreaterThanOrEqual(source.x + source.width);
  const children = await play.page.evaluate(async (id) => {
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
  await screenshots(play.page, 'split-into-layers');
});
