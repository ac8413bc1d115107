import type { NodeSummary } from '../../shared/messages/contract';
import type { Recipe } from '../../shared/recipe';
import type { JobSpec } from '../../ui/jobs/job-spec';
import { refineSpec as refineSpecs, type RefineOptions } from '../../ui/jobs/refine-spec';
import type { RefineTool } from '../../shared/tools';

/** The one job a single-source refinement makes (or the problem it reports). */
function refineSpec(tool: RefineTool, selection: NodeSummary[], opts: RefineOptions): JobSpec | { problem: string } {
  const specs = refineSpecs(tool, selection, opts);
  if ('problem' in specs) return specs;
  expect(specs).toHaveLength(1);
  return specs[0];
}

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

  it('runs the model picked in the Refine tab when the tool offers it, its default otherwise', () => {
    const edit = { ...options, prompt: 'make it night' };
    expect(refineSpec('edit', [node()], { ...edit, model: 'black-forest-labs/flux-kontext-pro' })).toMatchObject({ model: 'black-forest-labs/flux-kontext-pro' });
    expect(refineSpec('edit', [node()], edit)).toMatchObject({ model: 'google/nano-banana' });
    // A model from another tool's list (or typed elsewhere) is not sent to this one.
    expect(refineSpec('edit', [node()], { ...edit, model: 'nightmareai/real-esrgan' })).toMatchObject({ model: 'google/nano-banana' });
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

  it('inpaint asks for the mask shape to be deleted only when the box is ticked', () => {
    const selection = [node({ id: 'img' }), node({ id: 'shape', type: 'ELLIPSE', hasImage: false, width: 50, height: 50 })];
    const kept = refineSpec('inpaint', selection, { ...options, prompt: 'a hat' }) as JobSpec;
    expect(kept.source).not.toHaveProperty('deleteMask');
    const asked = refineSpec('inpaint', selection, { ...options, prompt: 'a hat', deleteMask: true }) as JobSpec;
    expect(asked.source).toEqual({ nodeId: 'img', maskNodeId: 'shape', deleteMask: true });
    // Ticked while another tool is chosen: no mask, nothing to delete.
    const vary = refineSpec('vary', [node()], { ...options, deleteMask: true }) as JobSpec;
    expect(vary.source).not.toHaveProperty('deleteMask');
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
    expect(refineSpec('upscale', [node()], { ...options, scale: 4 })).toMatchObject({ scale: 4, prompt: '', name: 'Fox', nameSuffix: 'Upscale 4×' });
    expect(refineSpec('remove-background', [node({ hasImage: false, type: 'FRAME' })], options)).toEqual({
      problem: expect.stringMatching(/works on an image/),
    });
  });

  it('image to image renders one layer, and says so when several are selected', () => {
    expect(refineSpec('img2img', [], { ...options, prompt: 'a render' })).toEqual({ problem: expect.stringMatching(/^Select an image/) });
    expect(refineSpecs('img2img', [node(), node({ id: '2' })], { ...options, prompt: 'a render' })).toEqual({
      problem: 'Image to image works on one layer and 2 are selected: select one, or group several layers first to use them together.',
    });
  });

  it('a Generate run’s results, all selected, are varied each on its own: one run per layer', () => {
    const results = [1, 2].map((n) => node({ id: `1:${n}`, name: 'a red fox (demo)', recipe: { ...recipe, seed: n } }));
    const specs = refineSpecs('vary', results, options);
    expect(specs).toHaveLength(2);
    expect(specs).toEqual(
      results.map((source) =>
        expect.objectContaining({
          tool: 'vary', besideNodeId: source.id, parentId: source.id, baseInput: recipe.input, count: 4,
          name: 'a red fox', nameSuffix: 'Vary',
        }),
      ),
    );
  });

  it.each(['upscale', 'remove-background', 'edit', 'expand'] as const)('%s runs on each selected image, each beside its own source', (tool) => {
    const images = ['a', 'b', 'c'].map((id) => node({ id, name: `Photo ${id}` }));
    const specs = refineSpecs(tool, images, { ...options, prompt: 'make it night' });
    expect(Array.isArray(specs) && specs.map((s) => [s.source?.nodeId, s.besideNodeId, s.parentId])).toEqual(
      images.map((n) => [n.id, n.id, n.id]),
    );
  });

  it('names the selected layer a per-image tool cannot use', () => {
    const frame = node({ id: 'f', name: 'Hero frame', type: 'FRAME', hasImage: false });
    expect(refineSpecs('upscale', [node(), frame], options)).toEqual({
      problem: 'Upscale works on an image: “Hero frame” has none; deselect it.',
    });
  });

  it('inpaint says it needs exactly the image and the shape, and how many are selected', () => {
    const three = [node({ id: 'a' }), node({ id: 'b' }), node({ id: 'c', hasImage: false })];
    expect(refineSpecs('inpaint', three, { ...options, prompt: 'a hat' })).toEqual({
      problem: 'Inpaint needs exactly two layers (3 layers are selected): draw a shape over the part to repaint, then select the image and the shape together.',
    });
  });

  it('edit never borrows the generation prompt as its instruction', () => {
    expect(refineSpecs('edit', [node({ recipe })], options)).toEqual({ problem: expect.stringMatching(/^Type an instruction first/) });
  });

  it('names results after the source and the tool; a typed prompt names what changed', () => {
    expect(refineSpec('vary', [node({ name: 'Fox (demo)', recipe })], options)).toMatchObject({ name: 'Fox', nameSuffix: 'Vary' });
    expect(refineSpec('remove-background', [node()], options)).toMatchObject({ name: 'Fox', nameSuffix: 'No background' });
    expect(refineSpec('edit', [node()], { ...options, prompt: 'make it night' })).toMatchObject({ name: 'make it night', nameSuffix: 'Edit' });
  });
});
