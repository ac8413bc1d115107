import { startFakeReplicate, type FakeReplicate } from '../fakes/replicate';
import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { configFromEnv } from '../../relay/handler';
import { startRelay, type StartedRelay } from '../../relay/node';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { createPanelModel, type PanelModel } from '../../ui/state/panel-model';
import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { installCanvasShim } from '../support/canvas-shim';
import { waitFor } from '../support/rig';
import manifest from '../../manifest.json';

// The panel model only needs signals; @preact/signals pulls in Preact's ESM-only build.
jest.mock('@preact/signals', () => jest.requireActual('@preact/signals-core'));

/**
 * "Generate images" run from Figma's command palette, end to end: plugin/main.ts as Figma
 * loads it, the real controller, the real panel model in a hidden panel, the relay over HTTP
 * and the Replicate protocol server.
 */
let replicate: FakeReplicate;
let relay: StartedRelay;
let fake: FigmaFake;
let panel: PluginChannel | undefined;
let restoreCanvas: () => void;

afterEach(async () => {
  panel?.close();
  panel = undefined;
  fake?.close();
  fake?.uninstall();
  await relay?.close();
  await replicate?.close();
  restoreCanvas?.();
});

const generateParameters = (manifest.menu.find((item) => 'command' in item && item.command === 'open') as { parameters: { key: string }[] }).parameters;

async function loadPlugin(storage: { token?: string; budget?: number } = {}): Promise<void> {
  restoreCanvas = installCanvasShim();
  replicate = await startFakeReplicate({ latencyMs: 20, outputScale: 0.1 });
  relay = await startRelay({ ...configFromEnv({}), upstream: replicate.url, downloadHosts: [new URL(replicate.url).host] }, { port: 0 });
  fake = createFigmaFake({
    command: 'open',
    queryMode: true,
    parameters: generateParameters,
    relaunchCommands: manifest.relaunchButtons.map((b) => b.command),
    viewport: { x: 0, y: 0, width: 1600, height: 1000 },
  });
  fake.install();
  if (storage.token !== '') await fake.figma.clientStorage.setAsync('replicate-token', storage.token ?? 'r8_test_token');
  await fake.figma.clientStorage.setAsync('relay-url', relay.url);
  if (storage.budget !== undefined) await fake.figma.clientStorage.setAsync('run-budget-usd', storage.budget);
  jest.isolateModules(() => require('../../plugin/main'));
}

/** What ui/main.tsx does in the iframe: the panel model, 'ready', then its settings. */
function openPanel(): PanelModel {
  const channel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  panel = channel;
  // In Figma the panel goes with the plugin; here its channel is closed after the test, and a
  // request the closing plugin never answered (the panel's last toast) rejects with nobody left to care.
  const request: typeof channel.request = (name, payload, options) => {
    const answer = channel.request(name, payload, options);
    answer.catch(() => undefined);
    return answer;
  };
  const model = createPanelModel({ ...channel, request });
  panel.emit('ready', {});
  setTimeout(() => void model.loadSettings(), 0);
  return model;
}

const messages = () => fake.notifications.map((n) => n.message);
const creates = () => replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));
const generated = () => fake.figma.currentPage.findAll((n) => !!n.getPluginData(RECIPE_KEY));

describe('a quick action from the command palette', () => {
  it('runs Generate in a hidden panel with the given prompt, model and variants, says its progress, and closes', async () => {
    await loadPlugin();
    fake.run('open', { prompt: 'a paper lantern at night', model: 'black-forest-labs/flux-schnell', variants: 3 });

    expect(fake.showUICalls).toHaveLength(1);
    expect(fake.showUICalls[0].options).toMatchObject({ visible: false });
    expect(fake.ui.visible).toBe(false);
    openPanel();

    await waitFor(() => fake.closed, 15_000);
    // Through the panel's own Generate: the job runner, the relay, the model's endpoint.
    expect(creates()).toHaveLength(1);
    expect(creates()[0].path).toBe('/v1/models/black-forest-labs/flux-schnell/predictions');
    expect(creates()[0].body).toMatchObject({ input: { prompt: 'a paper lantern at night', num_outputs: 3 } });
    // Placed and recorded like any run from the form.
    const nodes = generated();
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      expect(parseRecipe(node.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a paper lantern at night' });
    }
    expect(fake.ui.visible).toBe(false);
    const said = messages();
    expect(said[0]).toBe('Generating 3 images with FLUX.1 schnell: “a paper lantern at night”…');
    expect(said).toContain('3 of 3 placed…');
    expect(said[said.length - 1]).toBe('Placed 3 images for “a paper lantern at night”');
    expect(fake.notifications[fake.notifications.length - 1].options?.error).toBeFalsy();
    expect(said.every((m) => m.length <= 100)).toBe(true);
    expect(fake.listenerErrors).toEqual([]);
    // The run's prompt is a suggestion the next time.
    expect(((await fake.figma.clientStorage.getAsync('recent-runs')) as unknown[][]).map((row) => row[2])).toContain('a paper lantern at night');
  });

  it('leaves model and variants to the form\'s defaults when they are skipped', async () => {
    await loadPlugin();
    fake.run('open', { prompt: 'a teal bicycle' });
    openPanel();
    await waitFor(() => fake.closed, 15_000);
    expect(creates().map((r) => r.path)).toEqual(['/v1/models/black-forest-labs/flux-schnell/predictions']);
    expect(generated()).toHaveLength(4);
  });

  it('a run that cannot start says why in an error notification and closes, placing nothing', async () => {
    await loadPlugin({ token: '' });
    fake.run('open', { prompt: 'a paper lantern', model: 'black-forest-labs/flux-schnell', variants: 2 });
    openPanel();
    await waitFor(() => fake.closed, 15_000);
    const last = fake.notifications[fake.notifications.length - 1];
    expect(last).toMatchObject({ message: expect.stringMatching(/^Nothing generated: Add your Replicate API token/), options: { error: true } });
    expect(creates()).toEqual([]);
    expect(generated()).toEqual([]);
  });

  it('above the budget it does not run (nobody can answer in a hidden panel) and says how to go ahead', async () => {
    await loadPlugin({ budget: 0.001 });
    fake.run('open', { prompt: 'a paper lantern', model: 'black-forest-labs/flux-schnell', variants: 2 });
    const model = openPanel();
    await waitFor(() => fake.closed, 15_000);
    expect(messages().at(-1)).toMatch(/^Nothing generated: This run is estimated at .*above your budget.*Run it from the Diffusion panel/);
    expect(creates()).toEqual([]);
    expect(model.cost.pending.value).toBeUndefined();
  });

  it('a model Replicate does not know is said with Replicate\'s answer', async () => {
    await loadPlugin();
    fake.run('open', { prompt: 'a paper lantern', model: 'acme/does-not-exist', variants: 1 });
    openPanel();
    await waitFor(() => fake.closed, 15_000);
    expect(fake.notifications.at(-1)).toEqual({
      message: 'Nothing generated: Replicate has no model called "acme/does-not-exist".',
      options: { error: true, timeout: 10_000 },
    });
    expect(generated()).toEqual([]);
  });

  it('a run whose every image fails says the model\'s reason', async () => {
    await loadPlugin();
    fake.run('open', { prompt: 'a forbidden lantern', model: 'black-forest-labs/flux-schnell', variants: 2 });
    openPanel();
    await waitFor(() => fake.closed, 15_000);
    expect(creates()).toHaveLength(1);
    expect(fake.notifications.at(-1)).toMatchObject({ message: expect.stringMatching(/^Nothing generated: The model's safety filter blocked this result/), options: { error: true } });
    expect(generated()).toEqual([]);
    // No placeholder is left behind.
    expect(fake.figma.currentPage.children).toEqual([]);
  });

  it('a run that places some of its images says how many, and why the others failed', async () => {
    await loadPlugin();
    fake.run('open', { prompt: 'fewer lanterns', model: 'black-forest-labs/flux-schnell', variants: 3 });
    openPanel();
    await waitFor(() => fake.closed, 15_000);
    expect(generated()).toHaveLength(1);
    // Said once (by the panel, as after any partial run), last, as an error.
    const partial = messages().filter((m) => /failed/.test(m));
    expect(partial).toEqual(['1 placed, 2 failed: The model returned 1 of 3 images; its safety filter may have held some back.']);
    expect(fake.notifications.at(-1)).toMatchObject({ message: partial[0], options: { error: true } });
  });

  it('values that cannot run are said at once, without opening anything', async () => {
    await loadPlugin();
    fake.run('open', { prompt: '   ', variants: 2 });
    expect(fake.showUICalls).toEqual([]);
    expect(fake.closed).toBe(true);
    expect(fake.notifications).toEqual([{ message: 'Type a prompt to generate images from.', options: { error: true, timeout: 8000 } }]);
  });

  it('the menu command still opens the visible form, and runs nothing by itself', async () => {
    await loadPlugin();
    fake.run('open', undefined);
    expect(fake.showUICalls[0].options?.visible).toBeUndefined();
    expect(fake.ui.visible).toBe(true);
    const model = openPanel();
    await waitFor(() => model.settingsLoaded.value);
    await model.refreshModel();
    await fake.settle();
    expect(fake.ui.messagesToUi.some((m) => (m as { name?: string }).name === 'quickGenerate')).toBe(false);
    expect(model.jobs.value).toEqual([]);
    expect(fake.closed).toBe(false);
    expect(fake.notifications).toEqual([]);
  });
});
