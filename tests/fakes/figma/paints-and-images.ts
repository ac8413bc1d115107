import { FIGMA_IMAGE_FORMATS, FIGMA_MAX_IMAGE_SIDE, readImageInfo } from '../../../shared/images/image-info';

/** Images by hash, and Figma's checks on paints (frozen arrays, exact keys). */

export interface StoredImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  format: string;
}

/**
 * A 40-hex-digit content hash (Figma's are SHA-1; any stable digest does for a fake): five FNV-1a
 * lanes in one pass, a 32-bit word at a time. Five passes byte by byte cost the playground ~0.7 ms
 * an image, more than Figma's own hashing would.
 */
export function contentHash(bytes: Uint8Array): string {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >>> 2);
  let h0 = 0x811c9dc5;
  let h1 = 0x50c5d1f;
  let h2 = 0x1ae3a7d4;
  let h3 = 0x3a1e6b2f;
  let h4 = 0x6d2b79f5;
  // h * 0x01000193 mod 2^32, spelled out (Math.imul crawls under jest's VM context).
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    h0 ^= w;
    h0 = ((h0 << 24) + (h0 >>> 0) * 0x193) >>> 0;
    h1 ^= w + i;
    h1 = ((h1 << 24) + (h1 >>> 0) * 0x193) >>> 0;
    h2 ^= w >>> 8;
    h2 = ((h2 << 24) + (h2 >>> 0) * 0x193) >>> 0;
    h3 ^= (w << 8) | (w >>> 24);
    h3 = ((h3 << 24) + (h3 >>> 0) * 0x193) >>> 0;
    h4 ^= ~w;
    h4 = ((h4 << 24) + (h4 >>> 0) * 0x193) >>> 0;
  }
  for (let i = words.length * 4; i < aligned.length; i++) {
    h0 = (((h0 ^ aligned[i]) << 24) + ((h0 ^ aligned[i]) >>> 0) * 0x193) >>> 0;
  }
  let out = '';
  for (const [k, h] of [h0, h1, h2, h3, h4].entries()) {
    let x = (h ^ (bytes.length + k)) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}

export class ImageStore {
  readonly images = new Map<string, StoredImage>();

  create(data: Uint8Array): Image {
    if (!(data instanceof Uint8Array)) throw new Error('in createImage: Expected "data" to be a Uint8Array');
    const info = readImageInfo(data);
    if (!FIGMA_IMAGE_FORMATS.includes(info.format) || info.width <= 0 || info.height <= 0) {
      throw new Error('Image type is unsupported');
    }
    if (info.width > FIGMA_MAX_IMAGE_SIDE || info.height > FIGMA_MAX_IMAGE_SIDE) {
      throw new Error('Image is too large');
    }
    const hash = contentHash(data);
    if (!this.images.has(hash)) {
      this.images.set(hash, { bytes: data.slice(), width: info.width, height: info.height, format: info.format });
    }
    return this.handle(hash);
  }

  get(hash: string): Image | null {
    if (typeof hash !== 'string') throw new Error('in getImageByHash: Expected "hash" to be a string');
    return this.images.has(hash) ? this.handle(hash) : null;
  }

  private handle(hash: string): Image {
    const stored = this.images.get(hash)!;
    return Object.freeze({
      hash,
      getBytesAsync: async () => stored.bytes.slice(),
      getSizeAsync: async () => ({ width: stored.width, height: stored.height }),
    });
  }
}

const COMMON_KEYS = ['type', 'visible', 'opacity', 'blendMode', 'boundVariables'];
const KEYS: Record<string, string[]> = {
  SOLID: [...COMMON_KEYS, 'color'],
  IMAGE: [...COMMON_KEYS, 'scaleMode', 'imageHash', 'imageTransform', 'scalingFactor', 'rotation', 'filters'],
  GRADIENT_LINEAR: [...COMMON_KEYS, 'gradientTransform', 'gradientStops'],
  GRADIENT_RADIAL: [...COMMON_KEYS, 'gradientTransform', 'gradientStops'],
  GRADIENT_ANGULAR: [...COMMON_KEYS, 'gradientTransform', 'gradientStops'],
  GRADIENT_DIAMOND: [...COMMON_KEYS, 'gradientTransform', 'gradientStops'],
};
const SCALE_MODES = ['FILL', 'FIT', 'CROP', 'TILE'];

function fail(property: string, detail: string): never {
  throw new Error(`in set_${property}: Invalid value for ${property}: ${detail}`);
}

function checkUnit(property: string, path: string, v: unknown): void {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(property, `${path} must be a number between 0 and 1`);
}

function checkColor(property: string, path: string, c: unknown, withAlpha: boolean): void {
  if (typeof c !== 'object' || c === null) fail(property, `${path} must be an object`);
  const allowed = withAlpha ? ['r', 'g', 'b', 'a'] : ['r', 'g', 'b'];
  const extra = Object.keys(c).filter((k) => !allowed.includes(k));
  if (extra.length) fail(property, `Unrecognized key(s) in object: ${extra.map((k) => `'${k}'`).join(', ')} at ${path}`);
  for (const k of allowed) checkUnit(property, `${path}.${k}`, (c as Record<string, unknown>)[k]);
}

/** Validates paints like Figma (unknown keys and out-of-range values throw) and returns a deep-frozen copy. */
export function checkPaints(property: string, value: unknown): ReadonlyArray<Paint> {
  if (!Array.isArray(value)) fail(property, 'Expected an array of paints');
  value.forEach((p: unknown, i) => {
    const path = `${property}[${i}]`;
    if (typeof p !== 'object' || p === null) fail(property, `${path} must be a paint object`);
    const paint = p as Record<string, unknown>;
    const keys = KEYS[String(paint.type)];
    if (!keys) fail(property, `${path}.type "${String(paint.type)}" is not a supported paint type`);
    const extra = Object.keys(paint).filter((k) => !keys.includes(k) && paint[k] !== undefined);
    if (extra.length) fail(property, `Unrecognized key(s) in object: ${extra.map((k) => `'${k}'`).join(', ')} at ${path}`);
    if (paint.opacity !== undefined) checkUnit(property, `${path}.opacity`, paint.opacity);
    if (paint.visible !== undefined && typeof paint.visible !== 'boolean') fail(property, `${path}.visible must be a boolean`);
    if (paint.type === 'SOLID') checkColor(property, `${path}.color`, paint.color, false);
    if (paint.type === 'IMAGE') {
      if (!SCALE_MODES.includes(String(paint.scaleMode))) fail(property, `${path}.scaleMode must be one of ${SCALE_MODES.join(', ')}`);
      if (paint.imageHash !== null && typeof paint.imageHash !== 'string') fail(property, `${path}.imageHash must be a string or null`);
    }
    if (String(paint.type).startsWith('GRADIENT_')) {
      if (!Array.isArray(paint.gradientStops)) fail(property, `${path}.gradientStops must be an array`);
      if (!Array.isArray(paint.gradientTransform)) fail(property, `${path}.gradientTransform must be a Transform`);
      (paint.gradientStops as unknown[]).forEach((s, j) =>
        checkColor(property, `${path}.gradientStops[${j}].color`, (s as { color?: unknown })?.color, true),
      );
    }
  });
  return deepFreeze(structuredClone(value) as Paint[]);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A frozen copy for reading, like Figma's getters (callers must build a new array to change it). */
/** Stored paint lists are replaced, never changed in place: one frozen copy each serves every read. */
const frozenCopies = new WeakMap<ReadonlyArray<Paint>, ReadonlyArray<Paint>>();

export function readPaints(paints: ReadonlyArray<Paint>): ReadonlyArray<Paint> {
  let copy = frozenCopies.get(paints);
  if (!copy) {
    copy = deepFreeze(structuredClone(paints as Paint[]));
    frozenCopies.set(paints, copy);
  }
  return copy;
}

export function solid(r: number, g: number, b: number): SolidPaint {
  return { type: 'SOLID', color: { r, g, b }, visible: true, opacity: 1, blendMode: 'NORMAL' };
}
