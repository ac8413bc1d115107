/**
 * @jest-environment jsdom
 */
import { fireEvent, screen } from '@testing-library/preact';
import { openPanel, settle } from '../support/panel-harness';
import type { NodeSummary } from '../../shared/messages/contract';
import { TOOL_SPECS } from '../../shared/tools';

const image: NodeSummary = { id: '1:1', name: 'Mug', type: 'RECTANGLE', width: 400, height: 400, hasImage: true, locked: false };
const shape: NodeSummary = { id: '1:2', name: 'Mask shape', type: 'ELLIPSE', width: 80, height: 80, hasImage: false, locked: false };
const label = TOOL_SPECS.inpaint.label;

async function openInpaint() {
  const panel = await openPanel();
  panel.listeners.selectionChanged({ nodes: [image, shape] });
  fireEvent.click(screen.getByRole('tab', { name: 'Refine' }));
  await settle();
  fireEvent.change(screen.getByLabelText('Tool'), { target: { value: 'inpaint' } });
  await settle();
  fireEvent.input(document.querySelector('form.refine textarea')!, { target: { value: 'a red balloon' } });
  return panel;
}

const checkbox = () => screen.getByLabelText('Delete the mask shape after inpainting') as HTMLInputElement;
const run = async () => {
  fireEvent.click(screen.getByRole('button', { name: label }));
  await settle();
};

describe('the Inpaint mask shape', () => {
  it('is kept unless the person ticks "Delete the mask shape after inpainting" (off by default)', async () => {
    const { started } = await openInpaint();
    expect(checkbox().checked).toBe(false);
    await run();
    expect(started[0].spec.source).toEqual({ nodeId: '1:1', maskNodeId: '1:2' });

    fireEvent.click(checkbox());
    await settle();
    fireEvent.input(document.querySelector('form.refine textarea')!, { target: { value: 'a kite' } });
    await run();
    expect(started[1].spec.source).toEqual({ nodeId: '1:1', maskNodeId: '1:2', deleteMask: true });

    // Tools that take no mask do not offer it.
    fireEvent.change(screen.getByLabelText('Tool'), { target: { value: 'vary' } });
    await settle();
    expect(screen.queryByLabelText('Delete the mask shape after inpainting')).toBeNull();
  });
});
