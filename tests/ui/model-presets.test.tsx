/**
 * @jest-environment jsdom
 */
import { fireEvent, screen } from '@testing-library/preact';
import { modelSchema, openPanel, settle } from '../support/panel-harness';

const modelSelect = () => screen.getByLabelText('Model') as HTMLSelectElement;
const transparentSwitch = () => screen.queryByLabelText('Transparent background (PNG)') as HTMLInputElement | null;

/** GPT Image's schema, as far as the switch cares: a background enum with 'transparent'. */
function withBackground() {
  const doc = modelSchema();
  const input = doc.components.schemas.Input as { properties: Record<string, unknown> };
  input.properties.background = { type: 'string', enum: ['auto', 'transparent', 'opaque'], default: 'auto' };
  input.properties.output_format = { type: 'string', enum: ['png', 'jpeg', 'webp'] };
  return doc;
}

async function choose(id: string): Promise<void> {
  fireEvent.change(modelSelect(), { target: { value: id } });
  await settle();
}

describe('model presets in the Generate tab', () => {
  it('older presets are in their own group, still selectable', async () => {
    await openPanel();
    const older = modelSelect().querySelector('optgroup[label="Older"]');
    expect([...older!.querySelectorAll('option')].map((o) => o.value)).toContain('black-forest-labs/flux-1.1-pro');
  });

  it('a newer preset Replicate cannot find says so and offers its older one, which then runs', async () => {
    const { model, started } = await openPanel({
      token: 'r8_x',
      models: { 'black-forest-labs/flux-schnell': modelSchema(), 'black-forest-labs/flux-1.1-pro': modelSchema() },
    });
    await choose('black-forest-labs/flux-2-pro');
    expect(screen.getByText(/FLUX\.2 pro could not be found on Replicate just now/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use FLUX 1.1 pro' }));
    await settle();
    expect(modelSelect().value).toBe('black-forest-labs/flux-1.1-pro');
    expect(screen.queryByText(/could not be found/)).toBeNull();
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a fox' } });
    await model.generate();
    await settle();
    expect(started.map((s) => s.spec.model)).toEqual(['black-forest-labs/flux-1.1-pro']);
  });

  it('the Transparent switch shows only for a model that offers a transparent background, and asks for it', async () => {
    const { model, started } = await openPanel({
      token: 'r8_x',
      models: { 'black-forest-labs/flux-schnell': modelSchema(), 'openai/gpt-image-1.5': withBackground() },
    });
    expect(transparentSwitch()).toBeNull();
    await choose('openai/gpt-image-1.5');
    fireEvent.click(transparentSwitch()!);
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a fox logo' } });
    await model.generate();
    await settle();
    expect(started[0].spec).toMatchObject({ model: 'openai/gpt-image-1.5', transparent: true });
    // Back to a model without one: the switch goes, and nothing transparent is asked for.
    await choose('black-forest-labs/flux-schnell');
    expect(transparentSwitch()).toBeNull();
    fireEvent.input(screen.getByLabelText('Prompt'), { target: { value: 'a fox' } });
    await model.generate();
    await settle();
    expect(started[1].spec.transparent).toBeUndefined();
  });
});
