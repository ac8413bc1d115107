import { createPacer } from '../../ui/jobs/pacer';
import { startJob, type PluginPort } from '../../ui/jobs/run-job';
import type { ReplicateAccess } from '../../ui/replicate/client';
import type { Recipe } from '../../shared/recipe';
import { readCapabilities } from '../../shared/models/capabilities';
import { MODELS } from '../fakes/replicate/models';
import { HARDWARE } from '../../shared/models/prices';

/** A run of `model` whose one prediction returns two images and reports `metrics`. */
async function run(model: string, metrics?: Record<string, number>) {
  const recipes: Recipe[] = [];
  const plugin: PluginPort = {
    request: (async (name: string, payload: { items?: { recipe: Recipe; nodeId: string }[] }) => {
      if (name === 'startRun') return { targets: [1, 2].map((n) => ({ nodeId: `1:${n}`, width: 100, height: 100, kind: 'placeholder' })) };
      if (name === 'placeImages') {
        recipes.push(...payload.items!.map((i) => i.recipe));
        return { outcomes: payload.items!.map((i) => ({ nodeId: i.nodeId })) };
      }
      if (name === 'finishRun') return { placed: [] };
      return undefined;
    }) as PluginPort['request'],
  };
  const schema = MODELS.get('black-forest-labs/flux-schnell')!.schema;
  const prediction = { id: 'p1', status: 'succeeded', output: ['https://x/1.png', 'https://x/2.png'], ...(metrics ? { metrics } : {}) };
  const replicate = {
    getModel: async () => ({ id: model, capabilities: readCapabilities(schema as never) }),
    createPrediction: async () => prediction,
    getPrediction: async () => prediction,
    cancelPrediction: async () => undefined,
    download: async () => new Uint8Array(),
  } as unknown as ReplicateAccess;
  const spec = { tool: 'generate' as const, model, prompt: 'a fox', count: 2, shape: { kind: 'ratio' as const, ratio: '1:1' } };
  const job = await startJob(spec, { plugin, replicate, toPlaceable: async () => ({ kind: 'raster', bytes: new Uint8Array([1]), width: 100, height: 100 }), pacer: createPacer() }, () => undefined).done;
  return { job, recipes };
}

describe('what a run cost', () => {
  it('a per-image model: images returned × its price, each layer’s recipe keeping its share', async () => {
    const { job, recipes } = await run('black-forest-labs/flux-schnell', { predict_time: 9 });
    expect(job.cost).toBeCloseTo(0.006, 9);
    expect(job.costUnknown).toBeUndefined();
    expect(recipes.map((r) => r.cost)).toEqual([0.003, 0.003]);
  });

  it('a time-billed model: the prediction’s own predict_time × its hardware’s price', async () => {
    const { job, recipes } = await run('nightmareai/real-esrgan', { predict_time: 4 });
    expect(job.cost).toBeCloseTo(4 * HARDWARE.t4.usdPerSecond, 12);
    expect(recipes[0].cost).toBeCloseTo(2 * HARDWARE.t4.usdPerSecond, 12);
  });

  it('a model without a known price: the run says so and its recipes claim no cost', async () => {
    const { job, recipes } = await run('someone/new-model');
    expect(job.cost).toBeUndefined();
    expect(job.costUnknown).toBe(true);
    expect(recipes.every((r) => r.cost === undefined)).toBe(true);
  });
});
