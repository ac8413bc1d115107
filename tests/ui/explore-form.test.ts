import { signal } from '@preact/signals';
import { createExploreForm } from '../../ui/state/explore-form';
import type { JobSpec } from '../../ui/jobs/job-spec';
import type { Estimate } from '../../ui/state/cost-model';

function form(prompt = 'Ember & Oak coffee logo', options: { budget?: number; answer?: boolean } = {}) {
  const runs: JobSpec[] = [];
  const asked: Estimate[] = [];
  const budget = signal(options.budget ?? 1);
  const explore = createExploreForm({
    prompt: signal(prompt),
    modelId: signal('black-forest-labs/flux-schnell'),
    ratio: signal('1:1'),
    blocker: signal<string | undefined>(undefined),
    run: (spec) => (runs.push(spec), `run-${runs.length}`),
    // As the cost model: within the budget at once, above it the person's answer.
    allowRun: async (estimate) => {
      if (estimate.usd === undefined || estimate.usd <= budget.value) return true;
      asked.push(estimate);
      return options.answer ?? false;
    },
    budget,
    random: () => 0.25,
  });
  return { explore, runs, asked };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the Explore form', () => {
  it('runs a grid of 8 images or fewer at once, as one job whose targets are the cells', async () => {
    const { explore, runs } = form();
    explore.acrossText.value = 'flat geometric mark\nline art\nmascot';
    explore.chooseAxis('down', 'models');
    explore.explore();
    await settle();
    expect(explore.confirming.value).toBeUndefined();
    expect(runs).toHaveLength(1);
    expect(runs[0].cells).toHaveLength(6);
    expect(runs[0].grid).toEqual({ title: 'Ember & Oak coffee logo', columns: ['flat geometric mark', 'line art', 'mascot'], rows: ['FLUX.1 schnell', 'Recraft V3 SVG'], variants: 1 });
    // One random first seed for the whole grid, short enough to read.
    expect(new Set(runs[0].cells!.map((c) => c.seed))).toEqual(new Set([25_000]));
  });

  it('above 8 images, says the count and runs only after a yes; Back runs nothing', () => {
    const { explore, runs } = form();
    explore.variants.value = '2';
    expect(explore.preview.value).toMatchObject({ cells: expect.any(Array) });
    explore.explore();
    expect(runs).toHaveLength(0);
    expect(explore.confirming.value?.count).toBe(12);
    explore.confirm(false);
    expect(runs).toHaveLength(0);
    expect(explore.confirming.value).toBeUndefined();
    explore.explore();
    explore.confirm(true);
    expect(runs).toHaveLength(1);
    expect(runs[0].cells).toHaveLength(12);
  });

  it('the count question says what the grid costs across its models, and when that is above the budget', () => {
    const { explore } = form('Ember & Oak coffee logo', { budget: 0.05 });
    explore.chooseAxis('down', 'models');
    explore.downText.value = 'black-forest-labs/flux-schnell\nblack-forest-labs/flux-dev';
    explore.variants.value = '2';
    explore.explore();
    // 6 styles × 2 models × 2 variants: 12 schnell images at $0.003 and 12 dev at $0.025.
    expect(explore.confirming.value).toMatchObject({ count: 24, estimate: { usd: expect.closeTo(12 * 0.003 + 12 * 0.025, 6) }, overBudget: true });
    explore.confirm(false);
    explore.downText.value = 'black-forest-labs/flux-schnell\nsomeone/unpriced-model';
    explore.explore();
    expect(explore.confirming.value?.estimate).toEqual({ text: 'price unknown for some of its models' });
    expect(explore.confirming.value?.overBudget).toBe(false);
  });

  it('a small grid above the budget asks the budget question and runs only on a yes', async () => {
    const no = form('Ember & Oak coffee logo', { budget: 0.01 });
    no.explore.acrossText.value = 'flat geometric mark\nline art\nmascot\nemblem';
    no.explore.explore();
    await settle();
    expect(no.asked).toEqual([expect.objectContaining({ usd: expect.closeTo(4 * 0.003, 6) })]);
    expect(no.runs).toHaveLength(0);
    const yes = form('Ember & Oak coffee logo', { budget: 0.01, answer: true });
    yes.explore.acrossText.value = 'flat geometric mark\nline art\nmascot\nemblem';
    yes.explore.explore();
    await settle();
    expect(yes.runs).toHaveLength(1);
  });

  it('says what is wrong instead of running: no prompt, a bad axis value, too many images', () => {
    const empty = form('  ');
    empty.explore.explore();
    expect(empty.explore.problem.value).toBe('Type a prompt first.');
    const { explore, runs } = form();
    explore.chooseAxis('down', 'models');
    explore.downText.value = 'flux';
    explore.explore();
    expect(explore.problem.value).toContain('“flux” is not a model');
    explore.downText.value = 'a/b\nc/d\ne/f\ng/h\ni/j';
    explore.explore();
    expect(explore.problem.value).toBe('');
    expect(explore.confirming.value?.count).toBe(30);
    explore.confirm(false);
    explore.variants.value = '2';
    explore.explore();
    expect(explore.problem.value).toMatch(/^That is 60 images; Explore makes at most 48/);
    expect(runs).toHaveLength(0);
  });
});
