/**
 * @jest-environment jsdom
 */
import { fireEvent, screen } from '@testing-library/preact';
import { openPanel, settle } from '../support/panel-harness';
import type { NodeSummary } from '../../shared/messages/contract';

const image: NodeSummary = { id: '1:1', name: 'Mug', type: 'RECTANGLE', width: 400, height: 400, hasImage: true, locked: false };

async function openRefine() {
  const panel = await openPanel();
  panel.listeners.selectionChanged({ nodes: [image] });
  fireEvent.click(screen.getByRole('tab', { name: 'Refine' }));
  await settle();
  return panel;
}

const chooseTool = async (label: string) => {
  const select = screen.getByLabelText('Tool') as HTMLSelectElement;
  const option = [...select.options].find((o) => o.textContent === label)!;
  fireEvent.change(select, { target: { value: option.value } });
  await settle();
};
const text = () => document.querySelector('form.refine textarea') as HTMLTextAreaElement;

describe('each Refine tool keeps its own text', () => {
  it('the Edit instruction does not carry into Expand (its prompt and layer name)', async () => {
    const { started } = await openRefine();
    await chooseTool('Edit');
    fireEvent.input(text(), { target: { value: 'make it night' } });
    await chooseTool('Expand');
    expect(text().value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Expand' }));
    await settle();
    expect(started).toHaveLength(1);
    expect(started[0].spec.prompt).not.toContain('make it night');
    expect(started[0].spec.name ?? '').not.toContain('make it night');

    // Back to Edit: the instruction is still there.
    await chooseTool('Edit');
    expect(text().value).toBe('make it night');
  });

  it('Edit with an empty instruction asks for one and starts nothing', async () => {
    const { started } = await openRefine();
    await chooseTool('Image to image');
    fireEvent.input(text(), { target: { value: 'a watercolour' } });
    await chooseTool('Edit');
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await settle();
    expect(started).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toMatch(/Type an instruction/);
  });
});

describe('Refine variants', () => {
  it('may be empty while typing; out of range says so and blocks the tool', async () => {
    const { started } = await openRefine();
    await chooseTool('Image to image');
    fireEvent.input(text(), { target: { value: 'a watercolour' } });
    const count = screen.getByLabelText('Variants') as HTMLInputElement;
    fireEvent.input(count, { target: { value: '' } });
    await settle();
    expect(count.value).toBe('');
    fireEvent.input(count, { target: { value: '12' } });
    await settle();
    expect(count.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(count.getAttribute('aria-describedby')!)?.textContent).toBe('At most 8 variants per run.');
    const button = screen.getByRole('button', { name: 'Image to image' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.input(count, { target: { value: '3' } });
    await settle();
    fireEvent.click(button);
    await settle();
    expect(started.map((s) => s.spec.count)).toEqual([3]);
  });
});

describe('Refine double submits', () => {
  it('five quick presses of a tool start its run once', async () => {
    const { started } = await openRefine();
    await chooseTool('Upscale');
    const button = screen.getByRole('button', { name: 'Upscale' });
    for (let i = 0; i < 5; i++) fireEvent.click(button);
    await settle();
    expect(started).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toMatch(/Already generating this/);
  });
});

describe('a tool on several selected layers', () => {
  it('starts one run per layer, marked as one press so their results end up selected together', async () => {
    const panel = await openPanel();
    panel.listeners.selectionChanged({ nodes: [image, { ...image, id: '1:2', name: 'Cup' }] });
    fireEvent.click(screen.getByRole('tab', { name: 'Refine' }));
    await settle();
    await chooseTool('Upscale');
    fireEvent.click(screen.getByRole('button', { name: 'Upscale' }));
    await settle();
    expect(panel.started.map((s) => s.spec.source?.nodeId)).toEqual(['1:1', '1:2']);
    const [first, second] = panel.started.map((s) => s.spec.batch);
    expect(first).toBeTruthy();
    expect(second).toBe(first);
  });
});
