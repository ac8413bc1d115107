import { encode } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { compositeMasked, decodeImage, featherRadius, maskWeights } from '../../ui/images/composite-masked';

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return encode({ width, height, data, channels: 4, depth: 8 });
}

const W = 120;
const H = 80;
// A varied original with some transparency, so "identical" means every channel.
const original = png(W, H, (x, y) => [x * 2, y * 3, (x * y) % 256, x < 10 ? 128 : 255]);
const inSquare = (x: number, y: number) => x >= 40 && x < 80 && y >= 20 && y < 60;

describe('exact inpaint compositing', () => {
  it('keeps every pixel outside the mask exactly, takes the result deep inside, and blends only inside the edge', () => {
    const mask = png(W, H, (x, y) => (inSquare(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 255]));
    // The model's result comes back at half the size, all red.
    const result = png(W / 2, H / 2, () => [255, 0, 0, 255]);
    const out = decodeImage(compositeMasked({ image: original, mask, repaint: 'white' }, result));
    const before = decodeImage(original);
    expect([out.width, out.height]).toEqual([W, H]);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = (y * W + x) * 4;
        if (!inSquare(x, y)) expect([...out.data.slice(p, p + 4)]).toEqual([...before.data.slice(p, p + 4)]);
      }
    }
    const centre = (40 * W + 60) * 4;
    expect([...out.data.slice(centre, centre + 4)]).toEqual([255, 0, 0, 255]);
    // The first pixel inside the edge is a blend, not a hard cut.
    const edge = (40 * W + 40) * 4;
    expect(out.data[edge]).toBeGreaterThan(before.data[edge]);
    expect(out.data[edge]).toBeLessThan(255);
  });

  it('reads a black-repaint mask (Ideogram) the other way round', () => {
    const mask = png(W, H, (x, y) => (inSquare(x, y) ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const weights = maskWeights(decodeImage(mask), 'black', featherRadius(W, H));
    expect(weights[40 * W + 60]).toBe(1);
    expect(weights[5 * W + 5]).toBe(0);
  });

  it('reads a JPEG result (what FLUX Fill returns) as RGBA at its own size', () => {
    const data = new Uint8Array(16 * 8 * 4).fill(255);
    for (let p = 0; p < data.length; p += 4) data.set([200, 40, 20, 255], p);
    const jpeg = decodeImage(new Uint8Array(encodeJpeg({ width: 16, height: 8, data }, 95).data));
    expect([jpeg.width, jpeg.height, jpeg.data.length]).toEqual([16, 8, 16 * 8 * 4]);
    const [r, g, b, a] = jpeg.data.slice(0, 4);
    expect(Math.abs(r - 200) + Math.abs(g - 40) + Math.abs(b - 20)).toBeLessThan(12);
    expect(a).toBe(255);
  });

  it('refuses a mask of another size rather than guess', () => {
    const mask = png(10, 10, () => [255, 255, 255, 255]);
    expect(() => compositeMasked({ image: original, mask, repaint: 'white' }, original)).toThrow(/different sizes/);
  });
});
