import sharp from 'sharp';
import { createFigmaFake } from '../fakes/figma';

async function solidImage(format: 'png' | 'jpeg' | 'gif' | 'webp', width = 8, height = 6): Promise<Uint8Array> {
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 10, b: 10 } } });
  return new Uint8Array(await img.toFormat(format).toBuffer());
}

describe('figma.createImage', () => {
  it.each(['png', 'jpeg', 'gif'] as const)('accepts %s and remembers its size', async (format) => {
    const fake = createFigmaFake();
    const bytes = await solidImage(format, 12, 7);
    const image = fake.figma.createImage(bytes);
    expect(image.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(await image.getSizeAsync()).toEqual({ width: 12, height: 7 });
    expect(await image.getBytesAsync()).toEqual(bytes);
    expect(fake.images.get(image.hash)).toMatchObject({ width: 12, height: 7, format });
    expect(fake.figma.getImageByHash(image.hash)?.hash).toBe(image.hash);
  });

  it('gives the same hash for the same bytes and another for other bytes', async () => {
    const fake = createFigmaFake();
    const a = await solidImage('png');
    expect(fake.figma.createImage(a).hash).toBe(fake.figma.createImage(a.slice()).hash);
    // The same bytes at an odd offset of a larger buffer (a view, as a message's bytes may be).
    const shifted = new Uint8Array(a.length + 3);
    shifted.set(a, 1);
    expect(fake.figma.createImage(shifted.subarray(1, 1 + a.length)).hash).toBe(fake.figma.createImage(a).hash);
    // One changed byte, the last one too (past the last whole 32-bit word), is another image.
    for (const cut of [0, 1, 2, 3]) {
      const bytes = a.slice(0, a.length - cut);
      const changed = bytes.slice();
      changed[changed.length - 1] ^= 1;
      expect(fake.figma.createImage(changed).hash).not.toBe(fake.figma.createImage(bytes).hash);
    }
    expect(fake.figma.createImage(await solidImage('png', 9, 6)).hash).not.toBe(fake.figma.createImage(a).hash);
    expect(fake.figma.getImageByHash('0'.repeat(40))).toBeNull();
  });

  it('rejects WebP like Figma', async () => {
    const fake = createFigmaFake();
    const webp = await solidImage('webp');
    expect(() => fake.figma.createImage(webp)).toThrow('Image type is unsupported');
    expect(() => fake.figma.createImage(new Uint8Array([1, 2, 3]))).toThrow('Image type is unsupported');
    expect(fake.images.size).toBe(0);
  });

  it('rejects a PNG wider than 4096 px like Figma', async () => {
    const fake = createFigmaFake();
    const wide = await solidImage('png', 4097, 2);
    expect(() => fake.figma.createImage(wide)).toThrow('Image is too large');
    expect(fake.figma.createImage(await solidImage('png', 4096, 2)).hash).toBeTruthy();
  });

  it('does not pretend to fetch urls', async () => {
    const fake = createFigmaFake();
    await expect(fake.figma.createImageAsync('https://example.com/a.png')).rejects.toThrow(/not supported in fake/);
  });

  it('image paints take the hash; fills are frozen copies that must be replaced, not mutated', async () => {
    const fake = createFigmaFake();
    const image = fake.figma.createImage(await solidImage('png'));
    const rect = fake.figma.createRectangle();
    rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
    const fills = rect.fills as Paint[];
    expect(fills[0]).toMatchObject({ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' });
    expect(Object.isFrozen(fills)).toBe(true);
    expect(() => fills.push({ type: 'SOLID', color: { r: 0, g: 0, b: 0 } })).toThrow();
    expect(() => {
      rect.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0, a: 1 } as RGB }];
    }).toThrow(/Unrecognized key\(s\) in object: 'a'/);
    expect(() => {
      rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'STRETCH' as 'FILL' }];
    }).toThrow(/scaleMode/);
  });
});
