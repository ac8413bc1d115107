import { convertIndexedToRgb, decode as decodePng, encode as encodePng } from 'fast-png';
// The decoder module alone: the package's index also bundles its encoder, never used here.
import decodeJpeg from 'jpeg-js/lib/decoder';
import { NamedError } from '../../shared/errors';
import { readImageInfo } from '../../shared/images/image-info';

/**
 * Exact inpaint: models repaint the whole image (re-encoding, shifting colours, sometimes
 * redrawing details), though only the masked part was asked for. This puts only the masked
 * pixels of the result back onto the original, with a short feather inside the mask's edge,
 * at the original's size: every pixel outside the mask keeps the original's exact RGBA.
 *
 * Pure JS (fast-png, jpeg-js) so it runs the same in the panel and under jest, with no canvas
 * colour management or premultiplication to disturb the kept pixels.
 */
export interface MaskedSource {
  /** The exported source (PNG), as sent to the model. */
  image: Uint8Array;
  /** The exported mask (PNG), the same size as `image`. */
  mask: Uint8Array;
  /** Which colour in the mask means "repaint". */
  repaint: 'white' | 'black';
}

export interface Rgba {
  width: number;
  height: number;
  /** width × height × 4, straight alpha. */
  data: Uint8Array;
}

/** Feather width inside the mask's edge: about 0.6 % of the long side, 1 to 8 px. */
export function featherRadius(width: number, height: number): number {
  return Math.max(1, Math.min(8, Math.round(Math.max(width, height) * 0.006)));
}

export function compositeMasked(source: MaskedSource, result: Uint8Array): Uint8Array {
  const original = decodeImage(source.image);
  const mask = decodeImage(source.mask);
  if (mask.width !== original.width || mask.height !== original.height) {
    throw new NamedError('MaskSizeMismatch', 'The mask and the image it belongs to came out at different sizes.');
  }
  const painted = resample(decodeImage(result), original.width, original.height);
  const weights = maskWeights(mask, source.repaint, featherRadius(original.width, original.height));
  const out = new Uint8Array(original.data);
  for (let i = 0, p = 0; i < weights.length; i++, p += 4) {
    const w = weights[i];
    if (w === 0) continue;
    for (let c = 0; c < 4; c++) out[p + c] = Math.round(original.data[p + c] + (painted.data[p + c] - original.data[p + c]) * w);
  }
  return encodePng({ width: original.width, height: original.height, data: out, channels: 4, depth: 8 });
}

/**
 * 0 outside the mask (exactly), rising to 1 a feather's width inside it: the mask's own
 * coverage times how far inside its edge a pixel is (a box blur of the coverage).
 */
export function maskWeights(mask: Rgba, repaint: 'white' | 'black', radius: number): Float32Array {
  const { width, height, data } = mask;
  const coverage = new Float32Array(width * height);
  for (let i = 0, p = 0; i < coverage.length; i++, p += 4) {
    const luma = (data[p] * 0.299 + data[p + 1] * 0.587 + data[p + 2] * 0.114) / 255;
    const value = repaint === 'white' ? luma : 1 - luma;
    // Anything the mask leaves fully transparent is not asked to be repainted.
    coverage[i] = value * (data[p + 3] / 255);
  }
  const blurred = boxBlur(boxBlur(coverage, width, height, radius, true), width, height, radius, false);
  const weights = new Float32Array(coverage.length);
  for (let i = 0; i < coverage.length; i++) {
    if (coverage[i] <= 0) continue;
    // At the edge the blur is about 0.5, deep inside 1: map that onto 0..1.
    const inside = Math.min(1, Math.max(0, (blurred[i] - 0.5) * 2));
    weights[i] = coverage[i] * Math.max(inside, 1 / 255);
  }
  return weights;
}

function boxBlur(values: Float32Array, width: number, height: number, radius: number, horizontal: boolean): Float32Array {
  const out = new Float32Array(values.length);
  const [lines, length] = horizontal ? [height, width] : [width, height];
  const at = (line: number, k: number) => (horizontal ? line * width + k : k * width + line);
  const span = radius * 2 + 1;
  for (let line = 0; line < lines; line++) {
    // Edges repeat the border value, so a mask touching the image's edge is not faded there.
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += values[at(line, clamp(k, 0, length - 1))];
    for (let k = 0; k < length; k++) {
      out[at(line, k)] = sum / span;
      sum += values[at(line, clamp(k + radius + 1, 0, length - 1))] - values[at(line, clamp(k - radius, 0, length - 1))];
    }
  }
  return out;
}

/** PNG or JPEG bytes as 8-bit RGBA. */
export function decodeImage(bytes: Uint8Array): Rgba {
  const format = readImageInfo(bytes).format;
  if (format === 'jpeg') {
    const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: jpeg.width, height: jpeg.height, data: jpeg.data };
  }
  if (format !== 'png') {
    throw new NamedError('UnsupportedImage', `Exact inpaint works on PNG and JPEG results, not ${format.toUpperCase()}.`);
  }
  const png = decodePng(bytes);
  let data = png.palette ? convertIndexedToRgb(png) : png.data;
  let channels = png.palette ? (png.palette[0]?.length ?? 3) : png.channels;
  if (png.depth === 16) data = Uint8Array.from(data as Uint16Array, (v) => v >> 8);
  const pixels = png.width * png.height;
  const rgba = new Uint8Array(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    const s = i * channels;
    const grey = channels < 3;
    rgba[i * 4] = data[s];
    rgba[i * 4 + 1] = grey ? data[s] : data[s + 1];
    rgba[i * 4 + 2] = grey ? data[s] : data[s + 2];
    rgba[i * 4 + 3] = channels === 2 ? data[s + 1] : channels === 4 ? data[s + 3] : 255;
  }
  return { width: png.width, height: png.height, data: rgba };
}

/** Bilinear resize; the same size passes through untouched. */
function resample(image: Rgba, width: number, height: number): Rgba {
  if (image.width === width && image.height === height) return image;
  const out = new Uint8Array(width * height * 4);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(image.height - 1, Math.floor(fy));
    const y1 = Math.min(image.height - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(image.width - 1, Math.floor(fx));
      const x1 = Math.min(image.width - 1, x0 + 1);
      const tx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const a = image.data[(y0 * image.width + x0) * 4 + c];
        const b = image.data[(y0 * image.width + x1) * 4 + c];
        const d = image.data[(y1 * image.width + x0) * 4 + c];
        const e = image.data[(y1 * image.width + x1) * 4 + c];
        out[(y * width + x) * 4 + c] = Math.round((a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty);
      }
    }
  }
  return { width, height, data: out };
}

function clamp(n: number, min: number, max: number): number {
  return n < min ? min : n > max ? max : n;
}

/**
 * The placeable form: the model's result with only its masked pixels kept. A result this
 * cannot read (a GIF) is placed as the model made it, and the person is told.
 */
export function keepOutsideMask<T extends { kind: 'raster'; bytes: Uint8Array; width: number; height: number; note?: string }>(
  image: T,
  source: MaskedSource,
): T {
  try {
    const bytes = compositeMasked(source, image.bytes);
    const size = decodeSize(source.image);
    return { ...image, bytes, width: size.width, height: size.height };
  } catch (error) {
    const note = `Placed as the model made it: ${(error as Error).message}`;
    return { ...image, note: [image.note, note].filter(Boolean).join(' ') };
  }
}

function decodeSize(bytes: Uint8Array): { width: number; height: number } {
  const info = readImageInfo(bytes);
  return { width: info.width, height: info.height };
}
