/**
 * The demo's inpainting and outpainting: only the pixels the mask marks for repainting change.
 * An inpainted region gets colours extrapolated from the kept pixels around it (push-pull)
 * and a shaded object from prompt+seed; an outpainted surround continues the source mirrored
 * across its edges, fading with distance into those colours and a faint new scene. The new content is feathered
 * inwards from the mask edge, so the seam is soft and every kept pixel comes back exactly.
 */
import sharp from 'sharp';
import { abstractSvg } from './landscape';
import type { OutputFormat } from './models';
import { hslToRgb, promptColour, promptHue, hex } from './palette';
import { boxBlur, decodeGrey, decodeRgba, encodeRgba, pushPullFill, type Rgba } from './pixels';
import { renderGrade } from './grade';

export interface FillArgs {
  input: Buffer;
  /** The model's mask, and which of its colours means "repaint" (models differ). */
  mask?: { bytes: Buffer; repaint: 'white' | 'black' };
  /** Output size; larger than the input without a mask means "zoom out" around it. */
  width: number;
  height: number;
  prompt: string;
  key: string;
  strength: number;
  format: OutputFormat;
  quality?: number;
}

type Box = { x0: number; y0: number; x1: number; y1: number };

export async function renderFill(args: FillArgs): Promise<Buffer> {
  const { width: w, height: h } = args;
  const { img, repaint } = await canvasAndMask(args);
  if (!repaint.some((v) => v > 0)) {
    return renderGrade({ ...args });
  }

  const rgb = new Float32Array(w * h * 3);
  const known = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    for (let k = 0; k < 3; k++) rgb[i * 3 + k] = img.data[i * 4 + k];
    known[i] = (1 - repaint[i]) * (img.data[i * 4 + 3] / 255);
  }
  const filled = pushPullFill(rgb, known, w, h);

  const keptRect = keptRectangle(repaint, w, h);
  const content = keptRect
    ? await surround(img, filled, keptRect, args)
    : await withObject(filled, repaintBox(repaint, w, h), args);

  const feather = Math.max(2, Math.round(Math.min(w, h) / 150));
  const blurred = boxBlur(repaint, w, h, feather);
  const out = Buffer.from(img.data);
  for (let i = 0; i < w * h; i++) {
    const m = repaint[i];
    if (m <= 0) continue;
    // Near the mask edge the new object gives way to the extrapolated colours, which match the
    // kept pixels, rather than to what was under the mask (the grey of an expand canvas). The
    // mirrored surround of an outpaint already starts from the kept pixels.
    const a = keptRect ? 1 : Math.max(0, Math.min(1, 2 * blurred[i] - 1));
    for (let k = 0; k < 3; k++) {
      const painted = filled[i * 3 + k] * (1 - a) + content[i * 3 + k] * a;
      out[i * 4 + k] = Math.round(img.data[i * 4 + k] * (1 - m) + painted * m);
    }
    out[i * 4 + 3] = Math.round(img.data[i * 4 + 3] + (255 - img.data[i * 4 + 3]) * m);
  }
  return encodeRgba({ width: w, height: h, data: out }, args.format, args.quality);
}

/** The image at output size and how much each pixel is to be repainted, in [0, 1]. */
async function canvasAndMask(args: FillArgs): Promise<{ img: Rgba; repaint: Float32Array }> {
  const { width: w, height: h } = args;
  if (args.mask) {
    const img = await decodeRgba(args.input, { width: w, height: h });
    const grey = await decodeGrey(args.mask.bytes, { width: w, height: h });
    const repaint = args.mask.repaint === 'white' ? grey : grey.map((g) => 1 - g);
    return { img, repaint };
  }
  const src = await decodeRgba(args.input);
  if (src.width === w && src.height === h) {
    // No mask: an image's transparent pixels are the ones to fill (FLUX Fill's alpha mask).
    const repaint = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) repaint[i] = 1 - src.data[i * 4 + 3] / 255;
    return { img: src, repaint };
  }
  // Zoom out: the source in the middle, everything around it new.
  const left = Math.round((w - src.width) / 2);
  const top = Math.round((h - src.height) / 2);
  const data = Buffer.alloc(w * h * 4);
  const repaint = new Float32Array(w * h).fill(1);
  for (let y = 0; y < src.height; y++) {
    src.data.copy(data, ((top + y) * w + left) * 4, y * src.width * 4, (y + 1) * src.width * 4);
    repaint.fill(0, (top + y) * w + left, (top + y) * w + left + src.width);
  }
  return { img: { width: w, height: h, data }, repaint };
}

/**
 * The kept pixels' box when they form one rectangle with repainting all around it: the shape
 * of an expand (outpaint) request, whose new surround should continue the picture.
 */
function keptRectangle(repaint: Float32Array, w: number, h: number): Box | undefined {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (repaint[y * w + x] < 0.5) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0 || (x0 === 0 && y0 === 0 && x1 === w - 1 && y1 === h - 1)) return undefined;
  let inside = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (repaint[y * w + x] < 0.5) inside++;
  const area = (x1 - x0 + 1) * (y1 - y0 + 1);
  return inside >= 0.995 * area ? { x0, y0, x1: x1 + 1, y1: y1 + 1 } : undefined;
}

function repaintBox(repaint: Float32Array, w: number, h: number): Box {
  const box = { x0: w, y0: h, x1: 0, y1: 0 };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (repaint[y * w + x] >= 0.5) {
        box.x0 = Math.min(box.x0, x);
        box.x1 = Math.max(box.x1, x + 1);
        box.y0 = Math.min(box.y0, y);
        box.y1 = Math.max(box.y1, y + 1);
      }
    }
  }
  return box.x1 > box.x0 ? box : { x0: 0, y0: 0, x1: w, y1: h };
}

/**
 * Outpainting: the source mirrored across its edges (so hills, horizons and gradients carry on),
 * melting with distance into the extrapolated edge colours and a faint new scene.
 */
async function surround(img: Rgba, filled: Float32Array, kept: Box, args: FillArgs): Promise<Float32Array> {
  const { width: w, height: h } = args;
  const scene = await rasterise(abstractSvg(w, h, args.key), w, h);
  const margin = Math.max(1, kept.x0, kept.y0, w - kept.x1, h - kept.y1);
  const mirror = (v: number, lo: number, hi: number) => {
    const span = hi - lo;
    let t = (v - lo) % (2 * span);
    if (t < 0) t += 2 * span;
    return lo + (t < span ? t : 2 * span - 1 - t);
  };
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const my = mirror(y, kept.y0, kept.y1);
    for (let x = 0; x < w; x++) {
      const d = Math.min(1, Math.max(kept.x0 - x, x + 1 - kept.x1, kept.y0 - y, y + 1 - kept.y1, 0) / margin);
      const i = y * w + x;
      const m = (my * w + mirror(x, kept.x0, kept.x1)) * 4;
      for (let k = 0; k < 3; k++) {
        const continued = img.data[m + k] * (1 - 0.75 * d) + filled[i * 3 + k] * 0.75 * d;
        out[i * 3 + k] = continued * (1 - 0.3 * d) + scene[i * 4 + k] * 0.3 * d;
      }
    }
  }
  return out;
}

/** Inpainting: a shaded object in the prompt's colour, filling the repainted region's box. */
async function withObject(filled: Float32Array, box: Box, args: FillArgs): Promise<Float32Array> {
  const { width: w, height: h } = args;
  const base = promptColour(args.prompt) ?? hslToRgb(promptHue(args.prompt, args.key), 0.7, 0.5);
  const light = hex(base.map((v) => v + (255 - v) * 0.6) as typeof base);
  const dark = hex(base.map((v) => v * 0.45) as typeof base);
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const rx = ((box.x1 - box.x0) / 2) * 0.72;
  const ry = ((box.y1 - box.y0) / 2) * 0.72;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
    `<defs><radialGradient id="o" cx="0.38" cy="0.34" r="0.75"><stop offset="0" stop-color="${light}"/>` +
    `<stop offset="0.55" stop-color="${hex(base)}"/><stop offset="1" stop-color="${dark}"/></radialGradient></defs>` +
    `<ellipse cx="${cx.toFixed(1)}" cy="${(cy + ry * 0.12).toFixed(1)}" rx="${(rx * 1.02).toFixed(1)}" ry="${(ry * 0.98).toFixed(1)}" fill="#000" fill-opacity="0.18"/>` +
    `<ellipse cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" rx="${rx.toFixed(1)}" ry="${ry.toFixed(1)}" fill="url(#o)"/></svg>`;
  const object = await rasterise(svg, w, h);
  const out = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const a = object[i * 4 + 3] / 255;
    for (let k = 0; k < 3; k++) out[i * 3 + k] = filled[i * 3 + k] * (1 - a) + object[i * 4 + k] * a;
  }
  return out;
}

async function rasterise(svg: string, w: number, h: number): Promise<Buffer> {
  return sharp(Buffer.from(svg)).resize(w, h, { fit: 'fill' }).ensureAlpha().raw().toBuffer();
}
