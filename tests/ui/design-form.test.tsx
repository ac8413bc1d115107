/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { openPanel, settle } from '../support/panel-harness';

async function openDesignTab(fileStyles: { colors: string[]; textStyles: string[] }) {
  const panel = await openPanel({ answers: { fileStyles: () => fileStyles } });
  fireEvent.click(screen.getByRole('tab', { name: 'Design' }));
  await settle();
  return panel;
}

describe('Design tab', () => {
  it('starts with “Use this file’s styles” ticked when the file has colour variables or text styles', async () => {
    await openDesignTab({ colors: ['Brand/Primary'], textStyles: ['Heading/H1'] });
    const box = screen.getByRole('checkbox', { name: /Use this file’s styles/ }) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true), { timeout: 10_000 });
    expect(box.parentElement!.textContent).toMatch(/2 found/);
  });

  it('starts unticked in a file without styles, and says so', async () => {
    await openDesignTab({ colors: [], textStyles: [] });
    const box = screen.getByRole('checkbox', { name: /Use this file’s styles/ }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.parentElement!.textContent).toMatch(/has none yet/);
  });

  it('says what is missing inline and starts nothing: no prompt, bad layouts count', async () => {
    const { requests } = await openDesignTab({ colors: [], textStyles: [] });
    fireEvent.click(screen.getByRole('button', { name: 'Design' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/Describe the design first/);
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a sign-in screen' } });
    fireEvent.input(screen.getByLabelText('Layouts'), { target: { value: '9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Design' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/Layouts is a whole number from 1 to 4/);
    expect(requests.some((r) => r.name === 'startDesign')).toBe(false);
  });

  it('asks before regenerating a design whose recipe names a model the plugin does not offer', async () => {
    const recipe = {
      v: 1, prompt: 'a pricing page', llm: 'evil/exfiltrator', imageModel: 'black-forest-labs/flux-schnell',
      width: 1440, height: 1024, useFileStyles: false, alternative: 0, createdAt: '2026-12-01T00:00:00Z',
    };
    const { requests, listeners } = await openPanel({ answers: { fileStyles: () => ({ colors: [], textStyles: [] }), readDesign: () => ({ recipe, slots: [] }) } });
    listeners.designAction({ action: 'regenerate-design', frameId: '1:2' });
    await settle();
    expect(screen.getByText(/uses a model the plugin does not offer: evil\/exfiltrator/)).toBeTruthy();
    expect(requests.some((r) => r.name === 'startDesign')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /Don.t run/ }));
    await settle();
    expect(requests.some((r) => r.name === 'startDesign')).toBe(false);
  });
});
