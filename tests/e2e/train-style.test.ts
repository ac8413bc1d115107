/**
 * The flywheel in Chromium, through the built plugin, the relay and the demo backend:
 * generate ten images, pick them, train a style on the picks (the panel asks first, with the
 * estimate), generate with it from "Your styles", and find in History which picks trained it.
 * Screenshots go to test-artifacts/.
 */
import { nodes, recipeOf, screenshots, select, selection, startGenerate, until, usePlayground, type NodeFacts } from './browser';

jest.setTimeout(180_000);

const play = usePlayground({ latencyMs: 150, outputScale: 0.25 });

const placed = (all: NodeFacts[]) => all.filter((n) => recipeOf(n).tool === 'generate' && n.fills.some((f) => f.imageHash));

async function generate(prompt: string, variants: number, expected: number): Promise<void> {
  const before = new Set(placed(await nodes(play.page)).map((n) => n.id));
  await startGenerate(play.panel, prompt, variants);
  const all = await until(() => nodes(play.page), (now) => placed(now).length === expected, 40_000, `${expected} images placed`);
  const results = placed(all).filter((n) => !before.has(n.id)).map((n) => n.id).sort();
  // The run ends by selecting its own results; pick after that, or the run's selection wins
  // (the previous run's selection has as many layers, so the count alone is not enough).
  await until(() => selection(play.page), (ids) => [...ids].sort().join() === results.join(), 10_000, 'the run selecting its results');
}

test('generate → pick 10 → train a style (asked first) → generate with it → History shows which picks trained it', async () => {
  await generate('terracotta and teal geometric poster, flat shapes', 5, 5);
  await generate('terracotta and teal abstract pattern, bold blocks', 5, 10);
  const picks = placed(await nodes(play.page));

  // Pick all ten.
  await select(play.page, picks.map((n) => n.id));
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByText(/^10 layers selected/).waitFor();
  await play.panel.getByRole('button', { name: '☆ Pick' }).click();
  await play.panel.getByRole('heading', { name: 'Picks (10)' }).waitFor();

  // Train: the panel states the estimate and waits for a yes before uploading anything.
  await play.panel.getByRole('button', { name: 'Train a style…' }).click();
  await play.panel.getByLabel('Style name').fill('Terracotta');
  await play.panel.getByRole('button', { name: 'Train on 10 picks' }).click();
  const question = play.panel.getByRole('alertdialog');
  await question.waitFor();
  expect(await question.innerText()).toContain('Train “Terracotta” on 10 images with replicate/fast-flux-trainer');
  await screenshots(play.page, 'train-style-confirm');
  await question.getByRole('button', { name: 'Start training' }).click();

  const card = play.panel.getByRole('status', { name: 'Training Terracotta' });
  await until(() => card.innerText(), (t) => t.includes('Ready in Your styles'), 60_000, 'the training to finish');
  expect(await card.innerText()).toContain('10 images');
  await screenshots(play.page, 'train-style-trained');

  // Generate with the style: it is a model under "Your styles", its trigger word goes into the prompt.
  await play.panel.getByRole('tab', { name: 'Generate' }).click();
  const modelSelect = play.panel.getByLabel('Model');
  const styleOption = modelSelect.locator('optgroup[label="Your styles"] option');
  await until(() => styleOption.count(), (n) => n === 1, 10_000, 'the style in Your styles');
  const styleModel = (await styleOption.getAttribute('value'))!;
  const trigger = (await styleOption.innerText()).replace(/^.*trigger\s+/, '').trim();
  await modelSelect.selectOption(styleModel);
  await generate('a poster for a summer jazz night', 1, 11);
  // The recipe names the style like any model: owner/name (the option's value adds the version).
  const styled = placed(await nodes(play.page)).find((n) => recipeOf(n).model === styleModel.split(':')[0])!;
  expect(styled).toBeDefined();
  expect(recipeOf(styled).prompt).toContain(trigger);
  await screenshots(play.page, 'train-style-generated');

  // History: the styled image says which style made it, and shows the picks that trained it.
  await play.panel.getByRole('tab', { name: 'History' }).click();
  const list = play.panel.getByRole('list', { name: 'Generations in this file' });
  await until(() => list.getByRole('listitem').count(), (n) => n === 11, 10_000, '11 rows in History');
  const styledRow = list.getByRole('listitem').filter({ hasText: 'a poster for a summer jazz night' });
  await expect(styledRow.getByTestId('history-lineage').innerText()).resolves.toBe('Your style · Trained from 10 picks');
  await styledRow.getByRole('button', { name: 'Trained from 10 picks' }).click();
  await until(() => selection(play.page), (ids) => ids.length === 10, 5_000, 'the ten picks selected');
  expect((await selection(play.page)).sort()).toEqual(picks.map((n) => n.id).sort());
  const pickRow = list.getByRole('listitem').filter({ hasText: 'geometric poster' }).first();
  await expect(pickRow.getByTestId('history-trained').innerText()).resolves.toBe('Trained Terracotta');
  await expect(play.panel.locator('.history-lineage-note').innerText()).resolves.toBe('Selected the 10 picks that trained Terracotta.');
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'train-style-history');
});
