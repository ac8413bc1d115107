import { createFigmaFake, memoryBacking, type FigmaFake, type ClientStorageBacking } from '../fakes/figma';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import type { PendingPrediction } from '../../shared/messages/contract';
import manifest from '../../manifest.json';
import { waitFor } from '../support/wait-for';

/**
 * clientStorage is per user and plugin, not per file. A run left unfinished in file A must
 * not be dropped because the plugin was opened in file B first: it belongs to file A.
 */
let fake: FigmaFake | undefined;
let panel: PluginChannel | undefined;
afterEach(() => quit());

function quit() {
  panel?.close();
  fake?.close();
  fake?.uninstall();
  panel = fake = undefined;
}

function open(storage: ClientStorageBacking, documentFake?: FigmaFake) {
  fake = documentFake ?? createFigmaFake({ command: 'open', storage, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  startController('open');
  panel = connectToPlugin({ send: (m) => fake!.ui.post(m), listen: (r) => fake!.ui.onMessage(r) });
  const offers: { items: PendingPrediction[]; skipped: number }[] = [];
  panel.on('resume', (offer) => offers.push(offer));
  panel.emit('ready', {});
  return { figma: fake.figma, offers };
}

// Only for asserting absence (no offer is made): a window for a wrong offer to arrive in.
const settle = () => new Promise((r) => setTimeout(r, 30));

it('keeps a file’s unfinished predictions when the plugin opens in another file', async () => {
  const storage = memoryBacking();

  // File A: a run whose prediction was created, then the plugin closed.
  const fileA = createFigmaFake({ command: 'open', storage, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  open(storage, fileA);
  const { targets } = await panel!.request('startRun', { runId: 'r1', label: 'fox', count: 1, width: 100, height: 100, matchSelection: false });
  await panel!.request('trackPrediction', {
    predictionId: 'pred-a', createdAt: Date.now(), model: 'black-forest-labs/flux-schnell', tool: 'generate',
    prompt: 'fox', name: 'fox', input: { prompt: 'fox' }, slots: [{ nodeId: targets[0].nodeId, outputIndex: 0 }],
  });
  quit();

  // File B: nothing of file A's is here.
  const b = open(storage);
  await settle();
  expect(b.offers.flatMap((o) => o.items)).toEqual([]);
  expect(b.offers.reduce((n, o) => n + o.skipped, 0)).toBe(0);
  quit();

  // Back in file A, the run is offered to finish.
  const a = open(storage, fileA);
  await waitFor(() => a.offers.length > 0, 10_000, 'the offer to finish');
  expect(a.offers.flatMap((o) => o.items).map((i) => i.predictionId)).toEqual(['pred-a']);
});

