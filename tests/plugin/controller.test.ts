import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { RECIPE_KEY, serializeRecipe, type Recipe } from '../../shared/recipe';
import type { NodeSummary } from '../../shared/messages/contract';
import manifest from '../../manifest.json';
import { waitFor } from '../support/wait-for';
import { encodePng } from '../fakes/figma/png';

let fake: FigmaFake;
let panel: PluginChannel;

function launch(command = 'open', viewport = { x: 0, y: 0, width: 1600, height: 1000 }) {
  fake = createFigmaFake({ command, viewport, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  startController(command);
  panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  return fake.figma;
}
afterEach(() => {
  panel?.close();
  fake?.uninstall();
});

const recipe: Recipe = {
  v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a red fox', input: { prompt: 'a red fox', seed: 7 },
  seed: 7, outputIndex: 0, predictionId: 'p1', createdAt: '2026-11-29T00:00:00Z',
};

describe('controller', () => {
  it('opens the panel with Figma theme colours', () => {
    launch();
    expect(fake.showUICalls[0].options).toMatchObject({ themeColors: true, width: expect.any(Number) });
  });

  it('keeps settings in clientStorage and never in the document', async () => {
    const figma = launch();
    expect(await panel.request('loadSettings', {})).toMatchObject({ token: '', relayUrl: 'http://localhost:8787' });
    await panel.request('saveSettings', { token: ' r8_secret ', relayUrl: 'https://relay.example.com' });
    expect(await figma.clientStorage.getAsync('replicate-token')).toBe('r8_secret');
    expect(await panel.request('loadSettings', {})).toMatchObject({ token: 'r8_secret', relayUrl: 'https://relay.example.com' });
    await figma.loadAllPagesAsync();
    const everything = [figma.root, ...figma.root.findAll(() => true)];
    for (const node of everything) {
      for (const key of node.getPluginDataKeys()) expect(node.getPluginData(key)).not.toContain('r8_secret');
    }
  });

  it('tells the panel about the selection, with recipes of generated layers', async () => {
    const figma = launch();
    const seen: NodeSummary[][] = [];
    panel.on('selectionChanged', ({ nodes }) => seen.push(nodes));
    const rect = figma.createRectangle();
    rect.setPluginData(RECIPE_KEY, serializeRecipe(recipe));
    fake.select([rect]);
    await waitFor(() => seen.at(-1)?.[0]?.id === rect.id, 10_000, 'the selection sent to the panel');
    expect(seen.at(-1)).toEqual([expect.objectContaining({ id: rect.id, type: 'RECTANGLE', recipe: expect.objectContaining({ seed: 7 }) })]);
  });

  it('makes one generation one undo step: commits before and after the run', async () => {
    launch();
    const before = fake.undoCommits;
    const { targets } = await panel.request('startRun', { runId: 'r1', label: 'x', count: 2, width: 100, height: 100, matchSelection: false });
    const afterStart = fake.undoCommits;
    await panel.request('failTarget', { runId: 'r1', nodeId: targets[0].nodeId, reason: 'test' });
    await panel.request('finishRun', { runId: 'r1' });
    expect(afterStart).toBe(before + 1);
    expect(fake.undoCommits).toBe(before + 2);
  });

  it('moves the viewport only when the new placeholders are off-screen', async () => {
    const figma = launch('open', { x: 0, y: 0, width: 500, height: 500 });
    await panel.request('startRun', { runId: 'r1', label: 'x', count: 1, width: 100, height: 100, matchSelection: false });
    expect(fake.viewportCalls).toHaveLength(0);
    const far = figma.createFrame();
    far.x = 5000;
    fake.select([far]);
    await fake.settle();
    await panel.request('startRun', { runId: 'r2', label: 'x', count: 1, width: 100, height: 100, matchSelection: false });
    expect(fake.viewportCalls).toHaveLength(1);
  });

  it('places beside a given node (refinements, regenerate)', async () => {
    const figma = launch();
    const source = figma.createRectangle();
    source.resize(300, 300);
    source.x = 2000;
    const { targets } = await panel.request('startRun', {
      runId: 'r1', label: 'x', count: 1, width: 300, height: 300, matchSelection: false, besideNodeId: source.id,
    });
    const node = (await figma.getNodeByIdAsync(targets[0].nodeId)) as RectangleNode;
    expect(node.x).toBeGreaterThan(2300);
    expect(node.y).toBe(source.y);
  });

  it('refuses image bytes Figma cannot take with a clear reason, and still places the rest of the prediction', async () => {
    const figma = launch();
    const { targets } = await panel.request('startRun', { runId: 'r1', label: 'x', count: 3, width: 10, height: 10, matchSelection: false });
    const riff = new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');
    const png = () => encodePng(new Uint8Array(4 * 4 * 4).fill(200), 4, 4);
    (await figma.getNodeByIdAsync(targets[2].nodeId))!.remove();
    const commits = fake.undoCommits;
    const { outcomes } = await panel.request('placeImages', {
      runId: 'r1',
      items: [
        { kind: 'image', nodeId: targets[0].nodeId, bytes: png(), width: 4, height: 4, name: 'a', recipe },
        { kind: 'image', nodeId: targets[1].nodeId, bytes: riff, width: 10, height: 10, name: 'b', recipe },
        { kind: 'image', nodeId: targets[2].nodeId, bytes: png(), width: 4, height: 4, name: 'c', recipe },
      ],
    });
    expect(outcomes[0]).toEqual({ nodeId: targets[0].nodeId });
    expect(outcomes[1]).toEqual({ error: { name: 'UnsupportedImage', message: expect.stringMatching(/WEBP.*PNG, JPEG or GIF/) } });
    // The deleted target's image lands on its own, and says so.
    expect(outcomes[2]).toEqual({ nodeId: expect.any(String), note: expect.stringMatching(/placeholder was deleted/) });
    const placed = outcomes[2] as { nodeId: string };
    expect(((await figma.getNodeByIdAsync(placed.nodeId)) as RectangleNode).fills).toEqual([expect.objectContaining({ type: 'IMAGE' })]);
    // Placing is part of the run's one undo step, closed by finishRun.
    expect(fake.undoCommits).toBe(commits);
  });

  it('answers the Regenerate relaunch button with the selected layers’ recipes once the panel is ready', async () => {
    fake = createFigmaFake({ command: 'regenerate', relaunchCommands: ['regenerate', 'open'] });
    fake.install();
    const generated = fake.figma.createRectangle();
    generated.setPluginData(RECIPE_KEY, serializeRecipe(recipe));
    fake.select([generated]);
    startController('regenerate');
    panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
    const received = new Promise((resolve) => panel.on('regenerate', resolve));
    panel.emit('ready', {});
    await expect(received).resolves.toEqual({ items: [{ nodeId: generated.id, recipe }] });
  });

  it('says so when Regenerate is pressed with no generated layer selected', async () => {
    fake = createFigmaFake({ command: 'regenerate' });
    fake.install();
    fake.select([fake.figma.createFrame()]);
    startController('regenerate');
    panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
    panel.emit('ready', {});
    await waitFor(() => fake.notifications.length > 0, 10_000, 'a notification');
    expect(fake.notifications.map((n) => n.message)).toContain('Select a generated layer to regenerate it.');
  });

  it('writes a run’s History entries into the run’s own undo step, before finishRun commits it', async () => {
    const figma = launch();
    const { targets } = await panel.request('startRun', { runId: 'r1', label: 'x', count: 2, width: 10, height: 10, matchSelection: false });
    const png = () => encodePng(new Uint8Array(4 * 4 * 4).fill(200), 4, 4);
    await panel.request('placeImages', {
      runId: 'r1',
      items: targets.map((t, i) => ({ kind: 'image' as const, nodeId: t.nodeId, bytes: png(), width: 4, height: 4, name: `v${i}`, recipe: { ...recipe, outputIndex: i } })),
    });
    // Queued while the run places (the index is written once the results stop coming)...
    expect(figma.root.getPluginData('history-0')).toBe('');
    await panel.request('finishRun', { runId: 'r1' });
    // ...and in the document when the run's step is committed: undoing the run takes them too.
    expect(JSON.parse(figma.root.getPluginData('history-0'))).toHaveLength(2);
  });
});
