/**
 * The logo workflow end to end in Chromium, through the built plugin, the relay and the demo
 * backend: a brand kit saved into the file, logos generated, two picked, one vectorized,
 * then recoloured to the kit, made mono, set in lockups and laid out on a logo sheet.
 */
import { nodes, select as selectOnCanvas, screenshots, until, usePlayground, type NodeFacts, type PlaygroundHandle } from './browser';

jest.setTimeout(150_000);

const play = usePlayground({ latencyMs: 150, outputScale: 0.5 });

const toolOf = (n: NodeFacts) => (JSON.parse(n.pluginData.recipe ?? '{}') as { tool?: string }).tool;
const byTool = (all: NodeFacts[], tool: string) => all.filter((n) => toolOf(n) === tool && !all.some((p) => p.id === n.parentId && toolOf(p)));
/** Selects on the canvas and waits for the panel to have heard of it (Refine shows the source). */
async function select(ids: string[]): Promise<void> {
  await selectOnCanvas(play.page, ids);
  if (ids.length !== 1) return;
  const name = (await nodes(play.page)).find((n) => n.id === ids[0])!.name;
  await until(() => play.panel.locator('.hint.source').innerText().catch(() => ''), (t) => t.startsWith(`Source: ${name} (`), 10_000, `the panel seeing ${name}`);
}
const solidColours = (id: string) =>
  play.page.evaluate((nodeId) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const root = figma.currentPage.findOne((n) => n.id === nodeId) as FrameNode;
    const hex = (c: RGB) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('');
    const out = new Set<string>();
    for (const n of [root, ...root.findAll(() => true)]) {
      if ('fills' in n && Array.isArray(n.fills)) for (const p of n.fills as Paint[]) if (p.type === 'SOLID') out.add(hex(p.color));
    }
    return [...out];
  }, id);

const KIT = ['#1d3557', '#e63946', '#f1faee'];

test('generate a logo → pick two → vectorize one → recolor, mono → lockups → logo sheet', async () => {
  // The brand kit goes into the file first, so the logos are asked for in its colours.
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByRole('textbox', { name: 'Colours' }).fill(KIT.join(', '));
  await play.panel.getByLabel('Brand name').fill('Foxglove');
  await play.panel.getByLabel('Font').fill('Poppins');
  await play.panel.getByRole('button', { name: 'Save brand kit' }).click();
  await play.panel.getByText(/Saved: 3 colours/).waitFor();

  await play.panel.getByRole('tab', { name: 'Generate' }).click();
  await play.panel.getByLabel('Prompt').fill('Foxglove tea logo, flat geometric mark');
  await play.panel.getByLabel('Model').selectOption('black-forest-labs/flux-schnell');
  await play.panel.getByLabel('Variants').fill('3');
  await play.panel.getByRole('button', { name: 'Generate' }).click();
  const logos = (await until(() => nodes(play.page), (all) => all.filter((n) => toolOf(n) === 'generate' && n.fills.some((f) => f.imageHash)).length === 3, 40_000, 'three logos placed')).filter(
    (n) => toolOf(n) === 'generate',
  );
  // A model with no colour input gets the kit in words.
  expect(JSON.parse(logos[0].pluginData.recipe).input.prompt).toContain('#e63946');

  // The run ends by selecting its results; pick after that, or the run's selection wins.
  await until(
    () => play.page.evaluate(() => (window as unknown as { __playground: PlaygroundHandle }).__playground.figma.currentPage.selection.length),
    (n) => n === 3,
    10_000,
    'the run to select its results',
  );

  // Pick two.
  await select([logos[0].id, logos[2].id]);
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByText(/^2 layers selected/).waitFor();
  await play.panel.getByRole('button', { name: '☆ Pick' }).click();
  await play.panel.getByRole('heading', { name: 'Picks (2)' }).waitFor();
  await play.panel.getByRole('button', { name: '★ Picked' }).waitFor();
  await screenshots(play.page, 'logo-workflow-picked');

  // Vectorize the first pick.
  await select([logos[0].id]);
  await play.panel.getByRole('button', { name: 'Vectorize', exact: true }).last().click();
  const [vectors] = byTool(await until(() => nodes(play.page), (all) => all.some((n) => toolOf(n) === 'vectorize'), 40_000, 'the vectorized mark'), 'vectorize');
  expect(vectors.type).toBe('FRAME');
  expect(JSON.parse(vectors.pluginData.recipe).parentId).toBe(logos[0].id);
  const traced = await solidColours(vectors.id);
  expect(traced.length).toBeGreaterThanOrEqual(2);
  await screenshots(play.page, 'logo-workflow-vectorized');

  // Recolor to the kit, then Mono.
  await select([vectors.id]);
  await play.panel.getByRole('button', { name: 'Recolor to palette' }).click();
  const [recolored] = byTool(await until(() => nodes(play.page), (all) => all.some((n) => toolOf(n) === 'recolor'), 10_000, 'the recoloured mark'), 'recolor');
  expect((await solidColours(recolored.id)).every((c) => KIT.includes(c))).toBe(true);
  await select([vectors.id]);
  await play.panel.getByRole('button', { name: 'Mono', exact: true }).click();
  const [mono] = byTool(await until(() => nodes(play.page), (all) => all.some((n) => toolOf(n) === 'mono'), 10_000, 'the mono mark'), 'mono');
  expect((await solidColours(mono.id)).sort()).toEqual(['#1d3557', '#ffffff']);
  await screenshots(play.page, 'logo-workflow-recolored');

  // Lockups of the recoloured mark, with the brand name in the kit's font.
  await select([recolored.id]);
  await play.panel.getByRole('button', { name: 'Lockups' }).click();
  const lockups = byTool(await until(() => nodes(play.page), (all) => all.filter((n) => toolOf(n) === 'lockup').length === 2, 10_000, 'two lockups'), 'lockup');
  const texts = await play.page.evaluate(() => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    return (figma.currentPage.findAll((n) => n.type === 'TEXT') as TextNode[]).map((t) => `${t.characters} ${(t.fontName as FontName).family}`);
  });
  expect(texts.filter((t) => t === 'Foxglove Poppins')).toHaveLength(2);
  expect(lockups).toHaveLength(2);
  await screenshots(play.page, 'logo-workflow-lockups');

  await select([recolored.id]);
  await play.panel.getByRole('button', { name: 'Logo sheet' }).click();
  const [sheet] = byTool(await until(() => nodes(play.page), (all) => all.some((n) => toolOf(n) === 'logo-sheet'), 10_000, 'the logo sheet'), 'logo-sheet');
  const sizes = await play.page.evaluate((id) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const frame = figma.currentPage.findOne((n) => n.id === id) as FrameNode;
    return (frame.children as FrameNode[]).map((row) => (row.children as FrameNode[]).map((cell) => {
      const m = cell.children[0] as FrameNode;
      return [Math.round(Math.max(m.width, m.height)), m.exportSettings.length];
    }));
  }, sheet.id);
  expect(sizes).toEqual([0, 1].map(() => [16, 32, 48, 180, 512].map((s) => [s, 2])));
  await screenshots(play.page, 'logo-workflow-sheet');

  // Nothing the designer made was changed: the picks and the source logos are still there.
  const after = await nodes(play.page);
  expect(after.filter((n) => n.pluginData.pick === '1').map((n) => n.id).sort()).toEqual([logos[0].id, logos[2].id].sort());
});
