import sharp from 'sharp';
import { imageNodes, startLoop, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());

async function alphaOf(node: SceneNode): Promise<{ min: number; max: number; channels: number; clear: number }> {
  const fill = ((node as RectangleNode).fills as ImagePaint[]).find((f) => f.type === 'IMAGE')!;
  const bytes = await loop.figma.getImageByHash(fill.imageHash!)!.getBytesAsync();
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let min = 255;
  let max = 0;
  let clear = 0;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] === 0) clear++;
    min = Math.min(min, data[i]);
    max = Math.max(max, data[i]);
  }
  return { min, max, channels: (await sharp(bytes).metadata()).channels ?? 0, clear: clear / (info.width * info.height) };
}

const lastInput = () =>
  ([...loop.replicate.requests].reverse().find((r) => r.method === 'POST' && r.path.endsWith('/predictions'))!.body as {
    input: Record<string, unknown>;
  }).input;

it('a transparent background is asked for as PNG and the image Figma stores keeps its alpha', async () => {
  loop = await startLoop();
  const job = await loop.generate({
    tool: 'generate', model: 'openai/gpt-image-1.5', prompt: 'a fox logo mark', count: 2, transparent: true,
    shape: { kind: 'ratio', ratio: '1:1' },
  });
  expect(job.variants.map((v) => v.status)).toEqual(['placed', 'placed']);
  expect(lastInput()).toMatchObject({ background: 'transparent', output_format: 'png', number_of_images: 2 });
  for (const node of imageNodes(loop.figma)) {
    const alpha = await alphaOf(node);
    expect(alpha.channels).toBe(4);
    expect(alpha.min).toBe(0);
    expect(alpha.max).toBe(255);
    // The background, not a stray pixel, is what went clear.
    expect(alpha.clear).toBeGreaterThan(0.3);
  }
});

it('without the switch the same model is asked for an opaque JPEG', async () => {
  loop = await startLoop();
  await loop.generate({ tool: 'generate', model: 'openai/gpt-image-1.5', prompt: 'a fox logo mark', count: 1, shape: { kind: 'ratio', ratio: '1:1' } });
  expect(lastInput().background).toBeUndefined();
  expect(lastInput().output_format).toBe('jpeg');
  expect((await alphaOf(imageNodes(loop.figma)[0])).min).toBe(255);
});
