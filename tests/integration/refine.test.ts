import sharp from 'sharp';
import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { TOOL_SPECS, type RefineTool } from '../../shared/tools';
import { intersects } from '../../shared/layout';
import type { JobSpec } from '../../ui/jobs/job-spec';
import { box, imageNodes, lastInput, onSource, startLoop, type Loop } from '../support/loop';
import { inputPixels } from '../support/data-url';
import { regenerateSpec } from '../../ui/jobs/regenerate-spec';

let loop: Loop;
afterEach(async () => loop?.close());

const inputOf = () => lastInput(loop);

/** A generated image on the canvas to refine: 512×512 canvas units. */
async function generatedImage(size = 512): Promise<RectangleNode> {
  await loop.generate({ count: 1, shape: { kind: 'size', width: size, height: size } });
  return imageNodes(loop.figma).at(-1) as RectangleNode;
}

function tool(toolId: RefineTool, source: SceneNode, extra: Partial<JobSpec> = {}): Partial<JobSpec> {
  const spec = TOOL_SPECS[toolId];
  return onSource(source, { tool: toolId, model: spec.model, strength: spec.strength, name: `${source.name} · ${spec.label}`, ...extra });
}

describe('refinement tools', () => {
  it('vary: an image-conditioned variation lands beside its source with the source as parent', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const job = await loop.generate(tool('vary', source, { prompt: 'a lighthouse at dusk', count: 2 }));
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
    const input = inputOf();
    expect(input.prompt_strength).toBe(0.35);
    expect(typeof input.image).toBe('string');
    expect(input.aspect_ratio).toBeUndefined();
    const results = imageNodes(loop.figma).filter((n) => n.id !== source.id);
    for (const node of results) {
      expect(parseRecipe(node.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'vary', parentId: source.id });
      expect(intersects(box(node), box(source))).toBe(false);
      expect(node.x).toBeGreaterThan(source.x + source.width);
    }
  });

  it('image to image: a sketch frame becomes the init image, strength mapped onto the model’s range', async () => {
    loop = await startLoop();
    const sketch = loop.figma.createFrame();
    sketch.resize(200, 150);
    const stroke = loop.figma.createEllipse();
    sketch.appendChild(stroke);
    stroke.resize(80, 80);
    stroke.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 } }];
    const job = await loop.generate(tool('img2img', sketch, { prompt: 'a glossy 3D render', strength: 0.8 }));
    expect(job.variants[0].status).toBe('placed');
    expect(inputOf().prompt_strength).toBe(0.8);
    const sent = await inputPixels(inputOf().image as string, loop.replicate.url);
    expect(sent.width / sent.height).toBeCloseTo(200 / 150, 1);
  });

  it('edit by instruction sends the image under the model’s own field name', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const job = await loop.generate(tool('edit', source, { prompt: 'make it night' }));
    expect(job.variants[0].status).toBe('placed');
    // Nano Banana takes its source as the first of a list, and keeps its ratio.
    expect(inputOf()).toMatchObject({ prompt: 'make it night', image_input: [expect.any(String)], aspect_ratio: 'match_input_image' });
    expect(inputOf().image).toBeUndefined();
  });

  it('edit on the older model (Kontext, a choice in the Refine tab) still sends input_image', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const job = await loop.generate(tool('edit', source, { prompt: 'make it night', model: 'black-forest-labs/flux-kontext-pro' }));
    expect(job.variants[0].status).toBe('placed');
    expect(inputOf()).toMatchObject({ input_image: expect.any(String), aspect_ratio: 'match_input_image' });
  });

  it('edit asks for an instruction when none is typed', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const job = await loop.generate(tool('edit', source, { prompt: '' }));
    expect(job.message).toMatch(/Type an instruction first/);
  });

  it('inpaint: the drawn shape becomes a mask of the image’s pixel size, white where FLUX Fill repaints', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const shape = loop.figma.createEllipse();
    shape.resize(200, 200);
    shape.x = source.x + 156;
    shape.y = source.y + 156;
    const job = await loop.generate(
      tool('inpaint', source, { prompt: 'a red balloon', source: { nodeId: source.id, maskNodeId: shape.id } }),
    );
    expect(job.variants[0].status).toBe('placed');
    const image = await inputPixels(inputOf().image as string, loop.replicate.url);
    const mask = await inputPixels(inputOf().mask as string, loop.replicate.url);
    expect([mask.width, mask.height]).toEqual([image.width, image.height]);
    expect(mask.at(0.5, 0.5)).toBeGreaterThan(200);
    expect(mask.at(0.05, 0.05)).toBeLessThan(50);
    const result = imageNodes(loop.figma).find((n) => n.id !== source.id)!;
    expect(parseRecipe(result.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'inpaint', parentId: source.id, maskId: shape.id });
  });

  it('inpaint: the mask shape stays on the canvas unless the person asked for it to be deleted and a result was placed', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const drawMask = () => {
      const shape = loop.figma.createEllipse();
      shape.resize(200, 200);
      shape.x = source.x + 156;
      shape.y = source.y + 156;
      return shape;
    };
    const kept = drawMask();
    const first = await loop.generate(tool('inpaint', source, { prompt: 'a red balloon', source: { nodeId: source.id, maskNodeId: kept.id } }));
    expect(first.variants[0].status).toBe('placed');
    expect(kept.removed).toBe(false);
    expect(kept.parent).toBe(loop.figma.currentPage);

    // Asked, but nothing was placed (the demo's safety filter fails "forbidden"): it stays.
    const asked = drawMask();
    const refused = await loop.generate(
      tool('inpaint', source, { prompt: 'a forbidden kite', source: { nodeId: source.id, maskNodeId: asked.id, deleteMask: true } }),
    );
    expect(refused.variants[0].status).toBe('failed');
    expect(asked.removed).toBe(false);

    const second = await loop.generate(
      tool('inpaint', source, { prompt: 'a kite', source: { nodeId: source.id, maskNodeId: asked.id, deleteMask: true } }),
    );
    expect(second.variants[0].status).toBe('placed');
    expect(asked.removed).toBe(true);
    expect(kept.removed).toBe(false);
    expect(source.removed).toBe(false);
  });

  it('inpaint: a model that repaints black gets the mask the other way round', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const shape = loop.figma.createRectangle();
    shape.resize(100, 100);
    shape.x = source.x + 206;
    shape.y = source.y + 206;
    const job = await loop.generate(
      tool('inpaint', source, {
        model: 'ideogram-ai/ideogram-v3-turbo', prompt: 'a red balloon', source: { nodeId: source.id, maskNodeId: shape.id },
      }),
    );
    expect(job.variants[0].status).toBe('placed');
    const mask = await inputPixels(inputOf().mask as string, loop.replicate.url);
    expect(mask.at(0.5, 0.5)).toBeLessThan(50);
    expect(mask.at(0.05, 0.05)).toBeGreaterThan(200);
  });

  it('inpaint: a shape that misses the image is refused with a clear reason', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const shape = loop.figma.createEllipse();
    shape.x = source.x - 5000;
    const job = await loop.generate(tool('inpaint', source, { prompt: 'x', source: { nodeId: source.id, maskNodeId: shape.id } }));
    expect(job.message).toMatch(/does not overlap the image/);
    expect(imageNodes(loop.figma)).toHaveLength(1);
  });

  it('expand to a wider ratio: the image is centred, the mask covers only the new area', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const job = await loop.generate(
      tool('expand', source, {
        prompt: 'the same scene',
        shape: { kind: 'size', width: 1024, height: 512 },
        source: { nodeId: source.id, expand: { kind: 'size', width: 1024, height: 512 } },
      }),
    );
    expect(job.variants[0].status).toBe('placed');
    const image = await inputPixels(inputOf().image as string, loop.replicate.url);
    const mask = await inputPixels(inputOf().mask as string, loop.replicate.url);
    expect(image.width / image.height).toBeCloseTo(2, 1);
    expect([mask.width, mask.height]).toEqual([image.width, image.height]);
    expect(mask.at(0.05, 0.5)).toBeGreaterThan(200);
    expect(mask.at(0.5, 0.5)).toBeLessThan(50);
    const result = imageNodes(loop.figma).find((n) => n.id !== source.id)!;
    expect(result.width / result.height).toBeCloseTo(2, 1);
  });

  it('expand into the frame an image sits in', async () => {
    loop = await startLoop();
    const frame = loop.figma.createFrame();
    frame.resize(400, 200);
    const inner = loop.figma.createRectangle();
    frame.appendChild(inner);
    inner.resize(200, 200);
    inner.x = 100;
    const job = await loop.generate(tool('expand', frame, { source: { nodeId: frame.id, expand: { kind: 'frame' } } }));
    expect(job.variants[0].status).toBe('placed');
    const mask = await inputPixels(inputOf().mask as string, loop.replicate.url);
    expect(mask.at(0.1, 0.5)).toBeGreaterThan(200);
    expect(mask.at(0.5, 0.5)).toBeLessThan(50);
  });

  it('upscale stays within Figma’s 4096 px and says so when it had to hold back', async () => {
    // Full-size model outputs, so the source has real pixels to upscale.
    loop = await startLoop({ replicate: { outputScale: 1 } });
    const source = await generatedImage(1024);
    const job = await loop.generate(tool('upscale', source, { scale: 8 }));
    expect(job.variants[0].status).toBe('placed');
    const sent = await inputPixels(inputOf().image as string, loop.replicate.url);
    expect(sent.width).toBe(1024);
    const scale = inputOf().scale as number;
    expect(scale).toBeLessThan(8);
    expect(Math.max(sent.width, sent.height) * scale).toBeLessThanOrEqual(4096);
    expect(job.message).toMatch(/Figma takes at most 4096 px/);
    const result = imageNodes(loop.figma).find((n) => n.id !== source.id)!;
    expect(result.width).toBe(source.width);
  });

  it('remove background keeps transparency (PNG with alpha on the canvas)', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const job = await loop.generate(tool('remove-background', source));
    expect(job.variants[0].status).toBe('placed');
    const result = imageNodes(loop.figma).find((n) => n.id !== source.id) as RectangleNode;
    const hash = (result.fills as ImagePaint[])[0].imageHash!;
    const meta = await sharp(Buffer.from(loop.fake.images.get(hash)!.bytes)).metadata();
    expect(meta.format).toBe('png');
    expect(meta.hasAlpha).toBe(true);
  });

  it('sends small inputs as data URLs and uploads large ones through the files API', async () => {
    loop = await startLoop({ replicate: { outputScale: 1 } });
    const small = loop.figma.createRectangle();
    small.resize(64, 64);
    small.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    await loop.generate(tool('remove-background', small));
    expect(String(inputOf().image)).toMatch(/^data:image\/png;base64,/);

    loop.replicate.setLatency('*', 20);
    const large = await generatedImage(1024);
    await loop.generate(tool('remove-background', large));
    expect(String(inputOf().image)).toMatch(/\/v1\/files\/.+/);
    expect(loop.replicate.requests.some((r) => r.method === 'POST' && r.path === '/v1/files')).toBe(true);
  });

  it('a model without an image input says it cannot do the tool', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const job = await loop.generate(tool('edit', source, { model: 'black-forest-labs/flux-schnell', prompt: 'x' }));
    expect(job.message).toMatch(/takes no input image, so it can't edit/);
  });

  it('one tool run is one undo step', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const before = loop.fake.undoCommits;
    await loop.generate(tool('upscale', source, { scale: 2 }));
    expect(loop.fake.undoCommits - before).toBe(2);
  });

  it('regenerating an inpainted result repaints its source again, with the same mask shape', async () => {
    loop = await startLoop();
    const source = await generatedImage();
    const shape = loop.figma.createEllipse();
    shape.resize(200, 200);
    shape.x = source.x + 156;
    shape.y = source.y + 156;
    await loop.generate(tool('inpaint', source, { prompt: 'a red balloon', source: { nodeId: source.id, maskNodeId: shape.id } }));
    const result = imageNodes(loop.figma).find((n) => n.id !== source.id)!;
    const recipe = parseRecipe(result.getPluginData(RECIPE_KEY))!;

    const job = await loop.generate(regenerateSpec(result.id, recipe, { width: result.width, height: result.height }));
    expect(job.variants[0].status).toBe('placed');
    expect(inputOf()).toMatchObject({ prompt: 'a red balloon', image: expect.any(String), mask: expect.any(String) });
    expect(inputOf().seed).not.toBe(recipe.seed);
    const again = imageNodes(loop.figma).filter((n) => n.id !== source.id && n.id !== result.id);
    expect(again).toHaveLength(1);
    expect(parseRecipe(again[0].getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'inpaint', parentId: source.id, maskId: shape.id });
    expect(again[0].x).toBeGreaterThan(result.x);
  });

  it('show lineage selects every ancestor', async () => {
    loop = await startLoop();
    const root = await generatedImage();
    await loop.generate(tool('vary', root, { prompt: 'x' }));
    const child = imageNodes(loop.figma).find((n) => n.id !== root.id)!;
    await loop.generate(tool('upscale', child, { scale: 2 }));
    const grandchild = imageNodes(loop.figma).find((n) => n.id !== root.id && n.id !== child.id)!;
    const result = await loop.plugin.request('showLineage', { nodeId: grandchild.id });
    expect(result).toEqual({ selected: 2, missing: 0 });
    expect(loop.figma.currentPage.selection.map((n) => n.id).sort()).toEqual([root.id, child.id].sort());
  });
});
