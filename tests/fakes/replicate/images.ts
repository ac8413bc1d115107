/**
 * Drawing the fake model outputs. Text-to-image draws from prompt+seed alone (a landscape, or a
 * logo mark when the prompt asks for one); the image tools transform the pixels they are given
 * (cutout.ts, fill.ts, grade.ts), so the demo shows what each tool means.
 */
import sharp from 'sharp';
import { abstractSvg } from './landscape';
import { asksForLogo, logoMarkSvg } from './logo-mark';
import type { OutputFormat } from './models';

export { hash32, rng } from './random';
export { abstractSvg } from './landscape';
export { renderCutout } from './cutout';
export { renderFill } from './fill';
export { renderGrade } from './grade';

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

export const EXTENSIONS: Record<OutputFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', svg: 'svg' };

function encode(img: sharp.Sharp, format: OutputFormat, quality = 80): Promise<Buffer> {
  if (format === 'jpeg') return img.flatten({ background: '#ffffff' }).jpeg({ quality: Math.max(1, quality) }).toBuffer();
  if (format === 'webp') return img.webp({ quality: Math.max(1, quality) }).toBuffer();
  return img.png().toBuffer();
}

/** A text-to-image output: a flat mark on a plain background for a logo prompt, else a scene. */
export async function renderSynth(
  width: number,
  height: number,
  key: string,
  format: OutputFormat,
  quality?: number,
  prompt = '',
): Promise<Buffer> {
  const svg = asksForLogo(prompt) ? logoMarkSvg(width, height, prompt, key) : abstractSvg(width, height, key);
  if (format === 'svg') return Buffer.from(svg);
  return encode(sharp(Buffer.from(svg)), format, quality);
}

/** recraft-style SVG file: a logo mark of flat vector shapes. */
export function renderVectorSvg(width: number, height: number, key: string, prompt = ''): Buffer {
  return Buffer.from(logoMarkSvg(width, height, prompt, key));
}

/** Upscaler: the input resampled (lanczos) to the larger size. */
export async function renderUpscale(inputBytes: Buffer, width: number, height: number, format: OutputFormat): Promise<Buffer> {
  return encode(sharp(inputBytes).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }), format);
}
