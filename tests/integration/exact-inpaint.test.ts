import sharp from 'sharp';
import { TOOL_SPECS } from '../../shared/tools';
import { imageNodes, startLoop, type Loop } from '../support/loop';

/**
 * Exact inpaint: FLUX Fill (asked for JPEG, as the plugin asks) hands back an image whose
 * every pixel was re-encoded; the panel keeps only the masked ones, so outside the mask the
 * placed image is the original's pixels, byte for byte.
 */
let loop: Loop;
afterEach(async () => loop?.close());

async function rawPixels(bytes: Uint8Array | Buffer) {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

async function fetchInput(url: string) {
  if (url.startsWith('data:')) return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  const response = await fetch(new URL(new URL(url).pathname, loop.replicate.url));
  return new Uint8Array(await response.arrayBuffer());
}

async function fillBytes(node: SceneNode): Promise<Uint8Array> {
  const fill = ((node as RectangleNode).fills as ImagePaint[]).find((f) => f.type === 'IMAGE')!;
  return loop.figma.getImageByHash(fill.imageHash!)!.getBytesAsync();
}

it('inpaint keeps every pixel outside the mask identical to the original, at its size, and repaints inside', async () => {
  loop = await startLoop();
  await loop.generate({ count: 1, shape: { kind: 'size', width: 256, height: 256 } });
  const source = imageNodes(loop.figma).at(-1)! as RectangleNode;
  const shape = loop.figma.createEllipse();
  shape.resize(100, 100);
  shape.x = source.x + 78;
  shape.y = source.y + 78;
  const spec = TOOL_SPECS.inpaint;
  const job = await loop.generate({
    tool: 'inpaint', model: spec.model, prompt: 'a red balloon', count: 1,
    shape: { kind: 'size', width: source.width, height: source.height },
    source: { nodeId: source.id, maskNodeId: shape.id }, besideNodeId: source.id, parentId: source.id,
  });
  expect(job.variants[0].status).toBe('placed');

  const create = [...loop.replicate.requests].reverse().find((r) => r.method === 'POST' && r.path.endsWith('/predictions'))!;
  const input = (create.body as { input: Record<string, string> }).input;
  expect(input.output_format).toBe('jpg');
  const original = await rawPixels(await fetchInput(input.image));
  const mask = await rawPixels(await fetchInput(input.mask));
  const result = imageNodes(loop.figma).find((n) => n.id !== source.id)!;
  const placed = await rawPixels(await fillBytes(result));
  expect([placed.width, placed.height]).toEqual([original.width, original.height]);

  let outside = 0;
  let changedOutside = 0;
  let changedInside = 0;
  for (let i = 0; i < original.width * original.height; i++) {
    const p = i * 4;
    const differs = [0, 1, 2, 3].some((c) => placed.data[p + c] !== original.data[p + c]);
    if (mask.data[p] === 0) {
      outside++;
      if (differs) changedOutside++;
    } else if (mask.data[p] === 255 && differs) changedInside++;
  }
  expect(outside).toBeGreaterThan(original.width * original.height * 0.5);
  expect(changedOutside).toBe(0);
  expect(changedInside).toBeGreaterThan(0);

  // What the model itself returned did change pixels outside the mask (JPEG): the panel undid that.
  const output = [...loop.replicate.predictions.values()].reverse().find((p) => p.model === spec.model)!.output;
  const returned = await rawPixels(await fetchInput(String(output)));
  let modelChangedOutside = 0;
  for (let i = 0; i < original.width * original.height; i++) {
    if (mask.data[i * 4] === 0 && returned.data[i * 4] !== original.data[i * 4]) modelChangedOutside++;
  }
  expect(modelChangedOutside).toBeGreaterThan(0);
});
