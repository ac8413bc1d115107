import type { Pixels } from './image-pixels';

/**
 * Where an image paint's pixels land in a node, per Figma's scale modes: FILL covers the node
 * and crops the overflow evenly, FIT fits inside it (transparent bars), CROP follows
 * imageTransform (node unit square to image unit square), TILE repeats the image at its own
 * size times scalingFactor from the node's top-left. Bilinear sampling when enlarging,
 * box-averaging when shrinking, both on premultiplied colour so edges don't darken.
 */

/** Writes straight RGBA (0..255, alpha 0..1) into `out`; returns false where the paint leaves the pixel empty. */
export type Shader = (x: number, y: number, out: Float64Array) => boolean;

export interface NodeBoxPx {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Export pixels per design pixel. */
  scale: number;
}

export function imageShader(paint: ImagePaint, img: Pixels, box: NodeBoxPx): Shader {
  const { width: iw, height: ih } = img;
  const bw = box.width || 1;
  const bh = box.height || 1;
  // Export pixel position to image pixel position: ix = m0 x + m1 y + m2, iy = m3 x + m4 y + m5.
  let m: [number, number, number, number, number, number];
  let tile = false;
  let bounded = false;
  switch (paint.scaleMode) {
    case 'FIT':
    case 'FILL': {
      const s = paint.scaleMode === 'FILL' ? Math.max(bw / iw, bh / ih) : Math.min(bw / iw, bh / ih);
      m = [1 / s, 0, iw / 2 - (box.x + bw / 2) / s, 0, 1 / s, ih / 2 - (box.y + bh / 2) / s];
      bounded = paint.scaleMode === 'FIT';
      break;
    }
    case 'CROP': {
      const t = paint.imageTransform ?? [
        [1, 0, 0],
        [0, 1, 0],
      ];
      // u = (x - box.x) / bw, v = (y - box.y) / bh; image unit = t * (u, v, 1).
      const a = (t[0][0] * iw) / bw;
      const b = (t[0][1] * iw) / bh;
      const d = (t[1][0] * ih) / bw;
      const e = (t[1][1] * ih) / bh;
      m = [a, b, t[0][2] * iw - a * box.x - b * box.y, d, e, t[1][2] * ih - d * box.x - e * box.y];
      bounded = true;
      break;
    }
    case 'TILE': {
      const s = (paint.scalingFactor ?? 1) * box.scale;
      m = [1 / s, 0, -box.x / s, 0, 1 / s, -box.y / s];
      tile = true;
      break;
    }
    default:
      return () => false;
  }
  const [m0, m1, m2, m3, m4, m5] = m;
  const px = img.rgba;
  // How many image pixels one export pixel spans: above 1.5, average a grid of samples instead of interpolating.
  const footX = Math.hypot(m0, m3);
  const footY = Math.hypot(m1, m4);
  const nx = footX > 1.5 ? Math.min(8, Math.ceil(footX)) : 1;
  const ny = footY > 1.5 ? Math.min(8, Math.ceil(footY)) : 1;
  const col = (i: number): number => (tile ? ((i % iw) + iw) % iw : i < 0 ? 0 : i >= iw ? iw - 1 : i);
  const row = (i: number): number => (tile ? ((i % ih) + ih) % ih : i < 0 ? 0 : i >= ih ? ih - 1 : i);
  return (x, y, out) => {
    const cx = m0 * (x + 0.5) + m1 * (y + 0.5) + m2;
    const cy = m3 * (x + 0.5) + m4 * (y + 0.5) + m5;
    if (bounded && (cx < 0 || cy < 0 || cx > iw || cy > ih)) return false;
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    if (nx === 1 && ny === 1) {
      const fx = cx - 0.5;
      const fy = cy - 0.5;
      const x0 = floor(fx);
      const y0 = floor(fy);
      const tx = fx - x0;
      const ty = fy - y0;
      const c0 = col(x0);
      const c1 = col(x0 + 1);
      const r0 = row(y0) * iw;
      const r1 = row(y0 + 1) * iw;
      for (let k = 0; k < 4; k++) {
        const o = 4 * ((k < 2 ? r0 : r1) + (k & 1 ? c1 : c0));
        const w = (k & 1 ? tx : 1 - tx) * (k < 2 ? 1 - ty : ty) * px[o + 3];
        r += px[o] * w;
        g += px[o + 1] * w;
        b += px[o + 2] * w;
        a += w;
      }
    } else {
      for (let j = 0; j < ny; j++) {
        const sy = y + (j + 0.5) / ny;
        for (let i = 0; i < nx; i++) {
          const sx = x + (i + 0.5) / nx;
          const o = 4 * (row(floor(m3 * sx + m4 * sy + m5)) * iw + col(floor(m0 * sx + m1 * sy + m2)));
          const w = px[o + 3];
          r += px[o] * w;
          g += px[o + 1] * w;
          b += px[o + 2] * w;
          a += w;
        }
      }
      a /= nx * ny;
      r /= nx * ny;
      g /= nx * ny;
      b /= nx * ny;
    }
    if (a <= 0) {
      out[3] = 0;
      return true;
    }
    out[0] = r / a;
    out[1] = g / a;
    out[2] = b / a;
    out[3] = a / 255;
    return true;
  };
}

/** Math.floor without a Math call (those are slow in hot loops under jest's VM context). */
function floor(v: number): number {
  const i = v | 0;
  return i > v ? i - 1 : i;
}
