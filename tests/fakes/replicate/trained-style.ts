/**
 * What a trained style does in the demo: the trainer reads the training set's images and keeps
 * their dominant colours; the trained model draws its usual picture and maps it onto those
 * colours by brightness, so a style trained on the picks visibly looks like them.
 */
import sharp from 'sharp';
import { unzipSync } from 'fflate';
import type { OutputFormat } from './models';
import type { Rgb } from './palette';

export interface TrainingSet {
  images: { name: string; bytes: Uint8Array }[];
  captions: Map<string, string>;
}

const IMAGE = /\.(png|jpe?g|webp)$/i;

/** The entries of a training zip, as the trainer sees them (images, and a caption per stem). */
export function readTrainingSet(zip: Uint8Array): TrainingSet {
  const entries = unzipSync(zip);
  const images: TrainingSet['images'] = [];
  const captions = new Map<string, string>();
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue;
    if (IMAGE.test(name)) images.push({ name, bytes });
    else if (name.toLowerCase().endsWith('.txt')) captions.set(stem(name), new TextDecoder().decode(bytes).trim());
  }
  images.sort((a, b) => a.name.localeCompare(b.name));
  return { images, captions };
}

export function stem(name: string): string {
  return name.replace(/\.[^./]+$/, '');
}

/**
 * The colours covering most of the images: pixels of a small copy of each, bucketed at 4 bits
 * a channel, the biggest buckets first, skipping ones too close to a colour already kept.
 */
export async function dominantColours(images: Uint8Array[], count = 4): Promise<Rgb[]> {
  const buckets = new Map<number, { n: number; r: number; g: number; b: number }>();
  for (const bytes of images) {
    const { data, info } = await sharp(bytes).resize(24, 24, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += info.channels) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
      const bucket = buckets.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
      bucket.n++;
      bucket.r += r;
      bucket.g += g;
      bucket.b += b;
      buckets.set(key, bucket);
    }
  }
  const ranked = [...buckets.values()].sort((a, b) => b.n - a.n).map((x) => [x.r / x.n, x.g / x.n, x.b / x.n].map(Math.round) as Rgb);
  const kept: Rgb[] = [];
  for (const colour of ranked) {
    if (kept.every((k) => distance(k, colour) > 60)) kept.push(colour);
    if (kept.length === count) break;
  }
  return kept.length ? kept : [[128, 128, 128]];
}

function distance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const luminance = ([r, g, b]: Rgb) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * `picture` mapped onto `palette` by brightness (darkest colour for shadows, lightest for
 * highlights), mixed with the original by `strength` (0..1: the LoRA scale, weaker without
 * the trigger word).
 */
export async function renderStyled(picture: Buffer, palette: Rgb[], strength: number, format: OutputFormat, quality = 80): Promise<Buffer> {
  const ramp = [...palette].sort((a, b) => luminance(a) - luminance(b));
  const { data, info } = await sharp(picture).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const out = Buffer.alloc(data.length);
  const mix = Math.max(0, Math.min(1, strength));
  for (let i = 0; i < data.length; i += 3) {
    const l = luminance([data[i], data[i + 1], data[i + 2]]) / 255;
    const at = l * (ramp.length - 1);
    const lo = ramp[Math.floor(at)];
    const hi = ramp[Math.min(ramp.length - 1, Math.floor(at) + 1)];
    const t = at - Math.floor(at);
    for (let c = 0; c < 3; c++) {
      const styled = lo[c] + (hi[c] - lo[c]) * t;
      out[i + c] = Math.round(data[i + c] * (1 - mix) + styled * mix);
    }
  }
  const img = sharp(out, { raw: { width: info.width, height: info.height, channels: 3 } });
  if (format === 'jpeg') return img.jpeg({ quality: Math.max(1, quality) }).toBuffer();
  if (format === 'webp') return img.webp({ quality: Math.max(1, quality) }).toBuffer();
  return img.png().toBuffer();
}
