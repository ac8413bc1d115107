/**
 * @jest-environment jsdom
 */
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { openPanel, settle } from '../support/panel-harness';
import type { HistoryEntry } from '../../shared/history';
import { OTHER_MODEL } from '../../ui/state/panel-model';
import { EMPTY_BRAND_KIT } from '../../shared/logo/brand-kit';

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const prompt = () => screen.getByLabelText('Prompt') as HTMLTextAreaElement;
const generateButton = () => screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement;
async function press(button: HTMLElement): Promise<void> {
  fireEvent.click(button);
  await settle();
}
const chooseModel = (id: string) => fireEvent.change(screen.getByLabelText('Model'), { target: { value: id } });

describe('cost before a run', () => {
  it('shows the estimate beside Generate: variants × the model’s price, or “price unknown”', async () => {
    await openPanel();
    type(screen.getByLabelText('Variants'), '2');
    await settle();
    expect(document.querySelector('.estimate')?.textContent).toBe('≈ $0.006 (2 × $0.003)');
    chooseModel(OTHER_MODEL);
    type(screen.getByLabelText('Model name (owner/name)'), 'someone/new-model');
    await settle();
    expect(document.querySelector('.estimate')?.textContent).toBe('price unknown');
  });

  it('a run estimated above the budget asks first in the panel; “Don’t run” starts nothing, “Run anyway” starts it', async () => {
    const { started } = await openPanel({ answers: { loadBudget: () => ({ usd: 0.05 }) } });
    chooseModel('black-forest-labs/flux-dev');
    type(prompt(), 'a fox');
    type(screen.getByLabelText('Variants'), '4');
    await press(generateButton());
    const ask = screen.getByRole('alertdialog', { name: 'Above your budget' });
    expect(ask.textContent).toContain('estimated at $0.10, above your budget of $0.05 a run');
    expect(started).toHaveLength(0);
    await press(within(ask).getByRole('button', { name: 'Don’t run' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(started).toHaveLength(0);
    await press(generateButton());
    await press(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Run anyway' }));
    expect(started.map((s) => [s.spec.model, s.spec.count])).toEqual([['black-forest-labs/flux-dev', 4]]);
  });

  it('a run within the budget (default $1) starts without asking', async () => {
    const { started } = await openPanel();
    type(prompt(), 'a fox');
    type(screen.getByLabelText('Variants'), '4');
    await press(generateButton());
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(started).toHaveLength(1);
  });

  it('the budget is set in Settings; nonsense is refused with a reason', async () => {
    const { requests, model } = await openPanel();
    await act(() => void (model.settingsOpen.value = true));
    const budget = screen.getByLabelText('Budget per run (US$)') as HTMLInputElement;
    expect(budget.value).toBe('1');
    type(budget, 'lots');
    await press(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByText('The budget is an amount in US dollars, like 1 or 0.50.')).toBeTruthy();
    type(budget, '$0.25');
    await press(screen.getByRole('button', { name: 'Save settings' }));
    expect(requests.filter((r) => r.name === 'saveBudget').map((r) => r.payload)).toEqual([{ usd: 0.25 }]);
    expect(model.cost.budget.value).toBe(0.25);
  });
});

describe('after a run', () => {
  it('the job card says what it cost, and the session total counts each finished run once', async () => {
    const { model } = await openPanel();
    const spec = { tool: 'generate' as const, model: 'black-forest-labs/flux-schnell', prompt: 'a fox', count: 2, shape: { kind: 'ratio' as const, ratio: '1:1' } };
    await act(() => {
      model.jobList.update({ id: 'j1', spec, phase: 'done', variants: [{ status: 'placed', nodeId: '1:1' }, { status: 'placed', nodeId: '1:2' }], cost: 0.006 });
      model.jobList.update({ id: 'j2', spec: { ...spec, prompt: 'a whale' }, phase: 'done', variants: [{ status: 'placed', nodeId: '1:3' }], costUnknown: true });
    });
    await settle();
    expect(within(screen.getByRole('article', { name: 'a fox' })).getByText('Cost: $0.006')).toBeTruthy();
    expect(within(screen.getByRole('article', { name: 'a whale' })).getByText('Cost: price unknown')).toBeTruthy();
    await act(() => model.jobList.update({ id: 'j1', spec, phase: 'done', variants: [], cost: 0.006 }));
    expect(model.cost.sessionSpent.value).toBeCloseTo(0.006, 9);
    expect(model.cost.sessionText.value).toBe('$0.006 + runs of unknown price');
  });
});

const entries: HistoryEntry[] = [
  { nodeId: '5:1', pageId: '0:1', prompt: 'a red fox in snow', model: 'black-forest-labs/flux-schnell', tool: 'generate', seed: 42, createdAt: Date.now() - 120_000, cost: 0.003, ratio: '16:9' },
  { nodeId: '5:2', pageId: '0:1', prompt: 'fox logo, flat', model: 'recraft-ai/recraft-v3-svg', tool: 'generate', seed: 7, createdAt: Date.now() - 60_000, picked: true },
  { nodeId: '5:3', pageId: '0:2', prompt: 'a whale', model: 'someone/new-model', tool: 'generate', createdAt: Date.now() - 30_000 },
];

async function openHistory() {
  const panel = await openPanel({
    answers: {
      listHistory: () => ({ file: entries, recent: [], fileSpent: 0.5, currentPageId: '0:1', pages: [{ id: '0:1', name: 'Page 1' }, { id: '0:2', name: 'Moodboard' }] }),
      historyThumbnail: () => ({}),
      selectNodes: () => ({ selected: 1, missing: 0 }),
      // The Refine tab shows the logo tools, which read the brand kit.
      loadBrandKit: () => EMPTY_BRAND_KIT,
      listPicks: () => ({ picks: [] }),
    },
  });
  await press(screen.getByRole('tab', { name: 'History' }));
  return panel;
}
const rows = () => within(screen.getByRole('list', { name: 'Generations in this file' })).queryAllByRole('listitem');
const rowPrompts = () => rows().map((r) => r.querySelector('.history-prompt')?.textContent);

describe('History tab', () => {
  it('lists the file’s generations newest first, with model, seed, time, cost, and the page of those elsewhere', async () => {
    await openHistory();
    expect(rowPrompts()).toEqual(['a whale', '★ fox logo, flat', 'a red fox in snow']);
    const meta = rows().map((r) => r.querySelector('.history-meta')?.textContent);
    expect(meta[2]).toBe('FLUX.1 schnell · seed 42 · 2 min ago · $0.003');
    expect(meta[0]).toContain('price unknown');
    expect(meta[0]).toContain('on Moodboard');
    expect(screen.getByText(/in this file/).textContent).toContain('$0.50 in this file');
  });

  it('searches by prompt and filters by model and picked', async () => {
    await openHistory();
    type(screen.getByLabelText('Search prompts'), 'fox');
    await settle();
    expect(rowPrompts()).toEqual(['★ fox logo, flat', 'a red fox in snow']);
    fireEvent.change(screen.getAllByLabelText('Model').find((el) => el.closest('.history'))!, { target: { value: 'black-forest-labs/flux-schnell' } });
    await settle();
    expect(rowPrompts()).toEqual(['a red fox in snow']);
    fireEvent.change(screen.getAllByLabelText('Model').find((el) => el.closest('.history'))!, { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Picked only'));
    await settle();
    expect(rowPrompts()).toEqual(['★ fox logo, flat']);
  });

  it('clicking a row selects its layer on the canvas', async () => {
    const { requests } = await openHistory();
    await press(screen.getByRole('button', { name: 'Select “a red fox in snow” on the canvas' }));
    expect(requests.filter((r) => r.name === 'selectNodes').map((r) => r.payload)).toEqual([{ nodeIds: ['5:1'] }]);
  });

  it('Reuse fills the Generate form with the recipe: prompt, model, seed and ratio', async () => {
    await openHistory();
    await press(screen.getByRole('button', { name: 'Reuse “a red fox in snow”' }));
    expect(screen.getByRole('tab', { name: 'Generate' }).getAttribute('aria-selected')).toBe('true');
    expect(prompt().value).toBe('a red fox in snow');
    expect((screen.getByLabelText('Model') as HTMLSelectElement).value).toBe('black-forest-labs/flux-schnell');
    expect((screen.getByLabelText('Seed') as HTMLInputElement).value).toBe('42');
    expect((screen.getByLabelText('Aspect ratio') as HTMLSelectElement).value).toBe('16:9');
  });

  it('Refine selects the layer and opens the Refine tab', async () => {
    const { requests } = await openHistory();
    await press(screen.getByRole('button', { name: 'Refine “fox logo, flat”' }));
    expect(requests.filter((r) => r.name === 'selectNodes').map((r) => r.payload)).toEqual([{ nodeIds: ['5:2'] }]);
    expect(screen.getByRole('tab', { name: 'Refine' }).getAttribute('aria-selected')).toBe('true');
  });
});
