/**
 * Drawing the fake model outputs: plausible abstract pictures (gradient sky, soft glows, hills,
 * a few shapes) whose colours and layout come from a hash of prompt+seed, so the same request
 * gives the same bytes. Rasterised and encoded with sharp.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { OutputFormat } from './models';

export function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

/** mulberry32: small deterministic PRNG returning [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hsl(h: number, s: number, l: number): string {
  return `hsl(${Math.round(h) % 360},${Math.round(s)}%,${Math.round(l)}%)`;
}

/** An SVG picture (no filters, so both librsvg and browsers draw it quickly). */
export function abstractSvg(width: number, height: number, key: string, opacity = 1): string {
  const r = rng(hash32(key));
  const hue = r() * 360;
  const w = width;
  const h = height;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">` +
      `<stop offset="0" stop-color="${hsl(hue, 60, 22)}"/>` +
      `<stop offset="0.6" stop-color="${hsl(hue + 40, 70, 55)}"/>` +
      `<stop offset="1" stop-color="${hsl(hue + 70, 80, 78)}"/></linearGradient>`,
  );
  const glows = 3 + Math.floor(r() * 3);
  for (let i = 0; i < glows; i++) {
    const gh = hue + 120 + r() * 120;
    parts.push(
      `<radialGradient id="g${i}"><stop offset="0" stop-color="${hsl(gh, 90, 70)}" stop-opacity="0.85"/>` +
        `<stop offset="1" stop-color="${hsl(gh, 90, 50)}" stop-opacity="0"/></radialGradient>`,
    );
  }
  parts.push('</defs>', `<g opacity="${opacity}">`, `<rect width="${w}" height="${h}" fill="url(#sky)"/>`);
  for (let i = 0; i < glows; i++) {
    const cx = r() * w;
    const cy = r() * h * 0.7;
    const rad = (0.15 + r() * 0.35) * Math.max(w, h);
    parts.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${rad.toFixed(1)}" fill="url(#g${i})"/>`);
  }
  // A sun or moon.
  parts.push(
    `<circle cx="${(w * (0.2 + r() * 0.6)).toFixed(1)}" cy="${(h * (0.2 + r() * 0.25)).toFixed(1)}" r="${(Math.min(w, h) * (0.05 + r() * 0.08)).toFixed(1)}" fill="${hsl(hue + 180, 90, 85)}" fill-opacity="0.9"/>`,
  );
  // Layered hills, darker towards the front.
  const layers = 3;
  for (let l = 0; l < layers; l++) {
    const base = h * (0.55 + l * 0.14);
    const amp = h * (0.06 + r() * 0.08);
    const steps = 6;
    let d = `M0 ${h} L0 ${(base - amp * r()).toFixed(1)}`;
    for (let s = 1; s <= steps; s++) {
      const x = (w * s) / steps;
      const cx = x - w / steps / 2;
      d += ` Q${cx.toFixed(1)} ${(base - amp * (0.5 + r())).toFixed(1)} ${x.toFixed(1)} ${(base - amp * r()).toFixed(1)}`;
    }
    d += ` L${w} ${h} Z`;
    parts.push(`<path d="${d}" fill="${hsl(hue + 200 + l * 15, 35 + l * 10, 35 - l * 9)}"/>`);
  }
  // A few geometric accents.
  const shapes = 2 + Math.floor(r() * 4);
  for (let i = 0; i < shapes; i++) {
    const x = r() * w;
    const y = r() * h;
    const size = Math.min(w, h) * (0.03 + r() * 0.08);
    const fill = hsl(hue + r() * 360, 70, 60);
    if (r() < 0.5) {
      parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${size.toFixed(1)}" fill="${fill}" fill-opacity="0.7"/>`);
    } else {
      parts.push(
        `<rect x="${(x - size).toFixed(1)}" y="${(y - size).toFixed(1)}" width="${(2 * size).toFixed(1)}" height="${(2 * size).toFixed(1)}" rx="${(size / 4).toFixed(1)}" fill="${fill}" fill-opacity="0.6" transform="rotate(${Math.round(r() * 90)} ${x.toFixed(1)} ${y.toFixed(1)})"/>`,
      );
    }
  }
  parts.push('</g></svg>');
  return parts.join('');
}

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

/** A text-to-image output. */
export async function renderSynth(
  width: number,
  height: number,
  key: string,
  format: OutputFormat,
  quality?: number,
): Promise<Buffer> {
  const svg = abstractSvg(width, height, key);
  if (format === 'svg') return Buffer.from(svg);
  return encode(sharp(Buffer.from(svg)), format, quality);
}

/** recraft-style SVG file: flat vector shapes only. */
export function renderVectorSvg(width: number, height: number, key: string): Buffer {
  const r = rng(hash32(key));
  const hue = r() * 360;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${hsl(hue, 40, 92)}"/>`,
  ];
  const n = 4 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const x = (0.15 + r() * 0.7) * width;
    const y = (0.15 + r() * 0.7) * height;
    const s = (0.08 + r() * 0.2) * Math.min(width, height);
    const fill = hsl(hue + r() * 180, 65, 35 + r() * 30);
    const k = Math.floor(r() * 3);
    if (k === 0) parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${s.toFixed(1)}" fill="${fill}"/>`);
    else if (k === 1)
      parts.push(`<rect x="${(x - s).toFixed(1)}" y="${(y - s / 2).toFixed(1)}" width="${(2 * s).toFixed(1)}" height="${s.toFixed(1)}" rx="${(s / 5).toFixed(1)}" fill="${fill}"/>`);
    else
      parts.push(`<path d="M${x.toFixed(1)} ${(y - s).toFixed(1)} L${(x + s).toFixed(1)} ${(y + s).toFixed(1)} L${(x - s).toFixed(1)} ${(y + s).toFixed(1)} Z" fill="${fill}"/>`);
  }
  parts.push('</svg>');
  return Buffer.from(parts.join(''));
}

/** Background remover: the input with a transparent surround (an elliptical cut-out). */
export async function renderCutout(inputBytes: Buffer, width: number, height: number, format: OutputFormat): Promise<Buffer> {
  const mask = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><ellipse cx="${width / 2}" cy="${height / 2}" rx="${width * 0.38}" ry="${height * 0.42}" fill="#fff"/></svg>`,
  );
  const base = await sharp(inputBytes).resize(width, height, { fit: 'fill' }).ensureAlpha().png().toBuffer();
  const cut = sharp(base).composite([{ input: mask, blend: 'dest-in' }]);
  if (format === 'jpeg') return encode(sharp(await cut.png().toBuffer()), 'jpeg');
  return cut.png().toBuffer();
}

/** Upscaler: the input resized. */
export async function renderUpscale(inputBytes: Buffer, width: number, height: number, format: OutputFormat): Promise<Buffer> {
  return encode(sharp(inputBytes).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }), format);
}

/** Editing models: the input (centred, for outpainting) with a new picture blended over it. */
export async function renderEdit(
  inputBytes: Buffer,
  width: number,
  height: number,
  key: string,
  format: OutputFormat,
  quality?: number,
): Promise<Buffer> {
  const overlay = await sharp(Buffer.from(abstractSvg(width, height, key, 0.45))).png().toBuffer();
  const meta = await sharp(inputBytes).metadata();
  const iw = meta.width ?? width;
  const ih = meta.height ?? height;
  const fit = Math.min(width / iw, height / ih, 1);
  const inner = await sharp(inputBytes)
    .resize(Math.max(1, Math.round(iw * fit)), Math.max(1, Math.round(ih * fit)), { fit: 'fill' })
    .png()
    .toBuffer();
  const innerMeta = await sharp(inner).metadata();
  const base = sharp(Buffer.from(abstractSvg(width, height, key + '#bg'))).composite([
    {
      input: inner,
      left: Math.round((width - (innerMeta.width ?? width)) / 2),
      top: Math.round((height - (innerMeta.height ?? height)) / 2),
    },
    { input: overlay },
  ]);
  return encode(sharp(await base.png().toBuffer()), format, quality);
}
