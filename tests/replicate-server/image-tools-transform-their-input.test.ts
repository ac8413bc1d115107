/**
 * The demo backend's image tools work on the pixels they are given, so a newcomer (and the
 * end-to-end tests) can see what each refine tool means: upscale resamples, the background
 * remover cuts the subject out, inpainting changes only the masked pixels (in either mask
 * polarity), expand keeps the source in the middle, and edits stay close to the source.
 */
import sharp from 'sharp';
import type { FakeReplicate } from '../fakes/replicate';
import { api, start } from './helpers';

let server: FakeReplicate;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

type Raw = { data: Buffer; width: number; height: number };

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

async function png(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function raw(bytes: Buffer): Promise<Raw> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function run(model: string, input: Record<string, unknown>): Promise<Buffer> {
  const r = await api(server, 'POST', `/v1/models/${model}/predictions`, { input }, { prefer: 'wait' });
  expect(r.json.error).toBeNull();
  expect(r.json.status).toBe('succeeded');
  const url = Array.isArray(r.json.output) ? r.json.output[0] : r.json.output;
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

/** A picture with structure everywhere (gradient, shapes), like a photo. */
function scene(w: number, h: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2a6f97"/><stop offset="1" stop-color="#f4a261"/></linearGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="url(#g)"/>` +
    `<circle cx="${w * 0.3}" cy="${h * 0.4}" r="${h * 0.2}" fill="#e9c46a"/>` +
    `<rect x="${w * 0.55}" y="${h * 0.5}" width="${w * 0.3}" height="${h * 0.35}" fill="#264653"/></svg>`
  );
}

/** Mean absolute RGB difference over the pixels where `where(x, y)` holds. */
function meanDiff(a: Raw, b: Raw, where: (x: number, y: number) => boolean = () => true): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (!where(x, y)) continue;
      const o = (y * a.width + x) * 4;
      for (let k = 0; k < 3; k++) sum += Math.abs(a.data[o + k] - b.data[o + k]);
      n += 3;
    }
  }
  return sum / n;
}

/** Pearson correlation of the two images' luminance: near 1 when the picture is the same one. */
function sameness(a: Raw, b: Raw): number {
  const lum = (img: Raw) => {
    const out: number[] = [];
    for (let i = 0; i < img.width * img.height; i++) out.push(0.3 * img.data[i * 4] + 0.59 * img.data[i * 4 + 1] + 0.11 * img.data[i * 4 + 2]);
    return out;
  };
  const [la, lb] = [lum(a), lum(b)];
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(la), mean(lb)];
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < la.length; i++) {
    cov += (la[i] - ma) * (lb[i] - mb);
    va += (la[i] - ma) ** 2;
    vb += (lb[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

describe('upscale', () => {
  it('resamples the input: the output shrunk back matches it', async () => {
    const input = await png(scene(96, 64));
    const out = await run('nightmareai/real-esrgan', { image: dataUrl(input), scale: 2 });
    expect(await sharp(out).metadata()).toMatchObject({ width: 192, height: 128 });
    const back = await raw(await sharp(out).resize(96, 64, { kernel: 'lanczos3' }).png().toBuffer());
    expect(meanDiff(back, await raw(input))).toBeLessThan(3);
  });
});

describe('remove background', () => {
  // A plain light background with a red circle and a blue bar touching it.
  const subject = png(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="160" height="120" fill="#f3efe6"/>' +
      '<circle cx="70" cy="60" r="32" fill="#d62828"/><rect x="90" y="40" width="40" height="16" fill="#1d3557"/></svg>',
  );

  it('makes the plain border transparent and keeps the subject opaque, in its own colours', async () => {
    const out = await raw(await run('851-labs/background-remover', { image: dataUrl(await subject) }));
    const alpha = (x: number, y: number) => out.data[(y * out.width + x) * 4 + 3];
    for (let x = 0; x < 160; x += 7) {
      expect(alpha(x, 0)).toBe(0);
      expect(alpha(x, 119)).toBe(0);
    }
    for (let y = 0; y < 120; y += 7) {
      expect(alpha(0, y)).toBe(0);
      expect(alpha(159, y)).toBe(0);
    }
    // Background beside the subject, well inside the old ellipse cut-out, is gone too.
    expect(alpha(30, 60)).toBe(0);
    expect(alpha(70, 100)).toBe(0);
    expect(alpha(70, 60)).toBe(255);
    expect(alpha(120, 48)).toBe(255);
    expect([...out.data.subarray((60 * 160 + 70) * 4, (60 * 160 + 70) * 4 + 3)]).toEqual([0xd6, 0x28, 0x28]);
  });

  it('falls back to a soft centred cut-out when the border is a busy photo', async () => {
    const out = await raw(await run('851-labs/background-remover', { image: dataUrl(await png(scene(160, 120))) }));
    expect(out.data[3]).toBe(0);
    expect(out.data[(60 * 160 + 80) * 4 + 3]).toBe(255);
  });
});

describe('inpaint', () => {
  const W = 128;
  const H = 96;
  /** A centred ellipse in `fg` on `bg`: the region to repaint in the model's own polarity. */
  const mask = (fg: string, bg: string) =>
    png(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="${bg}"/><ellipse cx="64" cy="48" rx="30" ry="22" fill="${fg}"/></svg>`);

  const cases: [string, string, string, Record<string, unknown>][] = [
    ['flux-fill-pro repaints white', 'black-forest-labs/flux-fill-pro', '#fff', { output_format: 'png' }],
    ['ideogram repaints black', 'ideogram-ai/ideogram-v3-turbo', '#000', {}],
  ];
  it.each(cases)('%s: pixels outside the mask are unchanged, inside are new', async (_, model, repaint, extra) => {
    const keep = repaint === '#fff' ? '#000' : '#fff';
    const input = await png(scene(W, H));
    const maskPng = await mask(repaint, keep);
    const out = await raw(await run(model, { prompt: 'a red balloon', image: dataUrl(input), mask: dataUrl(maskPng), seed: 7, ...extra }));
    const src = await raw(input);
    const m = await raw(maskPng);
    const isKeep = (x: number, y: number) => m.data[(y * W + x) * 4] === (repaint === '#fff' ? 0 : 255);
    const deepInside = (x: number, y: number) => ((x - 64) / 24) ** 2 + ((y - 48) / 16) ** 2 <= 1;
    expect(meanDiff(out, src, isKeep)).toBe(0);
    expect(meanDiff(out, src, deepInside)).toBeGreaterThan(40);
  });
});

describe('inpaint masks of another size', () => {
  const input = () => png(scene(128, 96));
  const halfMask = () => png('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48" fill="#fff"/><rect width="32" height="48" fill="#000"/></svg>');

  it('FLUX Fill rejects them, as its schema says', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-fill-pro/predictions', { input: { prompt: 'x', image: dataUrl(await input()), mask: dataUrl(await halfMask()) } }, { prefer: 'wait' });
    expect(r.json.status).toBe('failed');
    expect(r.json.error).toMatch(/mask must have the same size as image/);
  });

  it('Ideogram resizes them to the image and repaints the black half only', async () => {
    const src = await input();
    const out = await raw(await run('ideogram-ai/ideogram-v3-turbo', { prompt: 'x', image: dataUrl(src), mask: dataUrl(await halfMask()) }));
    expect(out.width).toBe(128);
    expect(meanDiff(out, await raw(src), (x) => x >= 66)).toBe(0);
    expect(meanDiff(out, await raw(src), (x) => x < 56)).toBeGreaterThan(5);
  });
});

describe('expand', () => {
  it('keeps the source pixels where the plugin placed them and continues their edge colours around them', async () => {
    // As plugin/export-source builds it: the source centred on a grey canvas of the new
    // ratio, and a mask whose repaint colour (white for FLUX Fill) covers the surround.
    const source = await png(scene(96, 96));
    const image = await sharp({ create: { width: 160, height: 96, channels: 4, background: '#808080' } })
      .composite([{ input: source, left: 32, top: 0 }])
      .png()
      .toBuffer();
    const maskPng = await png(
      '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="96"><rect width="160" height="96" fill="#fff"/><rect x="32" y="0" width="96" height="96" fill="#000"/></svg>',
    );
    const out = await raw(await run('black-forest-labs/flux-fill-pro', { prompt: 'a wider view', image: dataUrl(image), mask: dataUrl(maskPng), output_format: 'png' }));
    expect(out.width).toBe(160);
    const src = await raw(image);
    expect(meanDiff(out, src, (x) => x >= 32 && x < 128)).toBe(0);
    // The surround is no longer the flat grey it was sent as...
    let grey = 0;
    for (let y = 0; y < 96; y++) {
      for (const x of [0, 10, 20, 30, 130, 140, 150, 159]) {
        const o = (y * 160 + x) * 4;
        if ([0, 1, 2].every((k) => Math.abs(out.data[o + k] - 128) <= 6)) grey++;
      }
    }
    expect(grey).toBeLessThan(0.05 * 96 * 8);
    // ...and the columns just outside the source carry on its edge columns' colours.
    let d = 0;
    for (let y = 0; y < 96; y++) {
      for (const [outside, edge] of [[29, 32], [130, 127]]) {
        for (let k = 0; k < 3; k++) d += Math.abs(out.data[(y * 160 + outside) * 4 + k] - src.data[(y * 160 + edge) * 4 + k]);
      }
    }
    expect(d / (96 * 2 * 3)).toBeLessThan(12);
  });
});

describe('edit and image to image', () => {
  it('an instruction edit stays recognisably the source', async () => {
    const input = await png(scene(120, 80));
    const out = await raw(await run('black-forest-labs/flux-kontext-pro', { prompt: 'make it night', input_image: dataUrl(input), seed: 3 }));
    const src = await raw(input);
    const d = meanDiff(out, src);
    expect(d).toBeGreaterThan(4);
    expect(d).toBeLessThan(40);
    expect(sameness(out, src)).toBeGreaterThan(0.92);
  });

  it('image to image moves further with a higher prompt_strength, and stays recognisable at full strength', async () => {
    const input = await png(scene(120, 80));
    const src = await raw(input);
    const at = (s: number) =>
      run('black-forest-labs/flux-dev', { prompt: 'a watercolour sunset', image: dataUrl(input), prompt_strength: s, output_format: 'png', seed: 5 }).then(raw);
    const low = await at(0.2);
    const high = await at(1);
    expect(meanDiff(low, src)).toBeGreaterThan(1);
    expect(meanDiff(high, src)).toBeGreaterThan(meanDiff(low, src) + 5);
    expect(meanDiff(high, src)).toBeLessThan(45);
    expect(sameness(high, src)).toBeGreaterThan(0.9);
  });
});
