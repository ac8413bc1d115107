/**
 * @jest-environment jsdom
 */
import { fireEvent, screen } from '@testing-library/preact';
import { openPanel, settle } from '../support/panel-harness';
import type { Recipe } from '../../shared/recipe';

const foreign: Recipe = {
  v: 1, tool: 'generate', model: 'someone/else', version: 'f'.repeat(64), prompt: 'a fox',
  input: { prompt: 'a fox', callback_url: 'http://169.254.169.254/' }, outputIndex: 0, predictionId: 'p', createdAt: '2026-01-01T00:00:00Z',
};

describe('a recipe from the document that is not the person’s', () => {
  it('shows its model and inputs, and runs only after "Run it"', async () => {
    const panel = await openPanel();
    panel.listeners.regenerate({ items: [{ nodeId: '1:2', recipe: foreign }] });
    await settle();
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain(`This layer's recipe was made by someone else and uses a model that is not a preset: someone/else:${'f'.repeat(64)}. Run it?`);
    expect(dialog.textContent).toContain('callback_url: http://169.254.169.254/');
    expect(panel.started).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Run it' }));
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(panel.started).toHaveLength(1);
    expect(panel.started[0].spec).toMatchObject({ tool: 'regenerate', model: `someone/else:${'f'.repeat(64)}`, parentId: '1:2' });
  });

  it('"Don’t run" starts nothing', async () => {
    const panel = await openPanel();
    panel.listeners.regenerate({ items: [{ nodeId: '1:2', recipe: { ...foreign, model: 'black-forest-labs/flux-schnell', version: undefined } }] });
    await settle();
    expect(screen.getByRole('alertdialog').textContent).toContain("This layer's recipe was made by someone else: black-forest-labs/flux-schnell. Run it?");
    fireEvent.click(screen.getByRole('button', { name: 'Don’t run' }));
    await settle();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(panel.started).toHaveLength(0);
  });
});
