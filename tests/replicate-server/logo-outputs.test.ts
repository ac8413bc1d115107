/**
 * Logo prompts read as logos in the demo: text-to-image draws a centred flat mark on a plain
 * light background, and the Recraft SVG demo draws a balanced geometric mark in a few hex
 * colours (the colour syntax every SVG reader knows) instead of a random scatter.
 */
import sharp from 'sharp';
import type { FakeReplicate } from '../fakes/replicate';
import { api, start } from './helpers';

let server: FakeReplicate;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

async function output(model: string, input: Record<string, unknown>): Promise<Buffer> {
  const r = await api(server, 'POST', `/v1/models/${model}/predictions`, { input }, { prefer: 'wait' });
  expect(r.json.status).toBe('succeeded');
  const url = Array.isArray(r.json.output) ? r.json.output[0] : r.json.output;
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

/** Pixels differing from the corner colour: their bounding box and how many there are. */
async function markOf(image: Buffer) {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const bg = [data[0], data[1], data[2]];
  const off = (x: number, y: number) => [0, 1, 2].some((k) => Math.abs(data[(y * w + x) * 3 + k] - bg[k]) > 8);
  let borderOff = 0;
  const box = { x0: w, y0: h, x1: -1, y1: -1 };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!off(x, y)) continue;
      if (x < w * 0.08 || x >= w * 0.92 || y < h * 0.08 || y >= h * 0.92) borderOff++;
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x);
      box.y0 = Math.min(box.y0, y);
      box.y1 = Math.max(box.y1, y);
    }
  }
  return { w, h, bg, borderOff, box, centre: { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 } };
}

const lightness = ([r, g, b]: number[]) => (Math.max(r, g, b) + Math.min(r, g, b)) / 2;

describe('a logo prompt to a text-to-image model', () => {
  it.each(['a fox logo', 'app icon for a bakery', 'monogram for studio north', 'a coffee shop emblem'])(
    '"%s" gives a centred mark on a plain light background',
    async (prompt) => {
      for (const seed of [1, 2]) {
        const png = await output('black-forest-labs/flux-schnell', { prompt, seed, output_format: 'png' });
        const mark = await markOf(png);
        expect(lightness(mark.bg)).toBeGreaterThan(215);
        expect(mark.borderOff).toBe(0);
        expect(mark.box.x1).toBeGreaterThan(mark.box.x0);
        expect(Math.abs(mark.centre.x - mark.w / 2)).toBeLessThan(mark.w * 0.03);
        expect(Math.abs(mark.centre.y - mark.h / 2)).toBeLessThan(mark.h * 0.03);
      }
    },
  );

  it('a scene prompt still gets a scene, edge to edge', async () => {
    const mark = await markOf(await output('black-forest-labs/flux-schnell', { prompt: 'a misty forest at dawn', seed: 1, output_format: 'png' }));
    expect(mark.borderOff).toBeGreaterThan(100);
  });
});

describe('the Recraft SVG demo', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: a centred mark in two or three hex colours on a plain background', async (seed) => {
    const svg = (await output('recraft-ai/recraft-v3-svg', { prompt: 'a fox logo', seed })).toString();
    const fills = [...svg.matchAll(/fill="([^"]*)"/g)].map((m) => m[1]);
    for (const fill of fills) expect(fill).toMatch(/^#[0-9a-f]{6}$/);
    const [background, ...mark] = fills;
    const colours = new Set(mark.filter((f) => f !== background));
    expect(colours.size).toBeGreaterThanOrEqual(2);
    expect(colours.size).toBeLessThanOrEqual(3);
    expect(svg).not.toMatch(/transform=/);

    const drawn = await markOf(await sharp(Buffer.from(svg)).png().toBuffer());
    expect(drawn.borderOff).toBe(0);
    expect(Math.abs(drawn.centre.x - drawn.w / 2)).toBeLessThan(drawn.w * 0.03);
    expect(Math.abs(drawn.centre.y - drawn.h / 2)).toBeLessThan(drawn.h * 0.03);
  });
});
