import { signal } from '@preact/signals';
import { createExploreForm } from '../../ui/state/explore-form';
import type { JobSpec } from '../../ui/jobs/job-spec';

function form(prompt = 'Ember & Oak coffee logo') {
  const runs: JobSpec[] = [];
  const explore = createExploreForm({
    prompt: signal(prompt),
    modelId: signal('black-forest-labs/flux-schnell'),
    ratio: signal('1:1'),
    blocker: signal<string | undefined>(undefined),
    run: (spec) => (runs.push(spec), `run-${runs.length}`),
    random: () => 0.25,
  });
  return { explore, runs };
}

describe('the Explore form', () => {
  it('runs a grid of 8 images or fewer at once, as one job whose targets are the cells', () => {
    const { explore, runs } = form();
    explore.acrossText.value = 'flat geometric mark\nline art\nmascot';
    explore.chooseAxis('down', 'models');
    explore.explore();
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
