/**
 * Raw RGBA pixels for the demo's image tools, which must transform the very pixels they are
 * given (a cut-out, an inpainted region) rather than draw something new over them.
 */
import sharp from 'sharp';
import type { OutputFormat } from './models';

export interface Rgba {
  width: number;
  height: number;
  /** width*height*4 bytes, row-major, straight (not premultiplied) alpha. */
  data: Buffer;
}

/** Decodes any image sharp reads to RGBA, stretched to `size` when one is given. */
export async function decodeRgba(bytes: Buffer, size?: { width: number; height: number }): Promise<Rgba> {
  let img = sharp(bytes).ensureAlpha();
  const meta = await sharp(bytes).metadata();
  // Same size: no resampling at all, so untouched pixels come back byte for byte.
  if (size && (meta.width !== size.width || meta.height !== size.height)) {
    img = img.resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' });
  }
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** One grey level per pixel in [0, 1], stretched to `size` (masks are resized to the image). */
export async function decodeGrey(bytes: Buffer, size: { width: number; height: number }): Promise<Float32Array> {
  const { data, info } = await sharp(bytes)
    .flatten({ background: '#000000' })
    .resize(size.width, size.height, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Float32Array(size.width * size.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels] / 255;
  return out;
}

export function encodeRgba(img: Rgba, format: OutputFormat, quality = 80): Promise<Buffer> {
  const s = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } });
  if (format === 'jpeg') return s.flatten({ background: '#ffffff' }).jpeg({ quality: Math.max(1, quality) }).toBuffer();
  if (format === 'webp') return s.webp({ quality: Math.max(1, quality) }).toBuffer();
  return s.png().toBuffer();
}

/** Separable box blur of a one-channel field, edges clamped. */
export function boxBlur(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  if (radius < 1) return src.slice();
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const n = 2 * radius + 1;
  const pass = (from: Float32Array, to: Float32Array, len: number, lines: number, at: (line: number, i: number) => number) => {
    for (let line = 0; line < lines; line++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += from[at(line, Math.min(len - 1, Math.max(0, k)))];
      for (let i = 0; i < len; i++) {
        to[at(line, i)] = sum / n;
        sum += from[at(line, Math.min(len - 1, i + radius + 1))] - from[at(line, Math.max(0, i - radius))];
      }
    }
  };
  pass(src, tmp, width, height, (y, x) => y * width + x);
  pass(tmp, out, height, width, (x, y) => y * width + x);
  return out;
}

/**
 * Push-pull hole filling: colours where `weight` is 0 are smoothly extrapolated from those
 * where it is 1 (coarser levels average the known colours, finer levels take them back where
 * they exist). Returns width*height*3 floats.
 */
export function pushPullFill(rgb: Float32Array, weight: Float32Array, width: number, height: number): Float32Array {
  type Level = { w: number; h: number; c: Float32Array; a: Float32Array };
  const levels: Level[] = [];
  let cur: Level = { w: width, h: height, c: new Float32Array(width * height * 3), a: new Float32Array(width * height) };
  for (let i = 0; i < width * height; i++) {
    const a = Math.max(0, Math.min(1, weight[i]));
    cur.a[i] = a;
    for (let k = 0; k < 3; k++) cur.c[i * 3 + k] = rgb[i * 3 + k] * a;
  }
  levels.push(cur);
  while (cur.w > 1 || cur.h > 1) {
    const w = Math.max(1, Math.ceil(cur.w / 2));
    const h = Math.max(1, Math.ceil(cur.h / 2));
    const next: Level = { w, h, c: new Float32Array(w * h * 3), a: new Float32Array(w * h) };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = y * w + x;
        let a = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const sx = Math.min(cur.w - 1, 2 * x + dx);
            const sy = Math.min(cur.h - 1, 2 * y + dy);
            const s = sy * cur.w + sx;
            a += cur.a[s];
            for (let k = 0; k < 3; k++) next.c[o * 3 + k] += cur.c[s * 3 + k];
          }
        }
        // Weights saturate at 1 so one known pixel does not outvote the coarse estimate forever.
        const scale = a > 1 ? 1 / a : 1;
        next.a[o] = a * scale;
        for (let k = 0; k < 3; k++) next.c[o * 3 + k] *= scale;
      }
    }
    levels.push(next);
    cur = next;
  }
  // Pull: each level's unknown share comes from the (bilinearly sampled) coarser level.
  let filled = new Float32Array(3);
  {
    const top = levels[levels.length - 1];
    for (let k = 0; k < 3; k++) filled[k] = top.a[0] > 0 ? top.c[k] / top.a[0] : 128;
  }
  for (let l = levels.length - 2; l >= 0; l--) {
    const L = levels[l];
    const C = levels[l + 1];
    const out = new Float32Array(L.w * L.h * 3);
    for (let y = 0; y < L.h; y++) {
      const fy = Math.min(C.h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
      const y0 = Math.floor(fy);
      const y1 = Math.min(C.h - 1, y0 + 1);
      const ty = fy - y0;
      for (let x = 0; x < L.w; x++) {
        const fx = Math.min(C.w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
        const x0 = Math.floor(fx);
        const x1 = Math.min(C.w - 1, x0 + 1);
        const tx = fx - x0;
        const o = y * L.w + x;
        const a = L.a[o];
        for (let k = 0; k < 3; k++) {
          const coarse =
            (filled[(y0 * C.w + x0) * 3 + k] * (1 - tx) + filled[(y0 * C.w + x1) * 3 + k] * tx) * (1 - ty) +
            (filled[(y1 * C.w + x0) * 3 + k] * (1 - tx) + filled[(y1 * C.w + x1) * 3 + k] * tx) * ty;
          out[o * 3 + k] = L.c[o * 3 + k] + (1 - a) * coarse;
        }
      }
    }
    filled = out;
  }
  return filled;
}
