import { startFakeReplicate, type FakeReplicate } from '../fakes/replicate';
import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { configFromEnv } from '../../relay/handler';
import { startRelay, type StartedRelay } from '../../relay/node';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { createPanelModel, type PanelModel } from '../../ui/state/panel-model';
import { createHmac } from 'node:crypto';
import { RECIPE_KEY, recipeSigningText, serializeRecipe, type Recipe } from '../../shared/recipe';
import { installCanvasShim } from '../support/canvas-shim';
import { waitFor } from '../support/rig';
import manifest from '../../manifest.json';

// The panel model only needs signals; @preact/signals pulls in Preact's ESM-only build.
jest.mock('@preact/signals', () => jest.requireActual('@preact/signals-core'));

/**
 * A relaunch button ("Regenerate", "Vary", "Upscale"…) starts a fresh panel whose first
 * event asks for a run. The panel must not start it before its saved token is loaded.
 */
let replicate: FakeReplicate;
let relay: StartedRelay;
let fake: FigmaFake;
let panel: PluginChannel;
let restoreCanvas: () => void;

afterEach(async () => {
  panel?.close();
  fake?.uninstall();
  await relay?.close();
  await replicate?.close();
  restoreCanvas?.();
});

const recipe: Recipe = {
  v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a red fox',
  input: { prompt: 'a red fox', seed: 7 }, seed: 7, outputIndex: 0, predictionId: 'p1', createdAt: '2026-11-29T00:00:00Z',
};

async function launchFromRelaunchButton(command: string): Promise<PanelModel> {
  restoreCanvas = installCanvasShim();
  replicate = await startFakeReplicate({ latencyMs: 20, outputScale: 0.1 });
  relay = await startRelay(
    { ...configFromEnv({}), upstream: replicate.url, downloadHosts: [new URL(replicate.url).host] },
    { port: 0 },
  );
  fake = createFigmaFake({ command, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  await fake.figma.clientStorage.setAsync('replicate-token', 'r8_test_token');
  await fake.figma.clientStorage.setAsync('relay-url', relay.url);
  // The person's own recipe (marked with their key), so it runs without asking (see tests/security/hostile-recipe).
  const key = 'cd'.repeat(32);
  await fake.figma.clientStorage.setAsync('recipe-mark-key', key);
  const mark = createHmac('sha256', Buffer.from(key, 'hex')).update(recipeSigningText(recipe)).digest('hex');
  const generated = fake.figma.createRectangle();
  generated.resize(200, 200);
  generated.fills = [];
  generated.setPluginData(RECIPE_KEY, serializeRecipe({ ...recipe, mark }));
  fake.select([generated]);
  await fake.settle();
  startController(command);
  panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  const model = createPanelModel(panel);
  // ui/main.tsx: render (App's effect loads settings a moment later), then 'ready'.
  panel.emit('ready', {});
  setTimeout(() => void model.loadSettings(), 0);
  return model;
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
