import { signal } from '@preact/signals';
import { createLogoModel } from '../../ui/state/logo-model';
import type { JobSpec } from '../../ui/jobs/job-spec';
import type { NodeSummary } from '../../shared/messages/contract';
import type { PluginChannel } from '../../ui/plugin-channel';

/** A controller that answers the logo requests from memory. */
function stubPlugin(answers: Record<string, unknown>) {
  const sent: { name: string; payload: unknown }[] = [];
  const plugin = {
    request: async (name: string, payload: unknown) => {
      sent.push({ name, payload });
      return answers[name];
    },
    on: () => () => undefined,
  } as unknown as PluginChannel;
  return { plugin, sent };
}

const generated: NodeSummary = {
  id: '1:2', name: 'Fox logo', type: 'RECTANGLE', width: 512, height: 512, hasImage: true, locked: false,
  recipe: { v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'fox logo', input: { prompt: 'fox logo', seed: 4 }, seed: 4, outputIndex: 0, predictionId: 'p', createdAt: 'x' },
};

describe('logo model', () => {
  it('new images take the saved kit’s colours, unless the person unticks it; refinements never do', async () => {
    const { plugin, sent } = stubPlugin({ saveBrandKit: {}, listPicks: { picks: [] } });
    const logo = createLogoModel({ plugin, selection: signal([]), run: () => '', refine: () => undefined });
    logo.paletteText.value = '#1D3557, e63946';
    await logo.saveKit();
    expect(sent.find((s) => s.name === 'saveBrandKit')?.payload).toEqual({ colors: ['#1d3557', '#e63946'], name: '', font: 'Inter' });
    const spec = { tool: 'generate', model: 'm/n', prompt: 'a fox', count: 1, shape: { kind: 'ratio', ratio: '1:1' } } as JobSpec;
    expect(logo.withBrandColours(spec).brandColors).toEqual(['#1d3557', '#e63946']);
    expect(logo.withBrandColours({ ...spec, tool: 'vary' }).brandColors).toBeUndefined();
    logo.useKitColours.value = false;
    expect(logo.withBrandColours(spec).brandColors).toBeUndefined();
  });

  it('a palette with a word that is not a colour is not saved, and the word is named', async () => {
    const { plugin, sent } = stubPlugin({ listPicks: { picks: [] } });
    const logo = createLogoModel({ plugin, selection: signal([]), run: () => '', refine: () => undefined });
    logo.paletteText.value = '#1d3557, blurple';
    await logo.saveKit();
    expect(logo.kitProblem.value).toMatch(/blurple/);
    expect(sent.some((s) => s.name === 'saveBrandKit')).toBe(false);
  });

  it('More like picks runs each pick’s own recipe with new seeds, beside it', async () => {
    const { plugin } = stubPlugin({ listPicks: { picks: [generated] } });
    const runs: JobSpec[] = [];
    const logo = createLogoModel({ plugin, selection: signal([]), run: (spec) => (runs.push(spec), 'run'), refine: () => undefined });
    await logo.refreshPicks();
    logo.moreLikePicks();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ tool: 'vary', model: 'black-forest-labs/flux-schnell', prompt: 'fox logo', besideNodeId: '1:2', parentId: '1:2', count: 2 });
    expect(runs[0].source).toBeUndefined();
  });
});
