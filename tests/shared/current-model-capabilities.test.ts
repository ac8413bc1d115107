import { readCapabilities, type OpenApiDoc } from '../../shared/models/capabilities';
import { planPredictions, ratioChoices } from '../../shared/models/plan-predictions';
import { fallbackAdvice, PRESETS } from '../../shared/models/catalogue';
import { TOOL_SPECS, toolModels, REFINE_TOOLS } from '../../shared/tools';
import { MODELS } from '../fakes/replicate/models';

function caps(id: string) {
  const model = MODELS.get(id);
  if (!model) throw new Error(`fake has no ${id}`);
  return readCapabilities(model.schema as OpenApiDoc);
}
const square = [{ width: 1024, height: 1024 }];

describe('the current presets, read from the schemas Replicate publishes', () => {
  it('every preset and every tool model is known to the fake, so the demo and tests can run it', () => {
    const ids = [...PRESETS.map((p) => p.id), ...REFINE_TOOLS.flatMap((t) => toolModels(t))];
    expect(ids.filter((id) => !MODELS.has(id))).toEqual([]);
  });

  it('each newer preset names where and when it was checked, and an older one to fall back on', () => {
    for (const preset of PRESETS.filter((p) => p.group === 'Current' && p.id !== 'black-forest-labs/flux-schnell' && p.job !== 'vectors')) {
      expect(preset.checked).toMatch(/^2026-\d\d-\d\d: /);
      const advice = fallbackAdvice(preset.id);
      expect(advice?.fallback.group).toBeDefined();
      expect(advice?.message).toContain(advice!.fallback.id);
    }
  });

  it('FLUX.2 pro: references go in input_images (at most 8), resolution tiers follow the slot, custom sizes step by 32', () => {
    const c = caps('black-forest-labs/flux-2-pro');
    expect(c.imageField).toBeUndefined();
    expect(c.imageList).toEqual({ field: 'input_images', max: 8 });
    expect(c.resolution?.tiers.map((t) => t.value)).toEqual(['0.5 MP', '1 MP', '2 MP', '4 MP']);
    expect(c.shape).toMatchObject({ kind: 'aspect', matchInput: 'match_input_image' });
    expect(ratioChoices(c.shape)).not.toContain('match_input_image');
    expect(c.shape.kind === 'aspect' && c.shape.customWith).toMatchObject({ step: 32, max: 2048 });
    expect(c.safety).toEqual({ field: 'safety_tolerance', min: 1, max: 5 });
    const refs = Array.from({ length: 10 }, (_, i) => `https://x/ref${i}.png`);
    const [plan] = planPredictions(c, { prompt: 'a cat', slots: [{ width: 1280, height: 720 }], seed: 3, references: refs });
    expect(plan.input.input_images).toEqual(refs.slice(0, 8));
    expect(plan.input.resolution).toBe('2 MP');
    expect(plan.input.aspect_ratio).toBe('16:9');
  });

  it('Nano Banana edits through image_input and keeps the input’s ratio with match_input_image', () => {
    const c = caps('google/nano-banana');
    expect(c.imageList).toEqual({ field: 'image_input' });
    const [plan] = planPredictions(c, {
      prompt: 'make it night', slots: square, seed: 1, extra: { image_input: ['https://x/source.png'] }, followInputImage: true,
    });
    expect(plan.input).toMatchObject({ image_input: ['https://x/source.png'], aspect_ratio: 'match_input_image', output_format: 'jpg' });
  });

  it('Nano Banana Pro picks 1K for a placeholder, 2K for a wide frame, 4K for a 3000 px one; match_input_image for edits', () => {
    const c = caps('google/nano-banana-pro');
    expect(c.imageList).toEqual({ field: 'image_input', max: 14 });
    const tier = (width: number, height: number) =>
      planPredictions(c, { prompt: 'x', slots: [{ width, height }], seed: 1 })[0].input.resolution;
    expect([tier(1024, 1024), tier(1440, 900), tier(3000, 2000)]).toEqual(['1K', '2K', '4K']);
  });

  it('Seedream 4 reads size 1K|2K|4K as tiers (not pixel sizes) and splits variants one a run (max_images is not a count)', () => {
    const c = caps('bytedance/seedream-4');
    expect(c.resolution?.field).toBe('size');
    expect(c.count).toBeUndefined();
    expect(c.imageList).toEqual({ field: 'image_input', max: 10 });
    const plans = planPredictions(c, { prompt: 'x', slots: [square[0], square[0], square[0]], seed: 7 });
    expect(plans).toHaveLength(3);
    expect(plans.map((p) => p.input.size)).toEqual(['1K', '1K', '1K']);
    expect(plans[0].input.max_images).toBeUndefined();
  });

  it('GPT Image 1.5: transparent background asks for PNG, without a compression; opaque runs get JPEG; number_of_images is the count', () => {
    const c = caps('openai/gpt-image-1.5');
    expect(c.transparency).toEqual({ field: 'background', value: 'transparent' });
    expect(c.count).toEqual({ field: 'number_of_images', min: 1, max: 10 });
    expect(c.quality?.field).toBe('output_compression');
    const [clear] = planPredictions(c, { prompt: 'a logo', slots: square, seed: 1, transparent: true });
    expect(clear.input).toMatchObject({ background: 'transparent', output_format: 'png' });
    expect(clear.input.output_compression).toBeUndefined();
    const [opaque] = planPredictions(c, { prompt: 'a logo', slots: square, seed: 1 });
    expect(opaque.input.background).toBeUndefined();
    expect(opaque.input).toMatchObject({ output_format: 'jpeg', output_compression: 90 });
  });

  it('a model without a transparent background ignores the switch', () => {
    const c = caps('google/imagen-4');
    expect(c.transparency).toBeUndefined();
    const [plan] = planPredictions(c, { prompt: 'x', slots: square, seed: 1, transparent: true });
    expect(plan.input.background).toBeUndefined();
    expect(plan.input.output_format).toBe('jpg');
  });

  it('Ideogram 3 Quality: references go to style_reference_images; inpainting repaints black', () => {
    const c = caps('ideogram-ai/ideogram-v3-quality');
    expect(c.styleReferences).toEqual({ field: 'style_reference_images' });
    expect(c.mask).toEqual({ field: 'mask', repaint: 'black' });
    const [plan] = planPredictions(c, { prompt: 'poster', slots: square, seed: 1, references: ['https://x/a.png'] });
    expect(plan.input.style_reference_images).toEqual(['https://x/a.png']);
  });

  it('Kontext: a recipe’s safety tolerance above 2 is lowered once an input image is sent', () => {
    const c = caps('black-forest-labs/flux-kontext-pro');
    expect(c.safety).toEqual({ field: 'safety_tolerance', min: 0, max: 6, maxWithImages: 2 });
    const [edit] = planPredictions(c, {
      prompt: 'x', slots: square, seed: 1, followInputImage: true, extra: { input_image: 'https://x/a.png', safety_tolerance: 5 },
    });
    expect(edit.input.safety_tolerance).toBe(2);
    const [text] = planPredictions(c, { prompt: 'x', slots: square, seed: 1, extra: { safety_tolerance: 5 } });
    expect(text.input.safety_tolerance).toBe(5);
  });

  it('Bria remove-background takes its source in image, and the tool offers the older remover too', () => {
    expect(caps('bria/remove-background').imageField).toBe('image');
    expect(toolModels('remove-background')).toEqual(['bria/remove-background', '851-labs/background-remover']);
    expect(toolModels('edit')[0]).toBe(TOOL_SPECS.edit.model);
  });
});
