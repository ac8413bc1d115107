/**
 * Explore in Chromium through the built plugin, the relay and the demo backend: a logo
 * prompt over 3 styles × 2 models makes one labelled grid in a section, each image named
 * for its cell; above 8 images the panel asks first.
 */
import { firstCardRows, nodes, screenshots, until, usePlayground, type NodeFacts } from './browser';

jest.setTimeout(120_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25 });

const rows = () => firstCardRows(play.panel).allInnerTexts();
const STYLES = ['flat geometric mark', 'line art', 'emblem/badge'];
const MODELS = ['FLUX.1 schnell', 'Recraft V3 SVG'];

test('3 styles × 2 models make one labelled grid in a section named after the prompt', async () => {
  const prompt = 'Ember & Oak coffee roasters logo';
  await play.panel.getByLabel('Prompt').fill(prompt);
  await play.panel.getByRole('button', { name: 'Explore grid' }).click();
  await play.panel.getByLabel('Across: Styles').fill(STYLES.join('\n'));
  await play.panel.getByRole('combobox', { name: /^Down/ }).selectOption('models');
  await play.panel.getByLabel('First seed').fill('7');

  // 12 images: the panel says so and waits for a yes.
  await play.panel.getByLabel('Variants per cell').fill('2');
  await play.panel.getByRole('button', { name: 'Explore', exact: true }).click();
  const question = play.panel.getByRole('alertdialog');
  await question.waitFor();
  expect(await question.innerText()).toContain('This makes 12 images');
  // 6 × FLUX.1 schnell at $0.003 and 6 × Recraft V3 SVG at $0.08 (its price not verified).
  expect(await question.innerText()).toContain('≈ $0.498 (unverified price)');
  await screenshots(play.page, 'explore-confirm');
  await question.getByRole('button', { name: 'Back' }).click();
  expect(await nodes(play.page)).toHaveLength(0);

  await play.panel.getByLabel('Variants per cell').fill('1');
  expect(await play.panel.locator('#explore-summary').innerText()).toContain('3 × 2 grid: 6 images');
  await play.panel.getByRole('button', { name: 'Explore', exact: true }).click();
  await until(rows, (t) => t.length === 6 && t.every((r) => r.includes('Placed')), 60_000, 'six images placed');

  const all = await nodes(play.page);
  const section = all.find((n) => n.type === 'SECTION')!;
  expect(section.name).toBe(prompt);
  const inside = (n: NodeFacts) => n.parentId === section.id;
  const labels = all.filter((n) => inside(n) && n.type === 'TEXT').map((n) => n.name);
  expect(labels).toEqual([...STYLES, ...MODELS]);
  const results = all.filter((n) => inside(n) && n.pluginData.recipe);
  expect(results.map((n) => n.name)).toEqual([
    ...STYLES.map((s) => `${s} · FLUX.1 schnell · seed 7 (demo)`),
    ...STYLES.map((s) => `${s} · Recraft V3 SVG (demo)`),
  ]);
  expect(JSON.parse(results[4].pluginData.recipe).axes).toEqual({ style: 'line art', model: 'Recraft V3 SVG' });
  // Aligned: a row shares its top, a column its left edge.
  expect(new Set(results.slice(0, 3).map((n) => n.y)).size).toBe(1);
  expect(results.slice(0, 3).map((n) => n.x)).toEqual(results.slice(3).map((n) => n.x));
  await play.page.evaluate(() => {
    const { figma } = (window as unknown as { __playground: { figma: PluginAPI } }).__playground;
    figma.viewport.scrollAndZoomIntoView(figma.currentPage.children);
  });
  await screenshots(play.page, 'explore-grid');
});
