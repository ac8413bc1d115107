/**
 * Refining in the playground, in Chromium: prompt → pick → vary → inpaint under a drawn
 * shape → remove background, through the built plugin, the relay and the demo backend.
 */
import { allPlaced, drawCircleOver, images, nodes, recipeOf, screenshots, select, selection, startGenerate, until, usePlayground } from './browser';

jest.setTimeout(90_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25 });

test('prompt → pick → vary → inpaint → remove background, each result beside its source with its lineage', async () => {
  await startGenerate(play.panel, 'a ceramic mug on linen', 1);
  await allPlaced(play.panel, 1);
  const [source] = images(await nodes(play.page));

  // Vary: "more like this" from the layer's own recipe, new seeds.
  await select(play.page, [source.id]);
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByLabel('Tool').selectOption({ label: 'Vary' });
  await play.panel.getByRole('button', { name: 'Vary', exact: true }).click();
  await allPlaced(play.panel, 4);
  let all = images(await nodes(play.page));
  const varied = all.filter((n) => recipeOf(n)?.tool === 'vary');
  expect(varied).toHaveLength(4);
  for (const node of varied) {
    expect(recipeOf(node).parentId).toBe(source.id);
    expect(recipeOf(node).seed).not.toBe(recipeOf(source).seed);
    expect(node.x).toBeGreaterThan(source.x + source.width);
  }
  await screenshots(play.page, 'refine-vary');

  // Inpaint: draw a shape over the image, select both.
  const shapeId = await drawCircleOver(play.page, source, 400);
  await select(play.page, [source.id, shapeId]);
  await play.panel.getByLabel('Tool').selectOption({ label: 'Inpaint' });
  await play.panel.getByLabel('Prompt').fill('a sprig of lavender');
  await play.panel.getByLabel('Variants').fill('1');
  await play.panel.getByRole('button', { name: 'Inpaint', exact: true }).click();
  await allPlaced(play.panel, 1);
  all = images(await nodes(play.page));
  const inpainted = all.filter((n) => recipeOf(n)?.tool === 'inpaint');
  expect(inpainted).toHaveLength(1);
  expect(recipeOf(inpainted[0])).toMatchObject({ parentId: source.id, maskId: shapeId });
  const create = [...play.playground.demoBackend!.predictions.values()].find((p) => p.model === 'black-forest-labs/flux-fill-pro');
  expect(create?.input).toMatchObject({ image: expect.any(String), mask: expect.any(String), prompt: 'a sprig of lavender' });
  await screenshots(play.page, 'refine-inpaint');

  // Remove background: transparent PNG beside its source.
  await select(play.page, [inpainted[0].id]);
  await play.panel.getByLabel('Tool').selectOption({ label: 'Remove background' });
  await play.panel.getByRole('button', { name: 'Remove background', exact: true }).click();
  await allPlaced(play.panel, 1);
  all = images(await nodes(play.page));
  const cutout = all.find((n) => recipeOf(n)?.tool === 'remove-background')!;
  expect(cutout.fills.find((f) => f.type === 'IMAGE')!.format).toBe('png');
  expect(recipeOf(cutout).parentId).toBe(inpainted[0].id);
  expect(cutout.x).toBeGreaterThan(inpainted[0].x + inpainted[0].width - 1);
  await screenshots(play.page, 'refine-remove-background');

  // The cutout's lineage: the inpainted image and the original.
  await select(play.page, [cutout.id]);
  await play.panel.getByRole('button', { name: 'Show lineage' }).click();
  const selected = await selection(play.page);
  expect(selected.sort()).toEqual([source.id, inpainted[0].id].sort());
});

test('Generate → Vary: with all results selected, Vary runs on each, named after its source', async () => {
  await play.panel.getByRole('tab', { name: 'Generate' }).click();
  await play.panel.getByLabel('Prompt').fill('Ember & Oak logo, flat vector mark, warm amber on a cream background');
  await play.panel.getByLabel('Variants').fill('2');
  await play.panel.getByRole('button', { name: 'Generate', exact: true }).click();
  await allPlaced(play.panel, 2);
  const before = new Set(images(await nodes(play.page)).map((n) => n.id));
  // The run ends with both results selected, as in Figma.
  const sources = await selection(play.page);
  expect(sources).toHaveLength(2);

  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByLabel('Tool').selectOption({ label: 'Vary' });
  await play.panel.getByText('2 layers selected: Vary runs on each').waitFor();
  await play.panel.getByLabel('Variants').fill('2');
  await play.panel.getByRole('button', { name: 'Vary', exact: true }).click();
  const cards = play.panel.getByRole('region', { name: 'Progress' }).getByRole('article', { name: /^Vary: Ember/ });
  await until(() => cards.allInnerTexts(), (t) => t.length === 2 && t.every((c) => (c.match(/Placed/g) ?? []).length === 2), 30_000, 'two Vary cards placed');

  const varied = images(await nodes(play.page)).filter((n) => !before.has(n.id));
  expect(varied).toHaveLength(4);
  for (const source of sources) {
    const own = varied.filter((n) => recipeOf(n).parentId === source);
    expect(own).toHaveLength(2);
    const src = (await nodes(play.page)).find((n) => n.id === source)!;
    for (const node of own) expect(node.x).toBeGreaterThan(src.x + src.width - 1);
    // Shortened prompt, then the tool and variant number, then "(demo)" once.
    expect(own.map((n) => n.name).sort()).toEqual([
      'Ember & Oak logo, flat vector mark, warm am… · Vary 1 (demo)',
      'Ember & Oak logo, flat vector mark, warm am… · Vary 2 (demo)',
    ]);
  }
  await screenshots(play.page, 'refine-vary-each');
});

test('a refinement tool says what the selection is missing', async () => {
  await select(play.page, []);
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByLabel('Tool').selectOption({ label: 'Inpaint' });
  await play.panel.getByRole('button', { name: 'Inpaint', exact: true }).click();
  await play.panel.getByRole('alert').filter({ hasText: 'Draw a shape over the part to repaint' }).waitFor();
});

test('the Generate / Refine tabs follow the arrow keys', async () => {
  await play.panel.getByRole('tab', { name: 'Generate' }).click();
  await play.panel.getByRole('tab', { name: 'Generate' }).press('ArrowRight');
  await play.panel.getByRole('tab', { name: 'Refine', selected: true }).waitFor();
  await play.panel.getByRole('tabpanel').getByLabel('Tool').waitFor();
  await play.panel.getByRole('tab', { name: 'Refine' }).press('ArrowLeft');
  await play.panel.getByRole('tab', { name: 'Generate', selected: true }).waitFor();
  await play.panel.getByRole('tabpanel').getByRole('button', { name: 'Generate' }).waitFor();
});
