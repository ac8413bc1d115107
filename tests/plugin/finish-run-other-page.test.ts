import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { encodePng } from '../fakes/figma/png';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import type { Recipe } from '../../shared/recipe';
import manifest from '../../manifest.json';

/**
 * A designer starts a generation, then goes to another page while it runs. Ending the run
 * must still close the undo step (and not fail trying to select layers on the other page).
 */
let fake: FigmaFake;
let panel: PluginChannel;
beforeEach(() => {
  fake = createFigmaFake({ command: 'open', relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  startController('open');
  panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
});
afterEach(() => {
  panel?.close();
  fake?.uninstall();
});

const recipe: Recipe = {
  v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a red fox',
  input: { prompt: 'a red fox' }, outputIndex: 0, predictionId: 'p1', createdAt: '2026-11-29T00:00:00Z',
};

it('ends a run whose results are on a page the person has left', async () => {
  const figma = fake.figma;
  const first = figma.currentPage;

  const { targets } = await panel.request('startRun', { runId: 'r1', label: 'fox', count: 1, width: 100, height: 100, matchSelection: false });
  const bytes = encodePng(new Uint8Array(4 * 4 * 4).fill(200), 4, 4);
  await panel.request('placeImages', { runId: 'r1', items: [{ kind: 'image', nodeId: targets[0].nodeId, bytes, width: 4, height: 4, name: 'fox', recipe }] });

  const other = figma.createPage();
  await figma.setCurrentPageAsync(other);
  const commitsBefore = fake.undoCommits;

  await expect(panel.request('finishRun', { runId: 'r1' })).resolves.toEqual({ placed: [targets[0].nodeId] });
  expect(fake.undoCommits).toBe(commitsBefore + 1);
  expect(first.selection.map((n) => n.id)).toEqual([targets[0].nodeId]);
});

it('puts a replacement for a deleted placeholder on the run’s own page, not the one in view', async () => {
  const figma = fake.figma;
  const first = figma.currentPage;

  const { targets } = await panel.request('startRun', { runId: 'r2', label: 'fox', count: 1, width: 100, height: 100, matchSelection: false });
  (await figma.getNodeByIdAsync(targets[0].nodeId))!.remove();
  const other = figma.createPage();
  await figma.setCurrentPageAsync(other);

  const bytes = encodePng(new Uint8Array(4 * 4 * 4).fill(200), 4, 4);
  const { outcomes } = await panel.request('placeImages', { runId: 'r2', items: [{ kind: 'image', nodeId: targets[0].nodeId, bytes, width: 4, height: 4, name: 'fox', recipe }] });
  const outcome = outcomes[0] as { nodeId: string; note?: string };
  expect(outcome.note).toMatch(/placeholder was deleted/);
  expect(first.children.map((n) => n.id)).toContain(outcome.nodeId);
  expect(other.children).toHaveLength(0);
});
