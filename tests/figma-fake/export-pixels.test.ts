import sharp from 'sharp';
import { createFigmaFake } from '../fakes/figma';

type Px = [number, number, number, number];

/** Encodes a picture drawn by `at(x, y)` with sharp (an independent encoder). */
async function picture(format: 'png' | 'jpeg' | 'gif', width: number, height: number, at: (x: number, y: number) => Px): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(at(x, y), (y * width + x) * 4);
  const img = sharp(raw, { raw: { width, height, channels: 4 } });
  const out = format === 'png' ? img.png() : format === 'jpeg' ? img.jpeg({ quality: 95 }) : img.gif();
  return new Uint8Array(await out.toBuffer());
}

async function pixels(bytes: Uint8Array): Promise<{ width: number; height: number; at: (x: number, y: number) => Px }> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x, y) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 4)] as Px,
  };
}

const RED: Px = [255, 0, 0, 255];
const BLUE: Px = [0, 0, 255, 255];
const CLEAR: Px = [0, 0, 0, 0];

function expectNear(actual: Px, expected: Px, tolerance = 12): void {
  const off = actual.some((v, i) => Math.abs(v - expected[i]) > tolerance);
  if (off) throw new Error(`expected about [${expected}], got [${actual}]`);
}

/** A 40x20 image: the left quarter red, the rest blue. */
const quarterRed = (format: 'png' | 'jpeg' | 'gif' = 'png') => picture(format, 40, 20, (x) => (x < 10 ? RED : BLUE));

async function rectWithImage(bytes: Uint8Array, width: number, height: number, paint: Partial<ImagePaint>) {
  const fake = createFigmaFake();
  const image = fake.figma.createImage(bytes);
  const rect = fake.figma.createRectangle();
  rect.resize(width, height);
  rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL', ...paint } as ImagePaint];
  return { fake, rect };
}

describe('exportAsync draws image fills with their real pixels', () => {
  it('FILL keeps the aspect ratio and crops the overflow evenly (a square crop of a 2:1 image loses its left quarter)', async () => {
    const { rect } = await rectWithImage(await quarterRed(), 20, 20, { scaleMode: 'FILL' });
    const out = await pixels(await rect.exportAsync({ format: 'PNG' }));
    for (const x of [0, 5, 10, 19]) expectNear(out.at(x, 10), BLUE);
  });

  it('FILL into the same aspect ratio shows the whole image, resampled at the export scale', async () => {
    const { rect } = await rectWithImage(await quarterRed(), 20, 10, { scaleMode: 'FILL' });
    const out = await pixels(await rect.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 4 } }));
    expect([out.width, out.height]).toEqual([80, 40]);
    expectNear(out.at(5, 20), RED);
    expectNear(out.at(15, 20), RED);
    expectNear(out.at(25, 20), BLUE);
    expectNear(out.at(79, 39), BLUE);
  });

  it('FIT letterboxes: the whole image, centred, transparent bars', async () => {
    const { rect } = await rectWithImage(await quarterRed(), 40, 40, { scaleMode: 'FIT' });
    const out = await pixels(await rect.exportAsync({ format: 'PNG' }));
    expectNear(out.at(20, 2), CLEAR);
    expectNear(out.at(20, 37), CLEAR);
    expectNear(out.at(2, 20), RED);
    expectNear(out.at(30, 20), BLUE);
  });

  it('CROP follows imageTransform, TILE repeats the image at scalingFactor', async () => {
    const crop = await rectWithImage(await quarterRed(), 10, 10, {
      scaleMode: 'CROP',
      imageTransform: [
        [0.25, 0, 0],
        [0, 0.5, 0],
      ],
    });
    const cropped = await pixels(await crop.rect.exportAsync({ format: 'PNG' }));
    for (const x of [1, 5, 8]) expectNear(cropped.at(x, 5), RED);

    const tile = await rectWithImage(await quarterRed(), 40, 10, { scaleMode: 'TILE', scalingFactor: 0.5 });
    const tiled = await pixels(await tile.rect.exportAsync({ format: 'PNG' }));
    expectNear(tiled.at(2, 5), RED);
    expectNear(tiled.at(12, 5), BLUE);
    expectNear(tiled.at(22, 5), RED);
    expectNear(tiled.at(32, 5), BLUE);
  });

  it('decodes JPEG and GIF fills too', async () => {
    for (const format of ['jpeg', 'gif'] as const) {
      const { rect } = await rectWithImage(await quarterRed(format), 40, 20, { scaleMode: 'FILL' });
      const out = await pixels(await rect.exportAsync({ format: 'PNG' }));
      expectNear(out.at(3, 10), RED, 30);
      expectNear(out.at(30, 10), BLUE, 30);
    }
  });

  it('keeps the image alpha, honours paint and layer opacity, and clips to a rounded corner', async () => {
    const half = await picture('png', 10, 10, (x) => (x < 5 ? [0, 128, 0, 255] : [0, 128, 0, 0]));
    const { rect } = await rectWithImage(half, 10, 10, { scaleMode: 'FILL', opacity: 0.5 });
    rect.cornerRadius = 5;
    const out = await pixels(await rect.exportAsync({ format: 'PNG' }));
    expectNear(out.at(2, 5), [0, 128, 0, 128]);
    expect(out.at(8, 5)[3]).toBe(0);
    expect(out.at(0, 0)[3]).toBe(0);
  });

  it('an image inside a frame is cut by the frame when it clips', async () => {
    const { fake, rect } = await rectWithImage(await quarterRed(), 40, 20, { scaleMode: 'FILL' });
    const frame = fake.figma.createFrame();
    frame.resize(20, 20);
    frame.fills = [];
    frame.appendChild(rect);
    rect.x = -5;
    const out = await pixels(await frame.exportAsync({ format: 'PNG' }));
    expect([out.width, out.height]).toEqual([20, 20]);
    expectNear(out.at(0, 10), RED);
    expectNear(out.at(4, 10), RED);
    expectNear(out.at(6, 10), BLUE);
  });

  it('a clipping frame with rounded corners cuts its children at the curve', async () => {
    const { fake, rect } = await rectWithImage(await quarterRed(), 40, 20, { scaleMode: 'FILL' });
    const frame = fake.figma.createFrame();
    frame.resize(40, 20);
    frame.fills = [];
    frame.cornerRadius = 8;
    frame.appendChild(rect);
    const out = await pixels(await frame.exportAsync({ format: 'PNG' }));
    expect(out.at(0, 0)[3]).toBe(0);
    expect(out.at(39, 19)[3]).toBe(0);
    expectNear(out.at(1, 10), RED);
    expectNear(out.at(20, 0), BLUE);
  });
});

describe('exportAsync draws shapes, vectors and text as the canvas shows them', () => {
  it('text leaves visible ink in its own colour inside its box', async () => {
    const fake = createFigmaFake();
    await fake.figma.loadFontAsync({ family: 'Inter', style: 'Regular' });
    const frame = fake.figma.createFrame();
    frame.resize(200, 60);
    frame.fills = [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }];
    const text = fake.figma.createText();
    frame.appendChild(text);
    text.characters = 'Hello';
    text.fontSize = 32;
    text.fills = [{ type: 'SOLID', color: { r: 0.8, g: 0, b: 0 } }];
    text.x = 10;
    text.y = 10;
    const out = await pixels(await frame.exportAsync({ format: 'PNG' }));
    let ink = 0;
    let outside = 0;
    for (let y = 0; y < out.height; y++) {
      for (let x = 0; x < out.width; x++) {
        const [r, g, b] = out.at(x, y);
        const isInk = r > 150 && g < 60 && b < 60;
        if (!isInk) continue;
        const inBox = x >= 10 && x < 10 + text.width && y >= 10 && y < 10 + text.height;
        if (inBox) ink++;
        else outside++;
      }
    }
    // Five letters of a 32 px font: a good share of the text box is solid text colour, none outside it.
    expect(ink).toBeGreaterThan(text.width * text.height * 0.15);
    expect(outside).toBe(0);
  });

  it('imported vectors fill their path, not their bounding box', async () => {
    const fake = createFigmaFake();
    const svg = fake.figma.createNodeFromSvg('<svg width="20" height="20"><path d="M0 0 L20 0 L0 20 Z" fill="#0000ff"/></svg>');
    const out = await pixels(await svg.exportAsync({ format: 'PNG' }));
    expectNear(out.at(3, 3), BLUE);
    expectNear(out.at(17, 17), CLEAR);
  });

  it('ellipses are round and strokes are drawn', async () => {
    const fake = createFigmaFake();
    const ellipse = fake.figma.createEllipse();
    ellipse.resize(20, 20);
    ellipse.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    const e = await pixels(await ellipse.exportAsync({ format: 'PNG' }));
    expectNear(e.at(10, 10), RED);
    expect(e.at(1, 1)[3]).toBe(0);

    const rect = fake.figma.createRectangle();
    rect.resize(20, 20);
    rect.fills = [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }];
    rect.strokes = [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }];
    rect.strokeWeight = 2;
    const r = await pixels(await rect.exportAsync({ format: 'PNG' }));
    expectNear(r.at(0, 10), BLUE);
    expectNear(r.at(1, 10), BLUE);
    expectNear(r.at(10, 10), [255, 255, 255, 255]);
  });

  it('a translucent frame fades as one layer', async () => {
    const fake = createFigmaFake();
    const frame = fake.figma.createFrame();
    frame.resize(10, 10);
    frame.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    frame.opacity = 0.5;
    const child = fake.figma.createRectangle();
    frame.appendChild(child);
    child.resize(5, 10);
    child.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }];
    const out = await pixels(await frame.exportAsync({ format: 'PNG' }));
    expectNear(out.at(2, 5), [0, 0, 255, 128], 2);
    expectNear(out.at(8, 5), [255, 0, 0, 128], 2);
  });
});

describe('exportAsync JPG', () => {
  it('encodes a JPEG of the same pixels, transparent areas on white', async () => {
    const { rect } = await rectWithImage(await quarterRed(), 40, 40, { scaleMode: 'FIT' });
    const bytes = await rect.exportAsync({ format: 'JPG', constraint: { type: 'SCALE', value: 2 } });
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 80, 80]);
    const out = await pixels(bytes);
    expectNear(out.at(40, 4), [255, 255, 255, 255], 8);
    expectNear(out.at(6, 40), RED, 40);
    expectNear(out.at(60, 40), BLUE, 40);
  });
});

describe('exportAsync SVG', () => {
  it('embeds image fills, cropped like the canvas shows them', async () => {
    const { rect } = await rectWithImage(await quarterRed(), 20, 20, { scaleMode: 'FILL' });
    const svg = await rect.exportAsync({ format: 'SVG' });
    const out = await pixels(new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer()));
    expect([out.width, out.height]).toEqual([20, 20]);
    for (const x of [1, 10, 18]) expectNear(out.at(x, 10), BLUE, 20);
  });
});
