import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { decodeGif } from './gif';
import type { StoredImage } from './paints-and-images';

/**
 * The pixels of a stored image (8-bit RGBA), decoded once per image: PNG with fast-png, JPEG
 * with jpeg-js, GIF (first frame) with the fake's own decoder. Plain JS, so it also runs in
 * the browser playground.
 */

export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const cache = new WeakMap<StoredImage, Pixels | null>();

/** Null when the bytes cannot be decoded (the renderer then paints the image's area grey). */
export function imagePixels(image: StoredImage): Pixels | null {
  if (cache.has(image)) return cache.get(image)!;
  let pixels: Pixels | null;
  try {
    pixels = decode(image);
  } catch {
    pixels = null;
  }
  cache.set(image, pixels);
  return pixels;
}

function decode(image: StoredImage): Pixels {
  switch (image.format) {
    case 'png':
      return pngPixels(image.bytes);
    case 'jpeg': {
      const j = decodeJpeg(image.bytes, { useTArray: true, formatAsRGBA: true });
      return { width: j.width, height: j.height, rgba: j.data };
    }
    case 'gif':
      return decodeGif(image.bytes);
    default:
      throw new Error(`cannot decode ${image.format}`);
  }
}

function pngPixels(bytes: Uint8Array): Pixels {
  const png = decodePng(bytes);
  const { width, height } = png;
  const n = width * height;
  const rgba = new Uint8Array(n * 4);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const ch = png.palette[0].length;
    for (let i = 0; i < n; i++) {
      rgba[4 * i] = rgb[ch * i];
      rgba[4 * i + 1] = rgb[ch * i + 1];
      rgba[4 * i + 2] = rgb[ch * i + 2];
      rgba[4 * i + 3] = ch === 4 ? rgb[ch * i + 3] : 255;
    }
    return { width, height, rgba };
  }
  const ch = png.channels;
  const depth = png.depth;
  const data = png.data;
  const max = (1 << depth) - 1;
  const rowBytes = Math.ceil((width * ch * depth) / 8);
  // Samples scaled to 0..255, whatever the bit depth (low depths are bit-packed per row).
  const sample = (x: number, y: number, c: number): number => {
    const idx = x * ch + c;
    if (depth === 8) return data[y * width * ch + idx];
    if (depth === 16) return data[y * width * ch + idx] >> 8;
    const bit = idx * depth;
    const byte = data[y * rowBytes + (bit >> 3)];
    return Math.round((((byte >> (8 - depth - (bit & 7))) & max) * 255) / max);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 4 * (y * width + x);
      if (ch >= 3) {
        rgba[o] = sample(x, y, 0);
        rgba[o + 1] = sample(x, y, 1);
        rgba[o + 2] = sample(x, y, 2);
        rgba[o + 3] = ch === 4 ? sample(x, y, 3) : 255;
      } else {
        const g = sample(x, y, 0);
        rgba[o] = rgba[o + 1] = rgba[o + 2] = g;
        rgba[o + 3] = ch === 2 ? sample(x, y, 1) : 255;
      }
    }
  }
  return { width, height, rgba };
}
