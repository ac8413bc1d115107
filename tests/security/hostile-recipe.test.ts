/**
 * A recipe on a layer is plugin data: anyone who edits the file can write it. These run
 * hostile recipes through the real panel model and controller (Figma fake, relay over HTTP,
 * Replicate protocol server) as a relaunch button would, and check what reaches Replicate.
 */
import { createHmac } from 'node:crypto';
import { createPanelModel, type PanelModel } from '../../ui/state/panel-model';
import { parseRecipe, RECIPE_KEY, recipeSigningText, serializeRecipe, type Recipe } from '../../shared/recipe';
import { startRelaunch, waitFor, type Relaunch } from '../support/rig';

// The panel model only needs signals; @preact/signals pulls in Preact's ESM-only build.
jest.mock('@preact/signals', () => jest.requireActual('@preact/signals-core'));

let app: Relaunch<PanelModel>;
afterEach(async () => app?.close());

const METADATA = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';

function hostile(overrides: Partial<Recipe> = {}): Recipe {
  return {
    v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a red fox',
    input: { prompt: 'a red fox', seed: 7, callback_url: METADATA, webhook_events_filter: ['start'], num_inference_steps: 4, go_fast: true, image: 'https://attacker.example/x.png' },
    seed: 7, outputIndex: 0, predictionId: 'p1', createdAt: '2026-11-29T00:00:00Z', ...overrides,
  };
}

/** A fresh launch of the plugin from a layer's relaunch button, as in Figma. */
async function launch(command: 'regenerate' | 'vary', recipe: Recipe, setup?: (figma: PluginAPI, layer: RectangleNode) => Promise<void> | void): Promise<PanelModel> {
  app = await startRelaunch(command, createPanelModel, async (figma, fake) => {
    const layer = figma.createRectangle();
    layer.resize(200, 200);
    layer.fills = [{ type: 'SOLID', color: { r: 1, g: 0.5, b: 0 } }];
    await setup?.(figma, layer);
    layer.setPluginData(RECIPE_KEY, serializeRecipe(recipe));
    fake.select([layer]);
  });
  return app.model;
}

const creates = () => app.replicate.requests.filter((r) => r.method === 'POST' && /\/predictions$/.test(r.path));
const finished = (model: PanelModel) => model.jobs.value.length > 0 && model.jobs.value.every((j) => !['starting', 'running'].includes(j.phase));

describe('a recipe someone else wrote into the file', () => {
  it('Regenerate on a model that is not a preset waits for the person, showing the model and inputs, and runs nothing when declined', async () => {
    const model = await launch('regenerate', hostile({ model: 'attacker/miner', version: 'a'.repeat(64) }));
    await waitFor(() => model.recipeGate.questions.value.length === 1);
    const [question] = model.recipeGate.questions.value;
    expect(question.text).toBe(`This layer's recipe was made by someone else and uses a model that is not a preset: attacker/miner:${'a'.repeat(64)}. Run it?`);
    expect(question.inputs).toContain(`callback_url: ${METADATA}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(model.jobs.value).toHaveLength(0);
    model.recipeGate.answer(question.id, false);
    await new Promise((r) => setTimeout(r, 100));
    expect(model.jobs.value).toHaveLength(0);
    expect(app.replicate.requests.filter((r) => r.path.includes('attacker'))).toHaveLength(0);
  });

  it('once allowed, only inputs the model declares go to Replicate, and no URL', async () => {
    const model = await launch('regenerate', hostile());
    await waitFor(() => model.recipeGate.questions.value.length === 1);
    const [question] = model.recipeGate.questions.value;
    expect(question.text).toBe("This layer's recipe was made by someone else: black-forest-labs/flux-schnell. Run it?");
    model.recipeGate.answer(question.id, true);
    await waitFor(() => finished(model), 10_000);
    const [create] = creates();
    const input = (create.body as { input: Record<string, unknown> }).input;
    expect(input).not.toHaveProperty('callback_url');
    expect(input).not.toHaveProperty('webhook_events_filter');
    expect(input).not.toHaveProperty('image');
    expect(JSON.stringify(create.body)).not.toMatch(/169\.254|attacker/);
    expect(input).toMatchObject({ prompt: 'a red fox', num_inference_steps: 4, go_fast: true });
  });

  it('a refinement recipe naming a parent on another page exports and uploads nothing', async () => {
    let secretId = '';
    const model = await launch(
      'regenerate',
      hostile({ tool: 'upscale', model: 'nightmareai/real-esrgan', input: { image: 'data:image/png;base64,AAAA', scale: 2 } }),
      async (figma, layer) => {
        const other = figma.createPage();
        other.name = 'Confidential';
        const secret = figma.createRectangle();
        other.appendChild(secret);
        secret.resize(300, 300);
        secretId = secret.id;
        layer.name = 'Innocent';
      },
    );
    // The parent id is set after the page exists.
    const layer = app.figma.currentPage.findOne((n) => n.name === 'Innocent')!;
    layer.setPluginData(RECIPE_KEY, serializeRecipe({ ...parseRecipe(layer.getPluginData(RECIPE_KEY))!, parentId: secretId }));
    await waitFor(() => model.recipeGate.questions.value.length === 1);
    model.recipeGate.answer(model.recipeGate.questions.value[0].id, true);
    await waitFor(() => finished(model), 10_000);
    const [job] = model.jobs.value;
    expect(job.message).toBe('The layer it starts from is hidden or on another page. Show it on this page and try again.');
    expect(creates()).toHaveLength(0);
    expect(app.replicate.requests.filter((r) => r.path.startsWith('/v1/files'))).toHaveLength(0);
  });

  it('a hidden parent on this page is not exported either', async () => {
    let hiddenId = '';
    const model = await launch('regenerate', hostile({ tool: 'upscale', model: 'nightmareai/real-esrgan', input: { image: 'data:image/png;base64,AAAA', scale: 2 } }), (figma) => {
      const hidden = figma.createRectangle();
      hidden.resize(300, 300);
      hidden.visible = false;
      hiddenId = hidden.id;
    });
    const layer = app.figma.currentPage.findAll((n) => !!n.getPluginData(RECIPE_KEY))[0];
    layer.setPluginData(RECIPE_KEY, serializeRecipe({ ...parseRecipe(layer.getPluginData(RECIPE_KEY))!, parentId: hiddenId }));
    await waitFor(() => model.recipeGate.questions.value.length === 1);
    model.recipeGate.answer(model.recipeGate.questions.value[0].id, true);
    await waitFor(() => finished(model), 10_000);
    expect(model.jobs.value[0].message).toBe('The layer it starts from is hidden or on another page. Show it on this page and try again.');
    expect(creates()).toHaveLength(0);
  });

  it('Vary (more like this) on the layer asks first too', async () => {
    const model = await launch('vary', hostile({ input: { prompt: 'a red fox', callback_url: METADATA } }));
    await waitFor(() => model.recipeGate.questions.value.length === 1);
    expect(model.recipeGate.questions.value[0].text).toBe("This layer's recipe was made by someone else: black-forest-labs/flux-schnell. Run it?");
    await new Promise((r) => setTimeout(r, 200));
    expect(creates()).toHaveLength(0);
  });
});

describe('the person’s own recipe', () => {
  it('runs at once on Regenerate: the mark this panel wrote verifies, and a changed recipe does not', async () => {
    const key = 'ab'.repeat(32);
    const mine = (recipe: Recipe): Recipe => ({ ...recipe, mark: createHmac('sha256', Buffer.from(key, 'hex')).update(recipeSigningText(recipe)).digest('hex') });
    const recipe = hostile({ input: { prompt: 'a red fox', seed: 7 } });
    const model = await launch('regenerate', mine(recipe), (figma) => figma.clientStorage.setAsync('recipe-mark-key', key));
    await waitFor(() => finished(model), 10_000);
    expect(model.recipeGate.questions.value).toHaveLength(0);
    expect(model.jobs.value[0].phase).toBe('done');
    // What it placed carries this person's mark, over what is stored.
    const placed = app.figma.currentPage.findAll((n) => !!n.getPluginData(RECIPE_KEY) && parseRecipe(n.getPluginData(RECIPE_KEY))!.tool === 'regenerate');
    expect(placed).toHaveLength(1);
    const stored = parseRecipe(placed[0].getPluginData(RECIPE_KEY))!;
    expect(stored.mark).toBe(mine(stored).mark);

    // Someone edits the recipe but keeps the mark: it is no longer this person's.
    const tampered = { ...stored, model: 'attacker/miner' };
    await model.recipeGate.admit(tampered, 'black-forest-labs/flux-schnell', () => undefined);
    expect(model.recipeGate.questions.value).toHaveLength(1);
  });
});
