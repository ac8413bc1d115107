import { readCapabilities, type OpenApiDoc } from '../../shared/models/capabilities';
import { planPredictions, ratioChoices, shapeInput } from '../../shared/models/plan-predictions';
import { parseModelRef } from '../../shared/models/catalogue';
import { MODELS } from '../fakes/replicate/models';

function caps(id: string) {
  const model = MODELS.get(id);
  if (!model) throw new Error(`fake has no ${id}`);
  return readCapabilities(model.schema as OpenApiDoc);
}

describe('reading a model from its openapi_schema', () => {
  it('finds FLUX schnell fields, resolving the aspect_ratio enum through allOf/$ref', () => {
    const c = caps('black-forest-labs/flux-schnell');
    expect(c.promptField).toBe('prompt');
    expect(c.shape).toMatchObject({ kind: 'aspect', field: 'aspect_ratio' });
    expect(ratioChoices(c.shape)).toEqual(expect.arrayContaining(['1:1', '16:9', '9:16']));
    expect(c.count).toEqual({ field: 'num_outputs', min: 1, max: 4 });
    expect(c.seedField).toBe('seed');
    expect(c.outputFormat?.choices).toEqual(expect.arrayContaining(['webp', 'png']));
    expect(c.outputIsArray).toBe(true);
  });

  it('sees that FLUX 1.1 pro returns one image and takes custom sizes', () => {
    const c = caps('black-forest-labs/flux-1.1-pro');
    expect(c.count).toBeUndefined();
    expect(c.outputIsArray).toBe(false);
    expect(c.shape.kind === 'aspect' && c.shape.customWith).toBeTruthy();
  });

  it('prefers a real ratio list over "Not set" (Recraft has aspect_ratio and size)', () => {
    const c = caps('recraft-ai/recraft-v3-svg');
    expect(ratioChoices(c.shape)).toContain('16:9');
    expect(ratioChoices(c.shape)).not.toContain('Not set');
  });

  it('reads a WxH size enum as ratios and picks the nearest size', () => {
    const c = readCapabilities({
      components: {
        schemas: {
          Input: { properties: { prompt: { type: 'string' }, size: { allOf: [{ $ref: '#/components/schemas/size' }] } } },
          size: { type: 'string', enum: ['1024x1024', '1365x1024', '1024x1365', '1820x1024'] },
        },
      },
    });
    expect(c.shape.kind).toBe('size-enum');
    expect(ratioChoices(c.shape)).toContain('1:1');
    expect(shapeInput(c.shape, { width: 16, height: 9 })).toEqual({ size: '1820x1024' });
  });

  it('reads width/height models', () => {
    const c = caps('stability-ai/sdxl');
    expect(c.shape.kind).toBe('dimensions');
  });
});

describe('planning predictions', () => {
  it('asks for a format Figma accepts when the model offers one', () => {
    const [plan] = planPredictions(caps('black-forest-labs/flux-schnell'), {
      prompt: 'a cat', slots: [{ width: 1, height: 1 }], seed: 5,
    });
    expect(plan.input).toMatchObject({
      prompt: 'a cat', output_format: 'jpg', output_quality: 90, aspect_ratio: '1:1', num_outputs: 1, seed: 5,
    });
  });

  it('asks for PNG, without a quality, when a tool needs transparency', () => {
    const [plan] = planPredictions(caps('black-forest-labs/flux-schnell'), {
      prompt: 'a cat', slots: [{ width: 1, height: 1 }], seed: 5, formats: ['png', 'webp'],
    });
    expect(plan.input.output_format).toBe('png');
    expect(plan.input.output_quality).toBeUndefined();
  });

  it('splits 8 variants into predictions of at most num_outputs each, with distinct seeds', () => {
    const plans = planPredictions(caps('black-forest-labs/flux-schnell'), {
      prompt: 'x', slots: Array.from({ length: 8 }, () => ({ width: 16, height: 9 })), seed: 100,
    });
    expect(plans.map((p) => p.input.num_outputs)).toEqual([4, 4]);
    expect(plans.map((p) => p.seed)).toEqual([100, 101]);
    expect(plans.flatMap((p) => p.slots)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(plans[0].input.aspect_ratio).toBe('16:9');
  });

  it('makes one prediction per image for models without num_outputs', () => {
    const plans = planPredictions(caps('black-forest-labs/flux-1.1-pro'), {
      prompt: 'x', slots: [{ width: 1, height: 1 }, { width: 1, height: 1 }, { width: 1, height: 1 }], seed: 1,
    });
    expect(plans).toHaveLength(3);
    expect(plans.every((p) => p.input.num_outputs === undefined)).toBe(true);
  });

  it('groups match-selection targets of different shapes into separate predictions', () => {
    const plans = planPredictions(caps('black-forest-labs/flux-schnell'), {
      prompt: 'x', slots: [{ width: 1440, height: 900 }, { width: 390, height: 844 }], seed: 1,
    });
    expect(new Set(plans.map((p) => p.input.aspect_ratio)).size).toBe(2);
  });

  it('uses custom width/height when no listed ratio is close (FLUX 1.1 pro)', () => {
    const c = caps('black-forest-labs/flux-1.1-pro');
    const input = shapeInput(c.shape, { width: 390, height: 844 });
    expect(input.aspect_ratio).toBe('custom');
    expect(Number(input.width) % 32).toBe(0);
    expect(Number(input.height)).toBeGreaterThan(Number(input.width));
  });

  it('names the required inputs it cannot fill', () => {
    expect(() =>
      planPredictions(caps('acme/needs-style'), { prompt: 'x', slots: [{ width: 1, height: 1 }], seed: 1 }),
    ).toThrow(/style_reference/);
  });
});

describe('model names', () => {
  it('accepts owner/name and owner/name:version, rejects the rest', () => {
    expect(parseModelRef('black-forest-labs/flux-schnell')).toEqual({ owner: 'black-forest-labs', name: 'flux-schnell' });
    expect(parseModelRef('a/b:0123abcd')).toEqual({ owner: 'a', name: 'b', version: '0123abcd' });
    for (const bad of ['', 'flux', 'a/b/c', '../x', 'a/b:not-hex', 'https://example.com/a/b']) {
      expect(parseModelRef(bad)).toBeUndefined();
    }
  });
});
