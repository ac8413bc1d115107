import sharp from 'sharp';
import { intersects } from '../../shared/layout';
import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { readImageInfo } from '../../shared/images/image-info';
import { allNodes, imageNodes, startLoop, TOKEN, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());

function box(n: SceneNode) {
  return { x: n.x, y: n.y, width: n.width, height: n.height };
}
function imageBytesOf(node: SceneNode): Uint8Array {
  const paint = (node as RectangleNode).fills as ImagePaint[];
  const stored = loop.fake.images.get(paint[0].imageHash!);
  return stored!.bytes;
}
const creates = () => loop.replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));

describe('prompt to images on the canvas', () => {
  it('places 4 variants as image layers named after the prompt, each with its recipe', async () => {
    loop = await startLoop();
    const job = await loop.generate({ prompt: 'a lighthouse at dusk', count: 4 });

    expect(job.phase).toBe('done');
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed', 'placed', 'placed']);
    const images = imageNodes(loop.figma);
    expect(images).toHaveLength(4);
    for (const node of images) {
      expect(node.name).toBe('a lighthouse at dusk');
      expect(['png', 'jpeg']).toContain(readImageInfo(imageBytesOf(node)).format);
      const recipe = parseRecipe(node.getPluginData(RECIPE_KEY));
      expect(recipe).toMatchObject({
        v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: 'a lighthouse at dusk',
        predictionId: expect.any(String), seed: expect.any(Number),
      });
      expect(recipe!.input).toMatchObject({ prompt: 'a lighthouse at dusk', num_outputs: 4, aspect_ratio: '1:1' });
      expect(node.getRelaunchData()).toHaveProperty('regenerate');
    }
    expect(new Set(images.map((n) => parseRecipe(n.getPluginData(RECIPE_KEY))!.outputIndex))).toEqual(new Set([0, 1, 2, 3]));
    // Nothing half-made is left, the results are selected, and the layers do not overlap.
    expect(allNodes(loop.figma).filter((n) => n.name.startsWith('Generating'))).toHaveLength(0);
    expect(loop.figma.currentPage.selection.map((n) => n.id).sort()).toEqual(images.map((n) => n.id).sort());
    for (const a of images) for (const b of images) if (a !== b) expect(intersects(box(a), box(b))).toBe(false);
  });

  it('shows placeholders on the canvas before any request reaches Replicate', async () => {
    loop = await startLoop();
    let placeholdersAtStart = -1;
    let requestsAtStart = -1;
    const handle = loop.start({ count: 3 });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const running = loop.snapshots.find((s) => s.phase === 'running');
        if (running) {
          placeholdersAtStart = allNodes(loop.figma).filter((n) => n.name.startsWith('Generating…')).length;
          requestsAtStart = loop.replicate.requests.length;
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    await handle.done;
    expect(placeholdersAtStart).toBe(3);
    expect(requestsAtStart).toBe(0);
  });

  it('goes beside the selection without covering anything on the canvas', async () => {
    loop = await startLoop();
    const { figma } = loop;
    const hero = figma.createFrame();
    hero.resize(800, 600);
    const neighbour = figma.createRectangle();
    neighbour.resize(400, 2000);
    neighbour.x = 900;
    neighbour.y = -500;
    loop.fake.select([hero]);
    await loop.fake.settle();

    await loop.generate({ count: 4, shape: { kind: 'ratio', ratio: '16:9' } });
    const images = imageNodes(figma);
    expect(images).toHaveLength(4);
    for (const node of images) {
      expect(intersects(box(node), box(hero))).toBe(false);
      expect(intersects(box(node), box(neighbour))).toBe(false);
      expect(node.x).toBeGreaterThan(hero.x + hero.width);
      expect(node.width / node.height).toBeCloseTo(16 / 9, 1);
    }
  });

  it('splits 8 variants into predictions within the model’s num_outputs limit', async () => {
    loop = await startLoop();
    const job = await loop.generate({ count: 8 });
    expect(job.variants.filter((v) => v.status === 'placed')).toHaveLength(8);
    expect(creates().map((r) => (r.body as { input: { num_outputs: number } }).input.num_outputs)).toEqual([4, 4]);
    expect(new Set(creates().map((r) => (r.body as { input: { seed: number } }).input.seed)).size).toBe(2);
  });

  it('uses the model route for official presets and sync mode first', async () => {
    loop = await startLoop();
    await loop.generate({ count: 1 });
    const [create] = creates();
    expect(create.path).toBe('/v1/models/black-forest-labs/flux-schnell/predictions');
    expect(create.headers.prefer).toMatch(/^wait=\d+$/);
    expect(create.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('falls back to polling when the model outlasts sync mode', async () => {
    loop = await startLoop({ replicate: { latencyMs: 1500 }, waitSeconds: 1 });
    const job = await loop.start({ count: 1 }).done;
    expect(job.variants[0].status).toBe('placed');
    expect(loop.replicate.requests.some((r) => r.method === 'GET' && r.path.startsWith('/v1/predictions/'))).toBe(true);
  });

  it('converts WebP outputs to PNG before they reach Figma', async () => {
    loop = await startLoop();
    await loop.generate({ count: 1, baseInput: { output_format: 'webp' } });
    const outputs = loop.replicate.requests.filter((r) => r.path.startsWith('/delivery/'));
    expect(outputs[0].path).toMatch(/\.webp$/);
    const [node] = imageNodes(loop.figma);
    expect(readImageInfo(imageBytesOf(node)).format).toBe('png');
  });

  it('runs a model that returns one image per prediction (FLUX 1.1 pro) once per variant', async () => {
    loop = await startLoop();
    const job = await loop.generate({ model: 'black-forest-labs/flux-1.1-pro', count: 2 });
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
    expect(creates()).toHaveLength(2);
  });

  it('pins the version for a community model typed as owner/name', async () => {
    loop = await startLoop();
    const job = await loop.generate({ model: 'stability-ai/sdxl', count: 2, shape: { kind: 'ratio', ratio: '3:2' } });
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
    const [create] = creates();
    expect(create.path).toBe('/v1/predictions');
    expect(create.body).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((create.body as { input: { width: number; height: number } }).input.width).toBeGreaterThan(
      (create.body as { input: { width: number; height: number } }).input.height,
    );
  });
});

describe('vector output', () => {
  it('places an SVG model’s result as editable vectors where its placeholder was', async () => {
    loop = await startLoop();
    const job = await loop.generate({ model: 'recraft-ai/recraft-v3-svg', prompt: 'a fox logo', count: 2 });
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
    const frames = loop.figma.currentPage.children.filter((n) => n.type === 'FRAME') as FrameNode[];
    expect(frames).toHaveLength(2);
    for (const frame of frames) {
      expect(frame.name).toBe('a fox logo');
      expect(frame.findAll((n) => n.type === 'VECTOR').length).toBeGreaterThan(0);
      expect(parseRecipe(frame.getPluginData(RECIPE_KEY))).toMatchObject({ model: 'recraft-ai/recraft-v3-svg' });
    }
    expect(allNodes(loop.figma).filter((n) => n.name.startsWith('Generating'))).toHaveLength(0);
    expect(imageNodes(loop.figma)).toHaveLength(0);
  });

  it('adds vectors inside a selected frame under match selection', async () => {
    loop = await startLoop();
    const frame = loop.figma.createFrame();
    frame.resize(400, 300);
    loop.fake.select([frame]);
    await loop.fake.settle();
    const job = await loop.generate({ model: 'recraft-ai/recraft-v3-svg', shape: { kind: 'match-selection' } });
    expect(job.variants[0].status).toBe('placed');
    expect(frame.children).toHaveLength(1);
    expect(frame.children[0].width).toBeGreaterThanOrEqual(399);
  });
});

describe('match selection', () => {
  it('fills each selected frame in place, keeping its size', async () => {
    loop = await startLoop();
    const { figma } = loop;
    const desktop = figma.createFrame();
    desktop.resize(1440, 900);
    const phone = figma.createFrame();
    phone.resize(390, 844);
    phone.x = 1600;
    loop.fake.select([desktop, phone]);
    await loop.fake.settle();
    const before = allNodes(figma).length;

    const job = await loop.generate({ shape: { kind: 'match-selection' }, count: 1 });
    expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
    expect(allNodes(figma)).toHaveLength(before);
    expect([desktop.width, desktop.height, phone.width, phone.height]).toEqual([1440, 900, 390, 844]);
    for (const frame of [desktop, phone]) {
      expect((frame.fills as Paint[])[0]).toMatchObject({ type: 'IMAGE', scaleMode: 'FILL' });
      expect(parseRecipe(frame.getPluginData(RECIPE_KEY))).toBeDefined();
    }
    const ratios = creates().map((r) => (r.body as { input: { aspect_ratio: string } }).input.aspect_ratio);
    expect(new Set(ratios).size).toBe(2);
  });

  it('never overwrites a selected layer that already holds an image', async () => {
    loop = await startLoop();
    const { figma } = loop;
    await loop.generate({ count: 1 });
    const [existing] = imageNodes(figma);
    const originalHash = ((existing as RectangleNode).fills as ImagePaint[])[0].imageHash;
    loop.fake.select([existing]);
    await loop.fake.settle();

    const job = await loop.generate({ shape: { kind: 'match-selection' }, count: 1 });
    expect(job.variants.map((v) => v.status)).toEqual(['placed']);
    expect(((existing as RectangleNode).fills as ImagePaint[])[0].imageHash).toBe(originalHash);
    expect(imageNodes(figma)).toHaveLength(2);
  });

  it('gives each selected frame its variants: the first fills it, the others go beside it at its size', async () => {
    loop = await startLoop();
    const { figma } = loop;
    const card = figma.createFrame();
    card.resize(480, 320);
    const banner = figma.createFrame();
    banner.resize(600, 200);
    banner.y = 400;
    loop.fake.select([card, banner]);
    await loop.fake.settle();

    const job = await loop.generate({ shape: { kind: 'match-selection' }, count: 3 });
    expect(job.variants.map((v) => v.status)).toEqual(Array(6).fill('placed'));
    for (const frame of [card, banner]) expect((frame.fills as Paint[])[0]).toMatchObject({ type: 'IMAGE', scaleMode: 'FILL' });
    expect([card.width, card.height, banner.width, banner.height]).toEqual([480, 320, 600, 200]);
    const beside = imageNodes(figma).filter((n) => n !== card && n !== banner);
    expect(beside).toHaveLength(4);
    expect(beside.map((n) => `${n.width}×${n.height}`).sort()).toEqual(['480×320', '480×320', '600×200', '600×200']);
    const all = [card, banner, ...beside];
    for (const a of all) for (const b of all) if (a !== b) expect(intersects(box(a), box(b))).toBe(false);
    for (const node of beside) expect(node.name).toBe('a lighthouse at dusk, flat illustration');
  });

  it('a frame that already holds an image gets a new layer of exactly its size, the image cropped to fill', async () => {
    loop = await startLoop();
    const { figma } = loop;
    const png = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#c33' } }).png().toBuffer();
    const frame = figma.createFrame();
    frame.resize(480, 320);
    frame.fills = [{ type: 'IMAGE', imageHash: figma.createImage(new Uint8Array(png)).hash, scaleMode: 'FILL' }];
    loop.fake.select([frame]);
    await loop.fake.settle();

    const job = await loop.generate({ shape: { kind: 'match-selection' }, count: 1 });
    expect(job.variants.map((v) => v.status)).toEqual(['placed']);
    const [fresh] = imageNodes(figma).filter((n) => n !== frame);
    // The model's 3:2 output is 1216×832 (not quite 3:2): the layer must still be 480×320.
    const input = (creates()[0].body as { input: { aspect_ratio: string } }).input;
    expect(input.aspect_ratio).toBe('3:2');
    expect([fresh.width, fresh.height]).toEqual([480, 320]);
    expect(((fresh as RectangleNode).fills as ImagePaint[])[0]).toMatchObject({ type: 'IMAGE', scaleMode: 'FILL' });
    expect(intersects(box(fresh), box(frame))).toBe(false);
  });

  it('says what to do when nothing fillable is selected', async () => {
    loop = await startLoop();
    const job = await loop.generate({ shape: { kind: 'match-selection' } });
    expect(job.phase).toBe('failed');
    expect(job.message).toMatch(/Select the frames or shapes/);
    expect(loop.replicate.requests).toHaveLength(0);
  });
});

describe('regenerate', () => {
  it('runs a layer’s recipe again with a new seed, beside it, remembering its parent', async () => {
    loop = await startLoop();
    await loop.generate({ count: 1, seed: 42 });
    const [source] = imageNodes(loop.figma);
    const recipe = parseRecipe(source.getPluginData(RECIPE_KEY))!;
    expect(recipe.seed).toBe(42);

    const job = await loop.generate({
      tool: 'regenerate', model: recipe.model, prompt: recipe.prompt, count: 1,
      shape: { kind: 'size', width: source.width, height: source.height },
      besideNodeId: source.id, parentId: source.id, baseInput: recipe.input,
    });
    expect(job.variants[0].status).toBe('placed');
    const fresh = imageNodes(loop.figma).find((n) => n.id !== source.id)!;
    const freshRecipe = parseRecipe(fresh.getPluginData(RECIPE_KEY))!;
    expect(freshRecipe).toMatchObject({ tool: 'regenerate', parentId: source.id, prompt: recipe.prompt });
    expect(freshRecipe.seed).not.toBe(42);
    expect(intersects(box(fresh), box(source))).toBe(false);
    expect(fresh.x).toBeGreaterThan(source.x);
  });
});
