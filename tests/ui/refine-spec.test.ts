import type { NodeSummary } from '../../shared/messages/contract';
import type { Recipe } from '../../shared/recipe';
import { refineSpec, type RefineOptions } from '../../ui/jobs/refine-spec';

const options: RefineOptions = { prompt: '', strength: 0.35, count: 4, expandTo: '16:9', scale: 2 };
const recipe: Recipe = {
  v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a red fox', input: { prompt: 'a red fox', seed: 3 },
  seed: 3, outputIndex: 0, predictionId: 'p', createdAt: 't',
};
function node(over: Partial<NodeSummary> = {}): NodeSummary {
  return { id: '1:1', name: 'Fox', type: 'RECTANGLE', width: 400, height: 300, hasImage: true, locked: false, ...over };
}

describe('refineSpec', () => {
  it('varies a generated layer by running its own recipe with new seeds', () => {
    const spec = refineSpec('vary', [node({ recipe })], options);
    expect(spec).toMatchObject({ tool: 'vary', model: 'black-forest-labs/flux-schnell', prompt: 'a red fox', count: 4, parentId: '1:1', baseInput: recipe.input });
    expect(spec).not.toHaveProperty('source');
    expect(spec).not.toHaveProperty('seed');
  });

  it('varies any other image through image-to-image at low strength', () => {
    const spec = refineSpec('vary', [node()], options);
    expect(spec).toMatchObject({ model: 'black-forest-labs/flux-dev', source: { nodeId: '1:1' }, strength: 0.35, prompt: 'A close variation of this image' });
  });

  it('inpaint takes the image and the shape drawn over it, in either selection order', () => {
    const image = node({ id: 'img' });
    const shape = node({ id: 'shape', type: 'ELLIPSE', hasImage: false, width: 50, height: 50 });
    for (const selection of [[image, shape], [shape, image]]) {
      expect(refineSpec('inpaint', selection, { ...options, prompt: 'a hat' })).toMatchObject({
        source: { nodeId: 'img', maskNodeId: 'shape' }, besideNodeId: 'img', prompt: 'a hat',
      });
    }
    expect(refineSpec('inpaint', [image], options)).toEqual({ problem: expect.stringMatching(/select the image and the shape together/) });
  });

  it('expand grows to the smallest box of the chosen ratio around the image', () => {
    const spec = refineSpec('expand', [node({ width: 400, height: 400 })], options);
    expect(spec).toMatchObject({
      shape: { kind: 'size', width: 711, height: 400 },
      source: { expand: { kind: 'size', width: 711, height: 400 } },
    });
    expect(refineSpec('expand', [node({ width: 1600, height: 900 })], options)).toEqual({ problem: expect.stringMatching(/already 16:9/) });
    expect(refineSpec('expand', [node({ type: 'FRAME', hasImage: false })], { ...options, expandTo: 'frame' })).toMatchObject({
      source: { expand: { kind: 'frame' } },
    });
  });

  it('upscale and remove background need an image and no prompt', () => {
    expect(refineSpec('upscale', [node()], { ...options, scale: 4 })).toMatchObject({ scale: 4, prompt: '', name: 'Fox · Upscale' });
    expect(refineSpec('remove-background', [node({ hasImage: false, type: 'FRAME' })], options)).toEqual({
      problem: expect.stringMatching(/works on an image/),
    });
  });

  it('asks for one layer at a time outside inpaint', () => {
    expect(refineSpec('img2img', [], options)).toEqual({ problem: expect.stringMatching(/^Select an image/) });
    expect(refineSpec('img2img', [node(), node({ id: '2' })], options)).toEqual({ problem: expect.stringMatching(/group several/) });
  });
});
