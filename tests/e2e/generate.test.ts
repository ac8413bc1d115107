/**
 * The built plugin (dist/code.js + dist/ui.html, unchanged) in the playground, in Debian's
 * Chromium, against the relay and the demo backend: generate, match selection, cancel,
 * throttling, themes. Screenshots of the panel and the canvas go to test-artifacts/.
 */
import type { FrameLocator } from 'playwright-core';
import { firstCardRows, images, nodes, screenshots, selection, startGenerate, until, usePlayground, type NodeFacts } from './browser';

jest.setTimeout(60_000);

const play = usePlayground({ latencyMs: 300, outputScale: 0.25 }, { pagePerTest: true });

afterEach(() => {
  play.playground.demoBackend!.setLatency('*', 300);
});

const rows = () => firstCardRows(play.panel);

async function rowTexts(): Promise<string[]> {
  return rows().allInnerTexts();
}

test('generates 4 variants: 4 image layers with PNG/JPEG fills, recipes and demo names', async () => {
  await expectVisible(play.panel.getByText('demo', { exact: true }));
  await startGenerate(play.panel, 'a lighthouse at dusk, flat illustration');
  await until(rowTexts, (t) => t.length === 4 && t.every((r) => r.includes('Placed')), 20_000, '4 rows "Placed"');

  const made = images(await nodes(play.page));
  expect(made).toHaveLength(4);
  for (const node of made) {
    const fill = node.fills.find((f) => f.type === 'IMAGE')!;
    expect(['png', 'jpeg']).toContain(fill.format);
    expect(node.name).toBe('a lighthouse at dusk, flat illustration (demo)');
    const recipe = JSON.parse(node.pluginData.recipe);
    expect(recipe).toMatchObject({ model: 'black-forest-labs/flux-schnell', prompt: 'a lighthouse at dusk, flat illustration' });
    expect(typeof recipe.seed).toBe('number');
  }
  expect(new Set(made.map((n) => n.fills[0].imageHash)).size).toBe(4);
  expect(made.some((n) => n.name.startsWith('Generating'))).toBe(false);
  // The run committed undo steps, and the toolbar shows it.
  await expect(play.page.getByRole('status', { name: 'Undo commits' }).innerText()).resolves.toMatch(/^Undo commits: [1-9]/);
  // The canvas draws them: one image layer per node, each with its bytes as a background.
  for (const node of made) {
    const layer = play.page.locator(`[data-node-id="${node.id}"] .paint.image`);
    expect(await layer.getAttribute('style')).toContain('blob:');
  }
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'generate-light');
});

test('"Match selection" with 2 variants: each frame is filled in place and gets one more at its size beside it; placeholders count seconds', async () => {
  const toolbar = play.page.getByRole('banner', { name: 'Playground' });
  await toolbar.getByRole('button', { name: 'Add frame' }).click();
  await toolbar.getByRole('button', { name: 'Add frame' }).click();
  const frames = (await nodes(play.page)).filter((n) => n.type === 'FRAME');
  expect(frames).toHaveLength(2);
  expect(frames[0].width / frames[0].height).not.toBeCloseTo(frames[1].width / frames[1].height, 1);

  // Click the first, Shift+click the second, as a designer would.
  await play.page.locator(`[data-node-id="${frames[0].id}"]`).click();
  await play.page.locator(`[data-node-id="${frames[1].id}"]`).click({ modifiers: ['Shift'] });
  await expectVisible(play.page.getByText('2 selected'));
  const selected = await selection(play.page);
  expect(selected).toEqual(frames.map((f) => f.id));

  // Slow enough to see the placeholders count their seconds on the canvas.
  play.playground.demoBackend!.setLatency('*', 2500);
  await play.panel.getByLabel('Aspect ratio').selectOption({ label: 'Match selection' });
  await play.panel.getByLabel('Variants').fill('2');
  await expectVisible(play.panel.getByText(/Fills the 2 selected layers in place; the second variant of each goes beside it at its size.*4 images in all/));
  await play.panel.getByLabel('Prompt').fill('a ceramic mug on linen, soft light');
  await play.panel.getByRole('button', { name: 'Generate' }).click();
  const counting = async () => (await nodes(play.page)).filter((n) => /^Generating… \d+ s · a ceramic mug/.test(n.name));
  await until(counting, (found) => found.length === 2, 15_000, 'two placeholders counting seconds');
  await screenshots(play.page, 'match-selection-running');
  await until(rowTexts, (t) => t.length === 4 && t.every((r) => r.includes('Placed')), 30_000, '4 rows "Placed"');

  const after = await nodes(play.page);
  const filled = after.filter((n) => frames.some((f) => f.id === n.id));
  for (const frame of filled) {
    const before = frames.find((f) => f.id === frame.id)!;
    expect({ w: frame.width, h: frame.height }).toEqual({ w: before.width, h: before.height });
    const fill = frame.fills.find((f) => f.type === 'IMAGE');
    expect(fill).toMatchObject({ scaleMode: 'FILL' });
    expect(['png', 'jpeg']).toContain(fill!.format);
    // The image's shape follows its frame's (landscape for landscape, portrait for portrait).
    expect(fill!.imageWidth! > fill!.imageHeight!).toBe(frame.width > frame.height);
    expect(JSON.parse(frame.pluginData.recipe).prompt).toBe('a ceramic mug on linen, soft light');
  }
  const beside = images(after).filter((n) => !frames.some((f) => f.id === n.id));
  expect(beside.map((n) => `${n.width}×${n.height}`).sort()).toEqual(frames.map((f) => `${f.width}×${f.height}`).sort());
  for (const node of beside) expect(node.name).toMatch(/^a ceramic mug on linen, soft light/);
  const all = [...filled, ...beside];
  const overlap = (a: NodeFacts, b: NodeFacts) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (const a of all) for (const b of all) if (a !== b) expect(overlap(a, b)).toBe(false);
  expect(after.filter((n) => /^(Generating|Failed)/.test(n.name))).toHaveLength(0);
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'match-selection');
});

test('Cancel mid-run leaves no placeholder behind and marks every variant "Canceled"', async () => {
  play.playground.demoBackend!.setLatency('*', 4000);
  await startGenerate(play.panel, 'a slow red bicycle', 2);
  await until(rowTexts, (t) => t.some((r) => r.includes('Running')), 10_000, 'a row "Running"');
  expect((await nodes(play.page)).some((n) => n.name.startsWith('Generating'))).toBe(true);
  await play.panel.getByRole('button', { name: 'Cancel' }).click();
  await until(rowTexts, (t) => t.length === 2 && t.every((r) => r.includes('Canceled')), 10_000, 'rows "Canceled"');
  // The rows say Canceled before the plugin has removed the placeholders.
  const left = await until(() => nodes(play.page), (all) => !all.some((n) => n.name.startsWith('Generating')), 15_000, 'no placeholder left');
  expect(images(left)).toEqual([]);
  await screenshots(play.page, 'canceled');
});

test('a throttled (429) run waits and then succeeds', async () => {
  const backend = play.playground.demoBackend!;
  const firedBefore = backend.faults.count;
  backend.faults.next('POST /v1/models/*/*/predictions', { kind: 'status', status: 429, retryAfter: 1 });
  const started = Date.now();
  await startGenerate(play.panel, 'a blue teapot', 1);
  await until(rowTexts, (t) => t.length === 1 && t[0].includes('Placed'), 20_000, 'the row "Placed"');
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(backend.faults.count).toBe(firedBefore + 1);
  expect(images(await nodes(play.page))).toHaveLength(1);
});

test('the panel renders in light and dark themes (Figma theme colours)', async () => {
  await startGenerate(play.panel, 'a paper boat on a pond', 2);
  await until(rowTexts, (t) => t.length === 2 && t.every((r) => r.includes('Placed')), 20_000, '2 rows "Placed"');
  const frame = play.page.frame({ name: 'plugin-ui' })!;
  const look = () =>
    frame.evaluate(() => ({
      cls: document.documentElement.className,
      bg: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
    }));
  expect(await look()).toEqual({ cls: 'figma-light', bg: 'rgb(255, 255, 255)', text: 'rgb(30, 30, 30)' });
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'theme-light');

  await play.page.getByRole('button', { name: 'Dark theme' }).click();
  await until(look, (l) => l.cls === 'figma-dark', 15_000, 'the dark theme');
  expect(await look()).toEqual({ cls: 'figma-dark', bg: 'rgb(44, 44, 44)', text: 'rgb(255, 255, 255)' });
  await play.page.waitForTimeout(300);
  await screenshots(play.page, 'theme-dark');

  // The choice is the playground's (like Figma's own setting): it survives a reload.
  await play.page.reload();
  await play.page.waitForSelector('body[data-ready="true"]');
  await play.page.frameLocator('iframe[name="plugin-ui"]').getByRole('button', { name: 'Generate' }).waitFor();
  expect((await play.page.frame({ name: 'plugin-ui' })!.evaluate(() => document.documentElement.className))).toBe('figma-dark');
  await play.page.getByRole('button', { name: 'Dark theme' }).click();
});

test('first run: example prompts for a mockup, a logo and a UI frame fill the form', async () => {
  const examples = play.panel.getByRole('region', { name: 'Start from an example' });
  await expectVisible(examples.getByRole('button', { name: /^Mockup photo/ }));
  expect(await play.panel.getByLabel('Prompt').getAttribute('placeholder')).toMatch(/^Describe the image\. For example:/);
  await play.page.waitForTimeout(200);
  await screenshots(play.page, 'first-run');

  await examples.getByRole('button', { name: /^App screen/ }).click();
  await expect(play.panel.getByLabel('Prompt').inputValue()).resolves.toMatch(/app home screen/);
  await until(() => play.panel.getByLabel('Aspect ratio').inputValue(), (v) => v === '9:16', 15_000, 'ratio 9:16');
  await expect(play.panel.getByLabel('Model').inputValue()).resolves.toBe('ideogram-ai/ideogram-v3-turbo');
  expect(await examples.count()).toBe(0);
  await play.panel.getByLabel('Prompt').fill('');
  await play.panel.getByRole('region', { name: 'Start from an example' }).getByRole('button', { name: /^Logo/ }).click();
  await expect(play.panel.getByLabel('Model').inputValue()).resolves.toBe('recraft-ai/recraft-v3-svg');
});

test('Variants typed with the keyboard: clearing the field and typing 2 makes 2', async () => {
  await play.panel.getByLabel('Prompt').fill('a lemon on a blue plate');
  const field = play.panel.getByLabel('Variants');
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.press('Backspace');
  await expect(field.inputValue()).resolves.toBe('');
  await field.pressSequentially('2');
  await expect(field.inputValue()).resolves.toBe('2');
  await field.fill('12');
  await expectVisible(play.panel.getByText('At most 8 variants per run.'));
  expect(await play.panel.getByRole('button', { name: 'Generate' }).isDisabled()).toBe(true);
  await play.page.waitForTimeout(200);
  await screenshots(play.page, 'variants-out-of-range');
  await field.fill('2');
  await play.panel.getByRole('button', { name: 'Generate' }).click();
  await until(rowTexts, (t) => t.length === 2 && t.every((r) => r.includes('Placed')), 20_000, '2 rows "Placed"');
  expect(images(await nodes(play.page))).toHaveLength(2);
});

test('five quick clicks on Generate start one run, and the panel says why', async () => {
  const backend = play.playground.demoBackend!;
  backend.setLatency('*', 1500);
  const before = backend.predictions.size;
  await play.panel.getByLabel('Prompt').fill('a green kettle, studio light');
  await play.panel.getByLabel('Variants').fill('2');
  const button = play.panel.getByRole('button', { name: 'Generate' });
  // Five clicks as a hand makes them, within a moment: Playwright's own clicks each wait for
  // actionability, and on a loaded machine five of them took longer than the guard's window.
  await button.evaluate((b: HTMLButtonElement) => {
    for (let i = 0; i < 5; i++) b.click();
  });
  await expectVisible(play.panel.getByText(/Already generating this/));
  await until(rowTexts, (t) => t.length === 2 && t.every((r) => r.includes('Placed')), 20_000, '2 rows "Placed"');
  await play.page.waitForTimeout(500);
  expect(await play.panel.getByRole('region', { name: 'Progress' }).getByRole('article').count()).toBe(1);
  expect(images(await nodes(play.page))).toHaveLength(2);
  const created = [...backend.predictions.values()].slice(before);
  // Paid for once: the images asked of the backend add up to the 2 variants.
  expect(created.reduce((n, p) => n + Number(p.input.num_outputs ?? 1), 0)).toBe(2);
});

async function expectVisible(locator: ReturnType<FrameLocator['getByText']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
}

test('the job list: a thumbnail per placed variant, a card selects its layers, Cancel stops only its own run, Clear', async () => {
  const jobs = play.panel.getByRole('region', { name: 'Progress' });
  const selected = () => selection(play.page);
  await startGenerate(play.panel, 'a red fox in snow', 2);
  await until(rowTexts, (t) => t.length === 2 && t.every((r) => r.includes('Placed')), 20_000, '2 rows "Placed"');
  const foxes = images(await nodes(play.page)).map((n) => n.id);
  await startGenerate(play.panel, 'a blue whale at dawn', 3);
  await until(rowTexts, (t) => t.length === 3 && t.every((r) => r.includes('Placed')), 20_000, '3 rows "Placed"');
  const whales = images(await nodes(play.page)).map((n) => n.id).filter((id) => !foxes.includes(id));

  // One thumbnail per placed variant, drawn from the bytes the panel placed.
  const foxCard = jobs.getByRole('article', { name: /red fox/ });
  await until(() => foxCard.locator('img').count(), (n) => n === 2, 15_000, '2 thumbnails');
  await until(() => jobs.getByRole('article', { name: /blue whale/ }).locator('img').count(), (n) => n === 3, 15_000, '3 thumbnails');
  const loaded = await foxCard.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
  expect(loaded.every((w) => w > 0)).toBe(true);

  // The last run's results are selected; clicking the older card selects exactly its own.
  expect((await selected()).sort()).toEqual(whales.sort());
  await foxCard.click();
  await until(selected, (ids) => ids.length === 2, 15_000, 'the fox layers selected');
  expect((await selected()).sort()).toEqual(foxes.sort());
  await foxCard.getByRole('button', { name: 'Select variant 2 on the canvas' }).click();
  await until(selected, (ids) => ids.length === 1, 15_000, 'one layer selected');
  await screenshots(play.page, 'job-list');

  // Two slow runs: Cancel on one card stops that run only.
  play.playground.demoBackend!.setLatency('*', 3000);
  await startGenerate(play.panel, 'a slow green kite', 1);
  await startGenerate(play.panel, 'a slow yellow boat', 1);
  const kite = jobs.getByRole('article', { name: /green kite/ });
  const boat = jobs.getByRole('article', { name: /yellow boat/ });
  await until(() => kite.getByRole('listitem').allInnerTexts(), (t) => t.some((r) => r.includes('Running')), 10_000, 'the kite running');
  await kite.getByRole('button', { name: /^Cancel/ }).click();
  await until(() => kite.getByRole('listitem').allInnerTexts(), (t) => t.every((r) => r.includes('Canceled')), 10_000, 'the kite canceled');
  expect((await boat.getByRole('listitem').allInnerTexts()).some((r) => r.includes('Canceled'))).toBe(false);
  await until(() => boat.getByRole('listitem').allInnerTexts(), (t) => t.every((r) => r.includes('Placed')), 20_000, 'the boat placed');

  // The form stays in view however long the list grows: the list scrolls in its own region.
  const box = await play.page.frameLocator('iframe[name="plugin-ui"]').getByRole('button', { name: 'Generate', exact: true }).boundingBox();
  const frame = await play.page.locator('#plugin iframe').boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y + frame!.height);
  const scrolls = await play.page.frame({ name: 'plugin-ui' })!.evaluate(() => {
    const list = document.querySelector('.jobs-scroll')!;
    return { list: list.scrollHeight > list.clientHeight, panel: document.querySelector('.panel')!.scrollTop };
  });
  expect(scrolls).toEqual({ list: true, panel: 0 });
  await screenshots(play.page, 'job-list-cancel');

  await jobs.getByRole('button', { name: 'Clear finished' }).click();
  await until(() => jobs.count(), (n) => n === 0, 15_000, 'the list cleared');
});
