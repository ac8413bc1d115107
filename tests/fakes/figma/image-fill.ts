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
  // Image pixels per export pixel along each axis, and a map from export pixel centre to image coordinates.
  let toImage: (x: number, y: number) => [number, number];
  let footX: number;
  let footY: number;
  let tile = false;
  let bounded = false;
  switch (paint.scaleMode) {
    case 'FIT':
    case 'FILL': {
      const s = paint.scaleMode === 'FILL' ? Math.max(bw / iw, bh / ih) : Math.min(bw / iw, bh / ih);
      toImage = (x, y) => [(x - box.x - bw / 2) / s + iw / 2, (y - box.y - bh / 2) / s + ih / 2];
      footX = footY = 1 / s;
      bounded = paint.scaleMode === 'FIT';
      break;
    }
    case 'CROP': {
      const t = paint.imageTransform ?? [
        [1, 0, 0],
        [0, 1, 0],
      ];
      toImage = (x, y) => {
        const u = (x - box.x) / bw;
        const v = (y - box.y) / bh;
        return [(t[0][0] * u + t[0][1] * v + t[0][2]) * iw, (t[1][0] * u + t[1][1] * v + t[1][2]) * ih];
      };
      footX = (Math.hypot(t[0][0], t[1][0]) * iw) / bw;
      footY = (Math.hypot(t[0][1], t[1][1]) * ih) / bh;
      bounded = true;
      break;
    }
    case 'TILE': {
      const s = (paint.scalingFactor ?? 1) * box.scale;
      toImage = (x, y) => [(x - box.x) / s, (y - box.y) / s];
      footX = footY = 1 / s;
      tile = true;
      break;
    }
    default:
      return () => false;
  }
  const px = img.rgba;
  const acc = new Float64Array(4);
  const wrapX = (i: number): number => (tile ? ((i % iw) + iw) % iw : Math.min(iw - 1, Math.max(0, i)));
  const wrapY = (i: number): number => (tile ? ((i % ih) + ih) % ih : Math.min(ih - 1, Math.max(0, i)));
  const add = (ix: number, iy: number, w: number): void => {
    const o = 4 * (wrapY(iy) * iw + wrapX(ix));
    const a = (px[o + 3] / 255) * w;
    acc[0] += px[o] * a;
    acc[1] += px[o + 1] * a;
    acc[2] += px[o + 2] * a;
    acc[3] += a;
  };
  const bilinear = (fx: number, fy: number, w: number): void => {
    const x0 = Math.floor(fx - 0.5);
    const y0 = Math.floor(fy - 0.5);
    const tx = fx - 0.5 - x0;
    const ty = fy - 0.5 - y0;
    add(x0, y0, (1 - tx) * (1 - ty) * w);
    add(x0 + 1, y0, tx * (1 - ty) * w);
    add(x0, y0 + 1, (1 - tx) * ty * w);
    add(x0 + 1, y0 + 1, tx * ty * w);
  };
  const nx = Math.min(8, Math.max(1, Math.ceil(footX)));
  const ny = Math.min(8, Math.max(1, Math.ceil(footY)));
  return (x, y, out) => {
    const [cx, cy] = toImage(x + 0.5, y + 0.5);
    if (bounded && (cx < 0 || cy < 0 || cx > iw || cy > ih)) return false;
    acc.fill(0);
    if (nx === 1 && ny === 1) bilinear(cx, cy, 1);
    else {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const [sx, sy] = toImage(x + (i + 0.5) / nx, y + (j + 0.5) / ny);
          add(Math.floor(sx), Math.floor(sy), 1 / (nx * ny));
        }
      }
    }
    if (acc[3] <= 0) {
      out[3] = 0;
      return true;
    }
    out[0] = acc[0] / acc[3];
    out[1] = acc[1] / acc[3];
    out[2] = acc[2] / acc[3];
    out[3] = acc[3];
    return true;
  };
}
