/**
 * The playground's icon, from one description of its shapes: as SVG (linked from the page and
 * shown in the toolbar) and as a rasterised /favicon.ico, which browsers and tools request
 * whatever the page links. The ICO holds uncompressed 32-bit bitmaps, so no image encoder is needed.
 */

type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; r: number; color: string }
  | { kind: 'circle'; cx: number; cy: number; r: number; color: string };

/** A 32-unit square: the brand blue tile with three dots spreading out, a nod to diffusion. */
const SHAPES: Shape[] = [
  { kind: 'rect', x: 0, y: 0, w: 32, h: 32, r: 7, color: '#0d99ff' },
  { kind: 'circle', cx: 11.5, cy: 20.5, r: 6.5, color: '#ffffff' },
  { kind: 'circle', cx: 22, cy: 11, r: 3.5, color: '#ffffff' },
  { kind: 'circle', cx: 24.5, cy: 22.5, r: 2, color: '#ffffff' },
];

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  SHAPES.map((s) =>
    s.kind === 'rect'
      ? `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${s.color}"/>`
      : `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${s.color}"/>`,
  ).join('') +
  '</svg>';

function inside(s: Shape, x: number, y: number): boolean {
  if (s.kind === 'circle') return (x - s.cx) ** 2 + (y - s.cy) ** 2 <= s.r ** 2;
  if (x < s.x || y < s.y || x > s.x + s.w || y > s.y + s.h) return false;
  const dx = Math.max(s.x + s.r - x, 0, x - (s.x + s.w - s.r));
  const dy = Math.max(s.y + s.r - y, 0, y - (s.y + s.h - s.r));
  return dx * dx + dy * dy <= s.r * s.r;
}

/** Straight RGBA, rows top to bottom, 4×4 supersampled so the edges are smooth at 16 px. */
export function rasterize(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const k = 32 / size;
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (const s of SHAPES) {
        let hits = 0;
        for (let sy = 0; sy < n; sy++) {
          for (let sx = 0; sx < n; sx++) if (inside(s, (px + (sx + 0.5) / n) * k, (py + (sy + 0.5) / n) * k)) hits++;
        }
        const cover = hits / (n * n);
        if (!cover) continue;
        const c = parseInt(s.color.slice(1), 16);
        // Premultiplied "over".
        r = ((c >> 16) & 255) * cover + r * (1 - cover);
        g = ((c >> 8) & 255) * cover + g * (1 - cover);
        b = (c & 255) * cover + b * (1 - cover);
        a = cover + a * (1 - cover);
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}

/** An .ico with a 16 and a 32 px image, each a BITMAPINFOHEADER + BGRA rows bottom-up + an empty AND mask. */
export function faviconIco(sizes: number[] = [16, 32]): Buffer {
  const images = sizes.map((size) => {
    const rgba = rasterize(size);
    const maskRow = Math.ceil(size / 32) * 4;
    const img = Buffer.alloc(40 + size * size * 4 + maskRow * size);
    img.writeUInt32LE(40, 0);
    img.writeInt32LE(size, 4);
    img.writeInt32LE(size * 2, 8); // colour rows + mask rows
    img.writeUInt16LE(1, 12);
    img.writeUInt16LE(32, 14);
    img.writeUInt32LE(size * size * 4 + maskRow * size, 20);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = (y * size + x) * 4;
        const to = 40 + ((size - 1 - y) * size + x) * 4;
        img[to] = rgba[from + 2];
        img[to + 1] = rgba[from + 1];
        img[to + 2] = rgba[from];
        img[to + 3] = rgba[from + 3];
      }
    }
    return { size, img };
  });
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, img }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size % 256, e);
    header.writeUInt8(size % 256, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(img.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += img.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.img)]);
}
