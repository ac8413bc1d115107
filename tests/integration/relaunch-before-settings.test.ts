import { createPanelModel, type PanelModel } from '../../ui/state/panel-model';
import { createHmac } from 'node:crypto';
import { RECIPE_KEY, recipeSigningText, serializeRecipe, type Recipe } from '../../shared/recipe';
import { startRelaunch, waitFor, type Relaunch } from '../support/rig';

// The panel model only needs signals; @preact/signals pulls in Preact's ESM-only build.
jest.mock('@preact/signals', () => jest.requireActual('@preact/signals-core'));

/**
 * A relaunch button ("Regenerate", "Vary", "Upscale"…) starts a fresh panel whose first
 * event asks for a run. The panel must not start it before its saved token is loaded.
 */
let app: Relaunch<PanelModel>;
afterEach(async () => app?.close());

const recipe: Recipe = {
  v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a red fox',
  input: { prompt: 'a red fox', seed: 7 }, seed: 7, outputIndex: 0, predictionId: 'p1', createdAt: '2026-11-29T00:00:00Z',
};

async function launchFromRelaunchButton(command: string): Promise<PanelModel> {
  app = await startRelaunch(command, createPanelModel, async (figma, fake) => {
    // The person's own recipe (marked with their key), so it runs without asking (see tests/security/hostile-recipe).
    const key = 'cd'.repeat(32);
    await figma.clientStorage.setAsync('recipe-mark-key', key);
    const mark = createHmac('sha256', Buffer.from(key, 'hex')).update(recipeSigningText(recipe)).digest('hex');
    const generated = figma.createRectangle();
    generated.resize(200, 200);
    generated.fills = [];
    generated.setPluginData(RECIPE_KEY, serializeRecipe({ ...recipe, mark }));
    fake.select([generated]);
  });
  return app.model;
}

const finished = (model: PanelModel) =>
  model.jobs.value.length > 0 && model.jobs.value.every((j) => !['starting', 'running'].includes(j.phase));

it.each(['regenerate', 'vary'])('a "%s" relaunch runs with the saved token', async (command) => {
  const model = await launchFromRelaunchButton(command);
  await waitFor(() => finished(model), 10_000);
  const [job] = model.jobs.value;
  expect(job.message ?? '').not.toMatch(/token/i);
  expect(job.phase).toBe('done');
  expect(job.variants.some((v) => v.status === 'placed')).toBe(true);
});
