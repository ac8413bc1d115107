import { signal } from '@preact/signals';
import { createDesignModel } from '../../ui/state/design-model';
import type { Estimate } from '../../ui/state/cost-model';
import type { JobSpec } from '../../ui/jobs/job-spec';
import type { PluginChannel } from '../../ui/plugin-channel';
import { DESIGN_RECIPE_VERSION } from '../../shared/design/recipe';

// The design model only needs signals; @preact/signals pulls in Preact's ESM-only build.
jest.mock('@preact/signals', () => jest.requireActual('@preact/signals-core'));

/**
 * New images on a generated design reruns its image slots: how many is known before anything
 * runs, so the budget has its say first, like Generate's.
 */
const slots = [1, 2, 3].map((i) => ({ nodeId: `9:${i}`, prompt: `photo ${i}`, name: `Image ${i}`, width: 400, height: 300 }));
const recipe = {
  v: DESIGN_RECIPE_VERSION,
  prompt: 'landing page for a bike shop',
  llm: 'anthropic/claude-4-sonnet',
  imageModel: 'black-forest-labs/flux-dev',
  width: 1440,
  height: 1024,
  useFileStyles: false,
  alternative: 0,
  createdAt: '2026-12-01T00:00:00Z',
};

function designModel(answer: boolean) {
  const started: JobSpec[] = [];
  const asked: { estimate: Estimate; what: string }[] = [];
  const plugin = {
    request: async (name: string) => (name === 'readDesign' ? { recipe, slots } : undefined),
    emit: () => undefined,
    on: () => () => undefined,
  } as unknown as PluginChannel;
  const model = createDesignModel({
    plugin,
    access: () => undefined,
    demo: () => false,
    selection: signal([]),
    imageModel: signal('black-forest-labs/flux-schnell'),
    startImageJob: (spec) => {
      started.push(spec);
      return { id: `job-${started.length}`, cancel: () => undefined, done: Promise.resolve() } as never;
    },
    ready: Promise.resolve(),
    onStart: () => undefined,
    showDesignTab: () => undefined,
    askFirst: (_question, start) => start(),
    allowRun: async (estimate, what) => {
      asked.push({ estimate, what });
      return answer;
    },
  });
  return { model, started, asked };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

it('asks the budget with the slots’ estimate at the recipe’s image model, and runs nothing on a no', async () => {
  const { model, started, asked } = designModel(false);
  await model.newImages('9:0');
  await settle();
  expect(asked).toEqual([{ estimate: expect.objectContaining({ usd: expect.closeTo(3 * 0.025, 6) }), what: 'New images for its 3 slots' }]);
  expect(started).toHaveLength(0);
});

it('on a yes, one image job per slot with the recipe’s image model', async () => {
  const { model, started } = designModel(true);
  await model.newImages('9:0');
  await settle();
  expect(started.map((s) => [s.model, s.shape])).toEqual(slots.map((s) => ['black-forest-labs/flux-dev', { kind: 'slots', nodeIds: [s.nodeId], width: 400, height: 300 }]));
});
