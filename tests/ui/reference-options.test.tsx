/**
 * @jest-environment jsdom
 *
 * The Generate tab offers canvas references only to models whose schema takes reference
 * images, up to the count the schema states.
 */
import { fireEvent, screen } from '@testing-library/preact';
import { modelSchema, openPanel, settle } from '../support/panel-harness';
import type { NodeSummary } from '../../shared/messages/contract';

const modelSelect = () => screen.getByLabelText('Model') as HTMLSelectElement;
const useSelection = () => screen.queryByLabelText(/as (a reference|references)$/) as HTMLInputElement | null;
const matchFrame = () => screen.queryByLabelText(/^Match the frame/) as HTMLInputElement | null;

/** A model with an image list, as nano-banana-pro describes it ("supports up to 14 images"), here 2. */
function withImageList(max?: number) {
  const doc = modelSchema();
  const input = doc.components.schemas.Input as { properties: Record<string, unknown> };
  input.properties.image_input = {
    type: 'array',
    items: { type: 'string', format: 'uri' },
    description: max ? `Input images to transform or use as reference (supports up to ${max} images)` : 'Input images to transform or use as reference',
  };
  return doc;
}

const layer = (id: string): NodeSummary => ({ id, name: `Layer ${id}`, type: 'RECTANGLE', width: 100, height: 100, hasImage: true, locked: false });

// The harness answers nothing by default; the panel reads saved trainings on start.
const answers = { loadTrainings: () => ({ pending: [], styles: [] }) };

async function choose(id: string): Promise<void> {
  fireEvent.change(modelSelect(), { target: { value: id } });
  await settle();
}

describe('references in the Generate tab', () => {
  it('offers the selection as references only for a model that takes them, and sends at most its count', async () => {
    const { model, started } = await openPanel({
      token: 'r8_x',
      answers,
      models: { 'black-forest-labs/flux-schnell': modelSchema(), 'google/nano-banana-pro': withImageList(2) },
    });
    model.selection.value = [layer('1:1'), layer('1:2'), layer('1:3')];
    await settle();
    expect(useSelection()).toBeNull();
    await choose('google/nano-banana-pro');
    expect(useSelection()).not.toBeNull();
    fireEvent.click(useSelection()!);
    await settle();
    expect(screen.getByText('This model takes 2; the first 2 are sent.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a mug in this style' } });
    await model.generate();
    await settle();
    expect(started[0].spec).toMatchObject({ model: 'google/nano-banana-pro', references: ['1:1', '1:2'] });

    // A model without an image list: no offer, and nothing is sent.
    await choose('black-forest-labs/flux-schnell');
    expect(useSelection()).toBeNull();
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a mug' } });
    await model.generate();
    await settle();
    expect(started[1].spec.references).toBeUndefined();
  });

  it('with Match selection, offers Match the frame instead (on by default)', async () => {
    const { model, started } = await openPanel({ token: 'r8_x', answers, models: { 'black-forest-labs/flux-schnell': modelSchema(), 'google/nano-banana': withImageList() } });
    model.selection.value = [layer('2:1')];
    await choose('google/nano-banana');
    fireEvent.change(screen.getByLabelText('Aspect ratio'), { target: { value: 'match-selection' } });
    await settle();
    expect(useSelection()).toBeNull();
    expect(matchFrame()!.checked).toBe(true);
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a mug' } });
    await model.generate();
    await settle();
    expect(started[0].spec).toMatchObject({ shape: { kind: 'match-selection' }, matchFrame: true });
    expect(started[0].spec.references).toBeUndefined();
  });
});
