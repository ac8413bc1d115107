import sharp from 'sharp';
import { unzipSync } from 'fflate';
import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { styleModelId, withTrigger, type PendingTraining, type TrainedStyle } from '../../shared/training/style';
import { createTrainingAccess } from '../../ui/replicate/training-access';
import { CANCELED, NO_BILLING, nameTaken, NOT_ENOUGH, resumeTraining, startTraining, type TrainingSnapshot } from '../../ui/training/run-training';
import { imageNodes, startLoop, TOKEN, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());
// Each test renders, zips and trains on several 1024² images: 30-40 s under load.
jest.setTimeout(120_000);

const TRAINER = 'replicate/fast-flux-trainer';

/** Generates `count` images (4 a run) and picks them; answers their ids. */
async function pickResults(count: number, prompt = 'a bold red poster, flat shapes'): Promise<string[]> {
  while (imageNodes(loop.figma).length < count) await loop.generate({ prompt, count: Math.min(4, count - imageNodes(loop.figma).length) });
  const ids = imageNodes(loop.figma).slice(0, count).map((n) => n.id);
  await loop.plugin.request('setPicked', { nodeIds: ids, picked: true });
  return ids;
}

function deps(token = TOKEN) {
  return { plugin: loop.plugin, access: createTrainingAccess({ token, relayUrl: loop.relayUrl, retry: { baseDelayMs: 20, maxDelayMs: 100 } }), pollMs: 30 };
}

async function train(pickIds: string[], label = 'Acme posters', token?: string) {
  const seen: TrainingSnapshot[] = [];
  const handle = startTraining({ pickIds, label, trainer: TRAINER }, deps(token), (s) => seen.push(s));
  return { handle, seen, done: handle.done };
}

const pending = async () => ((await loop.figma.clientStorage.getAsync('pending-trainings')) ?? []) as PendingTraining[];

describe('training a style from picks', () => {
  it('builds the set from the canvas, creates the destination, trains with progress, and the style generates with its recipe naming it', async () => {
    loop = await startLoop({ replicate: { latencyMs: 60 } });
    // Long enough for the panel to see the trainer's log lines while it runs: at 150 ms, on a
    // loaded machine, reading the set took the whole time and the training ended as it started.
    loop.replicate.setLatency(TRAINER, 2000);
    const ids = await pickResults(6);
    const { seen, done } = await train(ids);
    const final = await done;
    expect(final.problem).toBeUndefined();
    expect(final.phase).toBe('succeeded');
    const phases = seen.map((s) => s.phase);
    expect(phases).toEqual(expect.arrayContaining(['preparing', 'uploading', 'starting', 'processing', 'succeeded']));
    expect(phases.indexOf('uploading')).toBeLessThan(phases.indexOf('processing'));
    // The trainer's own log lines, growing while it runs.
    const tails = seen.filter((s) => s.phase === 'processing').map((s) => s.logTail.join('\n'));
    expect(tails.some((t) => /flux_train_replicate:/.test(t))).toBe(true);

    // What Replicate was asked, in order, and the zip it got.
    const calls = loop.replicate.requests.filter((r) => r.path !== '/v1/trainings/' + final.trainingId).map((r) => `${r.method} ${r.path}`);
    const at = (call: string) => calls.findIndex((c) => c.startsWith(call));
    expect(at('GET /v1/account')).toBeGreaterThanOrEqual(0);
    expect(at('POST /v1/models')).toBeLessThan(at('POST /v1/files'));
    expect(at('POST /v1/files')).toBeLessThan(at('POST /v1/models/replicate/fast-flux-trainer/versions/'));
    const created = loop.replicate.requests.find((r) => r.method === 'POST' && r.path === '/v1/models')!.body as Record<string, unknown>;
    expect(created).toMatchObject({ owner: 'test', name: 'acme-posters', visibility: 'private' });
    const trainingBody = loop.replicate.requests.find((r) => r.path.endsWith('/trainings'))!.body as { destination: string; input: Record<string, unknown> };
    expect(trainingBody.destination).toBe('test/acme-posters');
    expect(trainingBody.input).toMatchObject({ trigger_word: 'TOK_ACMEPOSTERS', lora_type: 'style' });
    const zip = unzipSync(new Uint8Array(await (await fetch(String(trainingBody.input.input_images))).arrayBuffer()));
    const pngs = Object.keys(zip).filter((n) => n.endsWith('.png'));
    expect(pngs).toHaveLength(6);
    expect(await sharp(zip[pngs[0]]).metadata()).toMatchObject({ width: 1024, height: 1024 });
    const captions = Object.keys(zip).filter((n) => n.endsWith('.txt')).map((n) => new TextDecoder().decode(zip[n]));
    expect(captions).toEqual(Array(6).fill('a bold red poster, flat shapes, in the style of TOK_ACMEPOSTERS'));

    // Remembered as a style, no longer pending.
    const styles = (await loop.figma.clientStorage.getAsync('trained-styles')) as TrainedStyle[];
    expect(styles).toEqual([expect.objectContaining({ model: 'test/acme-posters', trigger: 'TOK_ACMEPOSTERS', pickIds: ids })]);
    expect(await pending()).toEqual([]);
    expect(JSON.stringify(styles)).not.toContain(TOKEN);

    // Generate with it: the recipe names the trained model and version.
    const before = new Set(imageNodes(loop.figma).map((n) => n.id));
    const run = await loop.generate({ model: styleModelId(styles[0]), prompt: withTrigger('a lighthouse', styles[0].trigger), count: 1 });
    expect(run.variants.map((v) => v.status)).toEqual(['placed']);
    const made = imageNodes(loop.figma).find((n) => !before.has(n.id))!;
    const recipe = parseRecipe(made.getPluginData(RECIPE_KEY))!;
    expect(recipe.model).toBe('test/acme-posters');
    expect(recipe.version).toBe(styles[0].version);
    expect(recipe.prompt).toBe('a lighthouse, in the style of TOK_ACMEPOSTERS');
  });

  it('refuses fewer than 5 picks before anything is sent', async () => {
    loop = await startLoop();
    const ids = await pickResults(4);
    const { done } = await train(ids);
    expect(await done).toMatchObject({ phase: 'failed', problem: NOT_ENOUGH(4) });
    expect(NOT_ENOUGH(4)).toMatch(/at least 5 images.*10–30.*there are 4/);
    expect(loop.replicate.requests.filter((r) => r.path === '/v1/account' || r.path === '/v1/models')).toHaveLength(0);
  });

  it('says so in one sentence when the name is taken, or the account has no billing', async () => {
    loop = await startLoop({ replicate: { noCreditTokens: ['r8_no_billing'] } });
    const ids = await pickResults(5);
    await loop.access.getModel({ owner: 'replicate', name: 'fast-flux-trainer' }).catch(() => undefined);
    const first = await (await train(ids, 'Taken')).done;
    expect(first.phase).not.toBe('failed');
    const again = await (await train(ids, 'Taken')).done;
    expect(again).toMatchObject({ phase: 'failed', problem: nameTaken('test/taken') });
    const broke = await (await train(ids, 'Broke', 'r8_no_billing')).done;
    expect(broke).toMatchObject({ phase: 'failed', problem: NO_BILLING });
  });

  it('cancels a running training: canceled upstream, not pending, no style', async () => {
    loop = await startLoop();
    loop.replicate.setLatency(TRAINER, 5000);
    const ids = await pickResults(5);
    const { handle, seen, done } = await train(ids);
    await until(() => seen.some((s) => s.phase === 'processing'));
    await handle.cancel();
    expect(await done).toMatchObject({ phase: 'canceled', problem: CANCELED });
    expect(await pending()).toEqual([]);
    expect(await loop.figma.clientStorage.getAsync('trained-styles')).toBeUndefined();
  });

  it('ends with the trainer’s own last log line when it fails', async () => {
    loop = await startLoop();
    loop.replicate.setLatency(TRAINER, 300);
    const ids = await pickResults(5);
    // A recipe whose prompt the fake trainer chokes on (out of GPU memory half-way).
    for (const id of ids) {
      const node = (await loop.figma.getNodeByIdAsync(id)) as SceneNode;
      const recipe = JSON.parse(node.getPluginData(RECIPE_KEY));
      node.setPluginData(RECIPE_KEY, JSON.stringify({ ...recipe, prompt: 'posters that explode with colour' }));
    }
    const final = await (await train(ids, 'Boom')).done;
    expect(final.phase).toBe('failed');
    expect(final.problem).toMatch(/^The trainer failed: CUDA out of memory/);
    expect(final.logTail.join('\n')).toMatch(/OutOfMemoryError/);
    expect(await pending()).toEqual([]);
  });

  it('survives closing the plugin: the next launch follows the remembered training to its style', async () => {
    loop = await startLoop();
    loop.replicate.setLatency(TRAINER, 800);
    const ids = await pickResults(5);
    const { seen, done: abandoned } = await train(ids, 'Night style');
    // This panel is gone: whatever its run does when the loop closes under it is nobody's to hear
    // (unobserved, its rejection with Closed ended the whole in-band jest run once).
    void abandoned.catch(() => undefined);
    await until(() => seen.some((s) => s.phase === 'starting' || s.phase === 'processing'));
    // The panel goes away mid-training; what is left is client storage.
    const remembered = await pending();
    expect(remembered).toEqual([expect.objectContaining({ destination: 'test/night-style', trigger: 'TOK_NIGHTSTYLE', pickIds: ids })]);
    const { pending: loaded } = await loop.plugin.request('loadTrainings', {});
    const resumed: TrainingSnapshot[] = [];
    const final = await resumeTraining(loaded[0], deps(), (s) => resumed.push(s)).done;
    expect(final).toMatchObject({ phase: 'succeeded', style: { model: 'test/night-style' } });
    expect(await pending()).toEqual([]);
    expect((await loop.plugin.request('loadTrainings', {})).styles.map((s) => s.model)).toEqual(['test/night-style']);
  });
});

// Generous: preparing and uploading the set took over 8 s on a loaded 2-core machine.
async function until(condition: () => boolean, ms = 25_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
