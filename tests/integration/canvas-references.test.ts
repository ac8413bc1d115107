import sharp from 'sharp';
import { parseRecipe, RECIPE_KEY, type Recipe } from '../../shared/recipe';
import { regenerateSpec } from '../../ui/jobs/regenerate-spec';
import { lastInput, placedNode, startLoop, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());

const NANO = 'google/nano-banana';

/** A photo-like (noisy) layer: its 1024 px export is far above the 256 KB data-URL limit. */
async function noisyLayer(figma: PluginAPI, name: string): Promise<RectangleNode> {
  const side = 512;
  const raw = Buffer.alloc(side * side * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  const png = await sharp(raw, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
  const rect = figma.createRectangle();
  rect.name = name;
  rect.resize(side, side);
  rect.x = -2000;
  rect.fills = [{ type: 'IMAGE', imageHash: figma.createImage(new Uint8Array(png)).hash, scaleMode: 'FILL' }];
  return rect;
}

const uploads = (l: Loop) => l.replicate.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files').length;

describe('references from the canvas', () => {
  it('exports a selected layer, uploads it through the files API, sends it in the model’s image list and keeps its id in the recipe', async () => {
    loop = await startLoop();
    const reference = await noisyLayer(loop.figma, 'Mood');
    const job = await loop.generate({ model: NANO, prompt: 'a ceramic mug in this style', count: 1, shape: { kind: 'ratio', ratio: '1:1' }, references: [reference.id] });
    expect(job.variants[0]).toMatchObject({ status: 'placed' });
    const input = lastInput(loop);
    expect(input.image_input).toHaveLength(1);
    // Too big for a data URL: uploaded, and sent as the file's address.
    expect(uploads(loop)).toBe(1);
    expect(String((input.image_input as string[])[0])).toMatch(/^https?:\/\/.*\/v1\/files\//);
    // Generation, not an edit: the ratio asked for is sent, not "match the input".
    expect(input.aspect_ratio).toBe('1:1');
    const placed = await placedNode(loop, job);
    const recipe = parseRecipe(placed!.getPluginData(RECIPE_KEY))!;
    expect(recipe.references).toEqual([reference.id]);
  });

  it('keeps a small reference’s inline image out of the recipe (plugin data holds 100 kB)', async () => {
    loop = await startLoop();
    const flat = loop.figma.createRectangle();
    flat.name = 'Swatch';
    flat.resize(60, 60);
    flat.fills = [{ type: 'SOLID', color: { r: 0.9, g: 0.5, b: 0.1 } }];
    const job = await loop.generate({ model: NANO, prompt: 'a mug', count: 1, shape: { kind: 'ratio', ratio: '1:1' }, references: [flat.id] });
    expect(uploads(loop)).toBe(0);
    expect(String((lastInput(loop).image_input as string[])[0])).toMatch(/^data:image\/png;base64,/);
    const placed = await placedNode(loop, job);
    const stored = placed!.getPluginData(RECIPE_KEY);
    expect(stored).not.toContain('data:');
    expect(parseRecipe(stored)).toMatchObject({ references: [flat.id], input: { image_input: ['(inline image omitted)'] } });
  });

  it('sends none to a model that takes no reference images, and says so', async () => {
    loop = await startLoop();
    const reference = await noisyLayer(loop.figma, 'Mood');
    const job = await loop.generate({ model: 'black-forest-labs/flux-schnell', count: 1, references: [reference.id] });
    expect(job.variants[0]).toMatchObject({ status: 'placed' });
    expect(uploads(loop)).toBe(0);
    expect(job.message).toMatch(/takes no reference images/);
  });

  it('Regenerate exports the references again, and refuses ones hidden or on another page (running without them, saying so)', async () => {
    loop = await startLoop();
    const reference = await noisyLayer(loop.figma, 'Mood');
    const first = await loop.generate({ model: NANO, prompt: 'a mug', count: 1, shape: { kind: 'ratio', ratio: '1:1' }, references: [reference.id] });
    const placedId = (first.variants[0] as { nodeId: string }).nodeId;
    const placed = (await loop.figma.getNodeByIdAsync(placedId)) as SceneNode;
    const recipe = parseRecipe(placed.getPluginData(RECIPE_KEY)) as Recipe;

    const again = await loop.generate(regenerateSpec(placedId, recipe, { width: placed.width, height: placed.height }));
    expect(again.variants[0]).toMatchObject({ status: 'placed' });
    expect(lastInput(loop).image_input).toHaveLength(1);
    expect(uploads(loop)).toBe(2);

    reference.visible = false;
    const hidden = await loop.generate(regenerateSpec(placedId, recipe, { width: placed.width, height: placed.height }));
    expect(hidden.variants[0]).toMatchObject({ status: 'placed' });
    expect(lastInput(loop).image_input ?? []).toEqual([]);
    expect(hidden.message).toMatch(/“Mood” is hidden or on another page/);
    expect(uploads(loop)).toBe(2);

    reference.visible = true;
    const other = loop.figma.createPage();
    other.appendChild(reference);
    const offPage = await loop.generate(regenerateSpec(placedId, recipe, { width: placed.width, height: placed.height }));
    expect(offPage.variants[0]).toMatchObject({ status: 'placed' });
    expect(lastInput(loop).image_input ?? []).toEqual([]);
    expect(offPage.message).toMatch(/hidden or on another page/);
    expect(uploads(loop)).toBe(2);
  });

  it('Match the frame: sends a snapshot of the frame around the target with the target’s spot emptied', async () => {
    loop = await startLoop();
    const { figma } = loop;
    const frame = figma.createFrame();
    frame.name = 'Card';
    frame.resize(400, 300);
    frame.fills = [{ type: 'SOLID', color: { r: 0.1, g: 0.3, b: 0.9 } }];
    const slot = figma.createRectangle();
    frame.appendChild(slot);
    slot.resize(200, 150);
    slot.x = 100;
    slot.y = 75;
    slot.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    figma.currentPage.selection = [slot];

    const job = await loop.generate({ model: NANO, prompt: 'a mug', count: 1, shape: { kind: 'match-selection' }, matchFrame: true });
    expect(job.variants[0]).toMatchObject({ status: 'placed' });
    const sent = lastInput(loop).image_input as string[];
    expect(sent).toHaveLength(1);
    const url = sent[0];
    const bytes = url.startsWith('data:')
      ? Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')
      : Buffer.from(await (await fetch(new URL(new URL(url).pathname, loop.replicate.url))).arrayBuffer());
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.width / info.height).toBeCloseTo(400 / 300, 1);
    const at = (fx: number, fy: number) => {
      const i = (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * 3;
      return [data[i], data[i + 1], data[i + 2]];
    };
    // The frame's blue all over, the centre included: the old content of the spot is not sent.
    expect(at(0.05, 0.05)[2]).toBeGreaterThan(200);
    expect(at(0.5, 0.5)[0]).toBeLessThan(60);
    expect(at(0.5, 0.5)[2]).toBeGreaterThan(200);
    // Nothing of the export is left on the canvas, and the slot is untouched.
    expect(figma.currentPage.findAll((n) => n.name === 'Card')).toHaveLength(1);
    expect(slot.removed).toBe(false);
  });
});
