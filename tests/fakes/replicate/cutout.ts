/**
 * The demo background remover: the background is whatever colour(s) the image border is made
 * of; it is flood-filled from the edges (so a subject of the same colour inside stays) and
 * made transparent with a soft edge. A border too varied to call a background (a photo) falls
 * back to a soft centred ellipse, as does an image that is all background.
 */
import type { OutputFormat } from './models';
import { boxBlur, decodeRgba, encodeRgba, type Rgba } from './pixels';

/** Largest per-channel difference still counted as background. */
const TOLERANCE = 42;
/** Share of border pixels that must match the background colour(s). */
const UNIFORM_ENOUGH = 0.85;

type Rgb = [number, number, number];

export async function renderCutout(inputBytes: Buffer, width: number, height: number, format: OutputFormat): Promise<Buffer> {
  const img = await decodeRgba(inputBytes, { width, height });
  const keep = backgroundKeep(img) ?? ellipseKeep(width, height);
  const soft = boxBlur(keep, width, height, Math.max(1, Math.round(Math.min(width, height) / 400)));
  const out = Buffer.from(img.data);
  // Softened inwards only: background pixels stay fully clear, so no halo of their colour.
  for (let i = 0; i < width * height; i++) out[i * 4 + 3] = Math.round(out[i * 4 + 3] * keep[i] * soft[i]);
  return encodeRgba({ width, height, data: out }, format);
}

/** 1 for the subject, 0 for background; undefined when no background can be told apart. */
function backgroundKeep(img: Rgba): Float32Array | undefined {
  const { width: w, height: h, data } = img;
  const border: number[] = [];
  for (let x = 0; x < w; x++) border.push(x, (h - 1) * w + x);
  for (let y = 1; y < h - 1; y++) border.push(y * w, y * w + w - 1);
  const clear = (i: number) => data[i * 4 + 3] < 16;
  const opaqueBorder = border.filter((i) => !clear(i));
  // An already transparent border needs no colour: the clear pixels are the background.
  const colours = opaqueBorder.length < 0.15 * border.length ? [] : backgroundColours(opaqueBorder.map((i) => rgbAt(data, i)), border.length);
  if (!colours) return undefined;
  const isBackground = (i: number) => {
    if (clear(i)) return true;
    const o = i * 4;
    for (const c of colours) {
      if (Math.abs(data[o] - c[0]) <= TOLERANCE && Math.abs(data[o + 1] - c[1]) <= TOLERANCE && Math.abs(data[o + 2] - c[2]) <= TOLERANCE) return true;
    }
    return false;
  };

  const bg = new Uint8Array(w * h);
  const stack: number[] = [];
  for (const i of border) {
    if (!bg[i] && isBackground(i)) {
      bg[i] = 1;
      stack.push(i);
    }
  }
  const visit = (n: number) => {
    if (!bg[n] && isBackground(n)) {
      bg[n] = 1;
      stack.push(n);
    }
  };
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % w;
    if (x > 0) visit(i - 1);
    if (x < w - 1) visit(i + 1);
    if (i >= w) visit(i - w);
    if (i < w * (h - 1)) visit(i + w);
  }
  let background = 0;
  const keep = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    keep[i] = bg[i] ? 0 : 1;
    background += bg[i];
  }
  if (background > 0.98 * w * h) return undefined;
  return keep;
}

/** Up to two colours that together cover most of the border, or undefined. */
function backgroundColours(border: Rgb[], all: number): Rgb[] | undefined {
  const first = median(border);
  const rest = border.filter((c) => !near(c, first));
  const colours = [first];
  if (rest.length > 0.15 * border.length) colours.push(median(rest));
  const uncovered = border.filter((c) => !colours.some((k) => near(c, k))).length;
  return uncovered <= (1 - UNIFORM_ENOUGH) * all ? colours : undefined;
}

function ellipseKeep(w: number, h: number): Float32Array {
  const keep = new Float32Array(w * h);
  const rx = w * 0.38;
  const ry = h * 0.42;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = Math.hypot((x + 0.5 - w / 2) / rx, (y + 0.5 - h / 2) / ry);
      keep[y * w + x] = d <= 1 ? 1 : 0;
    }
  }
  return keep;
}

function rgbAt(data: Buffer, i: number): Rgb {
  return [data[i * 4], data[i * 4 + 1], data[i * 4 + 2]];
}

function near(a: Rgb, b: Rgb): boolean {
  return Math.abs(a[0] - b[0]) <= TOLERANCE && Math.abs(a[1] - b[1]) <= TOLERANCE && Math.abs(a[2] - b[2]) <= TOLERANCE;
}

function median(colours: Rgb[]): Rgb {
  const mid = (k: number) => {
    const v = colours.map((c) => c[k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  return [mid(0), mid(1), mid(2)];
}
