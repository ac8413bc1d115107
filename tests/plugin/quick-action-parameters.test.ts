import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { packEntry, type HistoryEntry } from '../../shared/history';
import { PRESETS } from '../../shared/models/catalogue';
import { QUICK_ACTION_MAX_VARIANTS } from '../../shared/messages/quick-action-messages';
import { MAX_VARIANTS } from '../../ui/jobs/job-spec';
import manifest from '../../manifest.json';

/**
 * "Generate images" from Figma's command palette: while the person types its parameters the
 * plugin runs in query mode (no visible UI) and answers each keystroke with suggestions.
 * Driven through plugin/main.ts as Figma loads it, with the manifest's own parameter list.
 */
let fake: FigmaFake;
afterEach(() => fake?.uninstall());

const generateCommand = manifest.menu.find((item) => 'command' in item && item.command === 'open') as {
  parameters: { key: string; allowFreeform?: boolean; optional?: boolean }[];
  parameterOnly?: boolean;
};

function entry(prompt: string, createdAt: number): HistoryEntry {
  return { nodeId: `1:${createdAt}`, pageId: '0:1', prompt, model: 'black-forest-labs/flux-schnell', tool: 'generate', createdAt };
}

async function loadInQueryMode(recent: HistoryEntry[] = []): Promise<FigmaFake> {
  fake = createFigmaFake({ command: 'open', queryMode: true, parameters: generateCommand.parameters });
  fake.install();
  await fake.figma.clientStorage.setAsync('recent-runs', recent.map(packEntry));
  jest.isolateModules(() => require('../../plugin/main'));
  return fake;
}

describe('quick action parameters', () => {
  it('the manifest declares prompt (freeform), then optional model and variants, on "Generate images", and keeps the menu opening the form', () => {
    expect(generateCommand.parameterOnly).toBe(false);
    expect(generateCommand.parameters).toEqual([
      expect.objectContaining({ key: 'prompt', allowFreeform: true }),
      expect.objectContaining({ key: 'model', optional: true }),
      expect.objectContaining({ key: 'variants', optional: true }),
    ]);
    expect(generateCommand.parameters[1].allowFreeform).toBeUndefined();
    expect(generateCommand.parameters[2].allowFreeform).toBeUndefined();
    expect(QUICK_ACTION_MAX_VARIANTS).toBe(MAX_VARIANTS);
  });

  it('prompt: the recent prompts that contain what is typed, newest first, each once; nothing shown meanwhile', async () => {
    await loadInQueryMode([
      entry('a red fox in snow', 3),
      entry('isometric office, pastel', 2),
      entry('a red fox in snow', 1),
      entry('Fox mascot, flat', 0),
    ]);
    const answer = await fake.input('prompt', 'fox');
    expect(answer.suggestions).toEqual(['a red fox in snow', 'Fox mascot, flat']);
    expect(answer.loadingMessages).toEqual(['Reading your recent prompts…']);
    expect((await fake.input('prompt', '')).suggestions).toHaveLength(3);
    // Query mode: the panel is not opened while parameters are typed.
    expect(fake.showUICalls).toEqual([]);
    expect(fake.listenerErrors).toEqual([]);
  });

  it('prompt: with no recent runs, no suggestions (any typed prompt is still accepted)', async () => {
    await loadInQueryMode();
    expect((await fake.input('prompt', 'a lighthouse')).suggestions).toEqual([]);
  });

  it('model: the presets, matched on name, id and purpose, each giving its id; a typed owner/name is offered too', async () => {
    await loadInQueryMode();
    const all = await fake.input('model', '', { prompt: 'a fox' });
    expect(all.suggestions).toEqual(PRESETS.map((p) => ({ name: `${p.label} · ${p.blurb}`, data: p.id })));

    const ideogram = await fake.input('model', 'ideogram');
    expect(ideogram.suggestions).toEqual([
      expect.objectContaining({ data: 'ideogram-ai/ideogram-v3-quality' }),
      expect.objectContaining({ data: 'ideogram-ai/ideogram-v3-turbo' }),
    ]);
    expect((await fake.input('model', 'vectors svg')).suggestions).toEqual([expect.objectContaining({ data: 'recraft-ai/recraft-v3-svg' })]);

    const typed = await fake.input('model', 'acme/house-style');
    expect(typed.suggestions).toEqual([{ name: 'acme/house-style', data: 'acme/house-style' }]);
    // A preset typed by id is offered once, as the preset.
    expect((await fake.input('model', 'black-forest-labs/flux-schnell')).suggestions).toEqual([
      { name: 'FLUX.1 schnell · Fast drafts, 4 at a time', data: 'black-forest-labs/flux-schnell' },
    ]);
  });

  it('model: text that is neither a preset nor owner/name is an error, so the palette does not move on', async () => {
    await loadInQueryMode();
    const answer = await fake.input('model', 'midjourney please');
    expect(answer.suggestions).toBeUndefined();
    expect(answer.error).toBe('No model matches “midjourney please”. Pick a preset, or type one as owner/name.');
  });

  it('variants: 1 to 8, the value being the number; anything else is an error', async () => {
    await loadInQueryMode();
    const all = await fake.input('variants', '');
    expect(all.suggestions).toEqual(Array.from({ length: 8 }, (_, i) => ({ name: i === 0 ? '1 image' : `${i + 1} images`, data: i + 1 })));
    expect((await fake.input('variants', ' 3 ')).suggestions).toEqual([{ name: '3 images', data: 3 }]);
    for (const bad of ['0', '9', '12', '-1', '2.5', 'four']) {
      const answer = await fake.input('variants', bad);
      expect(answer).toEqual({ error: 'Variants: a whole number from 1 to 8.', loadingMessages: [] });
    }
  });
});
