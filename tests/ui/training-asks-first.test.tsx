/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, within } from '@testing-library/preact';
import { openPanel, settle } from '../support/panel-harness';
import { EMPTY_BRAND_KIT } from '../../shared/logo/brand-kit';
import { priceOf } from '../../shared/models/prices';
import { DEFAULT_TRAINER } from '../../shared/training/style';

const pick = (n: number) => ({ id: `7:${n}`, name: `Pick ${n}`, width: 512, height: 512, hasImage: true, type: 'RECTANGLE', locked: false });
const picks = Array.from({ length: 6 }, (_, i) => pick(i + 1));

async function press(button: HTMLElement): Promise<void> {
  fireEvent.click(button);
  await settle();
}

async function openTrainForm() {
  const panel = await openPanel({
    answers: {
      loadTrainings: () => ({ pending: [], styles: [] }),
      listPicks: () => ({ picks }),
      loadBrandKit: () => EMPTY_BRAND_KIT,
      // Answered, so a training that starts stops here, before anything is uploaded.
      exportTrainingImages: () => ({ images: [], missing: 6 }),
    },
  });
  await press(screen.getByRole('tab', { name: 'Refine' }));
  await press(screen.getByRole('button', { name: 'Train a style…' }));
  fireEvent.input(screen.getByLabelText('Style name'), { target: { value: 'Acme posters' } });
  await settle();
  return panel;
}

describe('a training always asks first, with its estimate', () => {
  it('the fast FLUX trainer is priced as data: by the second of an H100, from Replicate’s pricing page', () => {
    expect(priceOf(DEFAULT_TRAINER)).toMatchObject({ per: 'second', hardware: 'h100', source: expect.stringContaining('replicate.com/pricing') });
  });

  it('states what it trains, with which trainer and steps, and the rate; “Don’t train” exports and uploads nothing', async () => {
    const { requests, model } = await openTrainForm();
    fireEvent.input(screen.getByLabelText('Steps'), { target: { value: '800' } });
    await press(screen.getByRole('button', { name: 'Train on 6 picks' }));

    const ask = screen.getByRole('alertdialog', { name: 'Start this training?' });
    expect(ask.querySelector('p')?.textContent).toBe(
      'Train “Acme posters” on 6 images with replicate/fast-flux-trainer, 800 steps. It is billed by the second on an Nvidia H100, about $0.092 a minute; Replicate does not say in advance how long it runs. Start it?',
    );
    // Within the $1 budget, and it asks all the same.
    expect(model.cost.budget.value).toBe(1);
    await press(within(ask).getByRole('button', { name: 'Don’t train' }));

    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(requests.map((r) => r.name)).not.toContain('exportTrainingImages');
    expect(model.training.trainings.value).toEqual([]);
    // The form stays as it was, to change and try again.
    expect((screen.getByLabelText('Style name') as HTMLInputElement).value).toBe('Acme posters');
  });

  it('“Start training” starts it on the picks', async () => {
    const { requests } = await openTrainForm();
    await press(screen.getByRole('button', { name: 'Train on 6 picks' }));
    await press(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Start training' }));
    expect(requests.filter((r) => r.name === 'exportTrainingImages').map((r) => (r.payload as { nodeIds: string[] }).nodeIds)).toEqual([
      picks.map((p) => p.id),
    ]);
  });

  it('a trainer of unknown price is asked about too, saying the price is unknown and what it trains', async () => {
    const { requests } = await openTrainForm();
    fireEvent.input(screen.getByLabelText('Trainer'), { target: { value: 'someone/lora-trainer' } });
    await press(screen.getByRole('button', { name: 'Train on 6 picks' }));
    const ask = screen.getByRole('alertdialog', { name: 'Start this training?' });
    expect(ask.textContent).toContain('on 6 images with someone/lora-trainer, the trainer’s default steps. Its price is unknown.');
    await press(within(ask).getByRole('button', { name: 'Don’t train' }));
    expect(requests.map((r) => r.name)).not.toContain('exportTrainingImages');
  });

  it('fewer than 5 picks are refused before asking', async () => {
    await openPanel({
      answers: { loadTrainings: () => ({ pending: [], styles: [] }), listPicks: () => ({ picks: picks.slice(0, 3) }), loadBrandKit: () => EMPTY_BRAND_KIT },
    });
    await press(screen.getByRole('tab', { name: 'Refine' }));
    await press(screen.getByRole('button', { name: 'Train a style…' }));
    await press(screen.getByRole('button', { name: 'Train on 3 picks' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/Pick at least 5 images.*there are 3/);
  });
});
