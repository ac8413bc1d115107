/**
 * Reads an image's format and pixel size from its first bytes, without decoding it.
 * Both sides need this: the UI to decide whether bytes can go to Figma as they are,
 * the controller (and the Figma fake) to check what `figma.createImage` will accept.
 */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif' | 'svg' | 'unknown';

export interface ImageInfo {
  format: ImageFormat;
  /** 0 when the header does not say (or the bytes are truncated). */
  width: number;
  height: number;
}

/** Formats `figma.createImage` accepts (Figma plugin docs). */
export const FIGMA_IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'jpeg', 'gif'];
/** Largest side `figma.createImage` accepts, in pixels. */
export const FIGMA_MAX_IMAGE_SIDE = 4096;

export function readImageInfo(bytes: Uint8Array): ImageInfo {
  const format = sniffFormat(bytes);
  const size = readSize(format, bytes);
  return { format, width: size[0], height: size[1] };
}

export function sniffFormat(b: Uint8Array): ImageFormat {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (ascii(b, 4, 4) === 'ftyp' && /^(avif|avis)$/.test(ascii(b, 8, 4))) return 'avif';
  const head = ascii(b, 0, Math.min(b.length, 512)).trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
  return 'unknown';
}

function readSize(format: ImageFormat, b: Uint8Array): [number, number] {
  try {
    switch (format) {
      case 'png':
        return [u32be(b, 16), u32be(b, 20)];
      case 'gif':
        return [u16le(b, 6), u16le(b, 8)];
      case 'jpeg':
        return jpegSize(b);
      case 'webp':
        return webpSize(b);
      default:
        return [0, 0];
    }
  } catch {
    return [0, 0];
  }
}

function jpegSize(b: Uint8Array): [number, number] {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = b[i + 1];
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [u16be(b, i + 7), u16be(b, i + 5)];
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff) {
      i += marker === 0xff ? 1 : 2;
      continue;
    }
    i += 2 + u16be(b, i + 2);
  }
  return [0, 0];
}

function webpSize(b: Uint8Array): [number, number] {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return [1 + u24le(b, 24), 1 + u24le(b, 27)];
  if (chunk === 'VP8L') {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return [1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)];
  }
  if (chunk === 'VP8 ') return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  return [0, 0];
}

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((v, i) => b[i] === v);
}
function ascii(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = at; i < at + n && i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}
function need(b: Uint8Array, end: number): void {
  if (end > b.length) throw new RangeError('truncated');
}
function u16be(b: Uint8Array, i: number): number {
  need(b, i + 2);
  return (b[i] << 8) | b[i + 1];
}
function u16le(b: Uint8Array, i: number): number {
  need(b, i + 2);
  return b[i] | (b[i + 1] << 8);
}
function u24le(b: Uint8Array, i: number): number {
  need(b, i + 3);
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
}
function u32be(b: Uint8Array, i: number): number {
  need(b, i + 4);
  return ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
}
