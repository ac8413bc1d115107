/**
 * History in Chromium: the built plugin in the playground, against the relay and the demo
 * backend. Generate twice, open History, search, click a row (its layer is selected), Reuse
 * (the Generate form is filled from its recipe). Screenshots go to test-artifacts/.
 */
import { nodes, recipeOf, screenshots, selection, startGenerate, until, usePlayground, type PlaygroundHandle } from './browser';

jest.setTimeout(90_000);

const play = usePlayground({ latencyMs: 300, outputScale: 0.25 });

const cards = () => play.panel.getByRole('region', { name: 'Progress' }).getByRole('article');

test('generate twice, find a run in History by its prompt, select its layer, reuse its recipe', async () => {
  await startGenerate(play.panel, 'a lighthouse at dusk, flat illustration', 2);
  await until(() => cards().first().innerText(), (t) => (t.match(/Placed/g) ?? []).length === 2, 20_000, 'first run placed');
  // The estimate beside Generate, and what the run cost on its card.
  await expect(play.panel.locator('.estimate').innerText()).resolves.toBe('≈ $0.006 (2 × $0.003)');
  await until(() => cards().first().innerText(), (t) => t.includes('Cost: $0.006'), 15_000, 'cost on the card');
  await startGenerate(play.panel, 'a red fox in the snow', 1);
  await until(() => cards().first().innerText(), (t) => t.includes('a red fox') && t.includes('Placed'), 20_000, 'second run placed');

  const fox = (await nodes(play.page)).find((n) => n.pluginData.recipe && JSON.parse(n.pluginData.recipe).prompt === 'a red fox in the snow')!;
  const foxRecipe = JSON.parse(fox.pluginData.recipe);

  await play.panel.getByRole('tab', { name: 'History' }).click();
  const list = play.panel.getByRole('list', { name: 'Generations in this file' });
  await until(() => list.getByRole('listitem').count(), (n) => n === 3, 10_000, '3 rows in History');
  await expect(play.panel.locator('.history-spent').innerText()).resolves.toContain('$0.009 in this file');
  await play.panel.getByLabel('Search prompts').fill('fox snow');
  await until(() => list.getByRole('listitem').count(), (n) => n === 1, 15_000, 'one row matching "fox snow"');
  const row = list.getByRole('listitem').first();
  await expect(row.locator('.history-meta').innerText()).resolves.toContain(`seed ${foxRecipe.seed}`);
  await until(() => row.locator('img.history-thumb').count(), (n) => n === 1, 10_000, 'a thumbnail');
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'history-search');

  await play.panel.getByRole('button', { name: 'Select “a red fox in the snow” on the canvas' }).click();
  await until(() => selection(play.page), (ids) => ids.length === 1 && ids[0] === fox.id, 15_000, 'the fox layer selected');

  await play.panel.getByRole('button', { name: 'Reuse “a red fox in the snow”' }).click();
  await expect(play.panel.getByRole('tab', { name: 'Generate' }).getAttribute('aria-selected')).resolves.toBe('true');
  await expect(play.panel.getByLabel('Prompt').inputValue()).resolves.toBe('a red fox in the snow');
  await expect(play.panel.getByRole('textbox', { name: 'Seed' }).inputValue()).resolves.toBe(String(foxRecipe.seed));
  await expect(play.panel.locator('form.generate select').first().inputValue()).resolves.toBe('black-forest-labs/flux-schnell');
  await screenshots(play.page, 'history-reuse');
});

test('train a style from History’s picked filter, generate with it, and each row shows its lineage', async () => {
  const generated = async () => (await nodes(play.page)).filter((n) => recipeOf(n).tool === 'generate' && n.fills.some((f) => f.imageHash));
  const before = (await generated()).length;
  await play.panel.getByRole('tab', { name: 'Generate' }).click();
  await startGenerate(play.panel, 'terracotta and teal poster, flat shapes', 4);
  await until(generated, (all) => all.length === before + 4, 20_000, 'four posters placed');
  await startGenerate(play.panel, 'terracotta and teal pattern, bold blocks', 2);
  await until(generated, (all) => all.length === before + 6, 20_000, 'two patterns placed');
  // Picked on the layers themselves (what ☆ Pick writes), so History lists them as picked.
  const picks = (await generated()).filter((n) => /terracotta/.test(recipeOf(n).prompt ?? ''));
  await play.page.evaluate((ids) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    for (const node of figma.currentPage.findAll((n) => ids.includes(n.id))) node.setPluginData('pick', '1');
  }, picks.map((n) => n.id));

  await play.panel.getByRole('tab', { name: 'History' }).click();
  await play.panel.getByLabel('Search prompts').fill('');
  await play.panel.getByLabel('Picked only').check();
  await play.panel.getByRole('button', { name: 'Train a style from these 6 picks…' }).click();
  await play.panel.getByLabel('Style name').fill('Terracotta');
  await play.panel.getByRole('button', { name: 'Train on 6 picks' }).click();
  const ask = play.panel.getByRole('alertdialog', { name: 'Start this training?' });
  await ask.waitFor();
  await screenshots(play.page, 'history-train-from-picks');
  await expect(ask.innerText()).resolves.toContain('Train “Terracotta” on 6 images with replicate/fast-flux-trainer');
  await ask.getByRole('button', { name: 'Start training' }).click();
  const card = play.panel.getByRole('status', { name: 'Training Terracotta' });
  await until(() => card.innerText(), (t) => t.includes('Ready in Your styles'), 60_000, 'the training to finish');

  // The new style is chosen in the Generate tab; generate once with it.
  await play.panel.getByRole('tab', { name: 'Generate' }).click();
  await startGenerate(play.panel, 'a poster for a summer jazz night', 1);
  await until(generated, (all) => all.some((n) => recipeOf(n).prompt?.includes('jazz')), 30_000, 'the styled image placed');

  await play.panel.getByRole('tab', { name: 'History' }).click();
  await play.panel.getByLabel('Picked only').uncheck();
  const list = play.panel.getByRole('list', { name: 'Generations in this file' });
  const styled = list.getByRole('listitem').filter({ hasText: 'summer jazz night' });
  await until(() => styled.count(), (n) => n === 1, 10_000, 'the styled row');
  await expect(styled.getByTestId('history-lineage').innerText()).resolves.toBe('Your style · Trained from 6 picks');
  await expect(styled.locator('.history-meta').innerText()).resolves.toMatch(/^Terracotta · /);
  const pickRow = list.getByRole('listitem').filter({ hasText: 'terracotta and teal poster' }).first();
  await expect(pickRow.getByTestId('history-trained').innerText()).resolves.toBe('Trained Terracotta');

  await styled.getByRole('button', { name: 'Trained from 6 picks' }).click();
  await until(() => selection(play.page), (ids) => ids.length === 6, 10_000, 'the six picks selected');
  expect((await selection(play.page)).sort()).toEqual(picks.map((n) => n.id).sort());
  await expect(play.panel.locator('.history-lineage-note').innerText()).resolves.toBe('Selected the 6 picks that trained Terracotta.');
  await until(() => styled.locator('img.history-thumb').count(), (n) => n === 1, 10_000, 'the styled row’s thumbnail');
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'history-lineage');
  await pickRow.scrollIntoViewIfNeeded();
  await until(() => pickRow.locator('img.history-thumb').count(), (n) => n === 1, 10_000, 'the pick row’s thumbnail');
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'history-lineage-picks');
});
