import { encode } from 'jpeg-js';

/**
 * exportAsync's JPG: the rendered pixels on white (JPEG has no alpha; Figma's JPG exports
 * show transparent areas white), encoded with jpeg-js.
 */
export function encodeJpeg(rgba: Uint8Array, width: number, height: number, quality = 90): Uint8Array {
  const flat = new Uint8ClampedArray(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3] / 255;
    for (let k = 0; k < 3; k++) flat[i + k] = rgba[i + k] * a + 255 * (1 - a);
    flat[i + 3] = 255;
  }
  // jpeg-js returns a Node Buffer when bundled as CommonJS; give it a stand-in in the browser
  // playground for this one synchronous call.
  const g = globalThis as { Buffer?: unknown };
  const shim = typeof g.Buffer === 'undefined';
  if (shim) g.Buffer = { from: (bytes: number[]) => Uint8Array.from(bytes) };
  try {
    return new Uint8Array(encode({ data: flat, width, height }, quality).data);
  } finally {
    if (shim) delete g.Buffer;
  }
}
