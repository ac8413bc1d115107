/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, within } from '@testing-library/preact';
import { openPanel, settle } from '../support/panel-harness';
import type { HistoryEntry } from '../../shared/history';
import type { TrainedStyle } from '../../shared/training/style';
import { EMPTY_BRAND_KIT } from '../../shared/logo/brand-kit';

const now = Date.now();
const pickIds = Array.from({ length: 10 }, (_, i) => `5:${i + 1}`);
const style: TrainedStyle = {
  model: 'ana/terracotta',
  version: 'abcdef0123456789',
  label: 'Terracotta',
  trigger: 'TOK_TERRACOTTA',
  trainer: 'replicate/fast-flux-trainer',
  trainedAt: now - 30_000,
  pickIds,
};
const picked: HistoryEntry[] = pickIds.map((nodeId, i) => ({
  nodeId, pageId: '0:1', prompt: `terracotta poster ${i + 1}`, model: 'black-forest-labs/flux-schnell', tool: 'generate', createdAt: now - 600_000 + i, picked: true,
}));
const styled: HistoryEntry = {
  nodeId: '9:1', pageId: '0:1', prompt: 'a jazz night poster, in the style of TOK_TERRACOTTA', model: 'ana/terracotta:abcdef0123456789', tool: 'generate', seed: 3, createdAt: now - 10_000,
};
const plain: HistoryEntry = { nodeId: '9:2', pageId: '0:1', prompt: 'a plain fox', model: 'black-forest-labs/flux-schnell', tool: 'generate', createdAt: now - 20_000 };

async function press(button: HTMLElement): Promise<void> {
  fireEvent.click(button);
  await settle();
}

async function openHistory(selectNodes: (payload: unknown) => unknown = () => ({ selected: 10, missing: 0 })) {
  const panel = await openPanel({
    answers: {
      loadTrainings: () => ({ pending: [], styles: [style] }),
      listHistory: () => ({ file: [...picked, styled, plain], recent: [], fileSpent: 0, currentPageId: '0:1', pages: [{ id: '0:1', name: 'Page 1' }] }),
      historyThumbnail: () => ({}),
      selectNodes,
      loadBrandKit: () => EMPTY_BRAND_KIT,
      listPicks: () => ({ picks: [] }),
      exportTrainingImages: () => ({ images: [], missing: 0 }),
    },
  });
  await press(screen.getByRole('tab', { name: 'History' }));
  return panel;
}
const row = (prompt: string) =>
  within(screen.getByRole('list', { name: 'Generations in this file' }))
    .getAllByRole('listitem')
    .find((li) => li.querySelector('.history-prompt')?.textContent?.replace(/^★ /, '') === prompt)!;

describe('History shows which picks trained a style', () => {
  it('a row made with a trained style names the style and offers the picks that trained it; plain rows say nothing more', async () => {
    await openHistory();
    const made = row(styled.prompt);
    expect(made.querySelector('.history-meta')?.textContent).toMatch(/^Terracotta · seed 3 · /);
    expect(within(made).getByTestId('history-lineage').textContent).toBe('Your style · Trained from 10 picks');
    expect(within(made).getByTestId('history-style').getAttribute('title')).toBe('Made with Terracotta, a style you trained (ana/terracotta)');
    expect(within(row(plain.prompt)).queryByTestId('history-lineage')).toBeNull();
  });

  it('“Trained from 10 picks” selects those layers and says so', async () => {
    const { requests } = await openHistory();
    await press(within(row(styled.prompt)).getByRole('button', { name: 'Trained from 10 picks' }));
    expect(requests.filter((r) => r.name === 'selectNodes').map((r) => r.payload)).toEqual([{ nodeIds: pickIds }]);
    expect(screen.getByText('Selected the 10 picks that trained Terracotta.')).toBeTruthy();
  });

  it('says how many of the picks were deleted, or are on other pages', async () => {
    await openHistory(() => ({ selected: 6, missing: 3 }));
    await press(within(row(styled.prompt)).getByRole('button', { name: 'Trained from 10 picks' }));
    expect(screen.getByText('Selected 6 of the 10 picks that trained Terracotta; 3 were deleted; 1 is on other pages.')).toBeTruthy();
  });

  it('says so when every pick is gone', async () => {
    await openHistory(() => ({ selected: 0, missing: 10 }));
    await press(within(row(styled.prompt)).getByRole('button', { name: 'Trained from 10 picks' }));
    expect(screen.getByText('The 10 picks that trained Terracotta are gone from this file: deleted, or picked in another file.')).toBeTruthy();
  });

  it('a picked image used in a training says “Trained Terracotta”', async () => {
    await openHistory();
    expect(within(row('terracotta poster 4')).getByTestId('history-trained').textContent).toBe('Trained Terracotta');
    expect(within(row('terracotta poster 4')).getByTestId('history-lineage').textContent).toBe('Trained Terracotta');
  });
});

describe('Train a style from History', () => {
  it('with “Picked only” on, trains on the picks in view, through the same form and the same question', async () => {
    const { requests, model } = await openHistory();
    expect(screen.queryByTestId('history-train-from-picks')).toBeNull();
    fireEvent.click(screen.getByLabelText('Picked only'));
    await settle();
    await press(screen.getByRole('button', { name: 'Train a style from these 10 picks…' }));
    fireEvent.input(screen.getByLabelText('Style name'), { target: { value: 'Terracotta 2' } });
    await press(screen.getByRole('button', { name: 'Train on 10 picks' }));
    const ask = screen.getByRole('alertdialog', { name: 'Start this training?' });
    expect(ask.textContent).toContain('Train “Terracotta 2” on 10 images');
    await press(within(ask).getByRole('button', { name: 'Start training' }));
    const exported = requests.filter((r) => r.name === 'exportTrainingImages').map((r) => (r.payload as { nodeIds: string[] }).nodeIds);
    expect(exported).toHaveLength(1);
    expect([...exported[0]].sort()).toEqual([...pickIds].sort());
    // Still in History, where the training's card shows.
    expect(model.mode.value).toBe('history');
    expect(screen.getByRole('status', { name: 'Training Terracotta 2' })).toBeTruthy();
    // Unticking "Picked only" gives the list its room back; the card stays in the Refine tab.
    fireEvent.click(screen.getByLabelText('Picked only'));
    await settle();
    expect(screen.queryByRole('heading', { name: 'Train a style' })).toBeNull();
    await press(screen.getByRole('tab', { name: 'Refine' }));
    expect(screen.getByRole('status', { name: 'Training Terracotta 2' })).toBeTruthy();
  });

  it('the search narrows which picks it trains on', async () => {
    await openHistory();
    fireEvent.click(screen.getByLabelText('Picked only'));
    fireEvent.input(screen.getByLabelText('Search prompts'), { target: { value: 'poster 1' } });
    await settle();
    // "poster 1" and "poster 10".
    expect(screen.getByTestId('history-train-from-picks').textContent).toBe('Train a style from these 2 picks…');
  });
});
