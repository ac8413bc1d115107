import * as v from 'valibot';

/** Reference images from the canvas: layers the person chose, or the frame a result goes into. */

const id = v.pipe(v.string(), v.minLength(1));
const px = v.pipe(v.number(), v.minValue(1), v.maxValue(100_000));
const bytes = v.custom<Uint8Array>(
  (x) => Object.prototype.toString.call(x) === '[object Uint8Array]',
  'Expected image bytes as a Uint8Array',
);

export const referenceRequests = {
  /**
   * A layer as the person sees it, as a PNG whose longest side is at most `maxSide`. With
   * `surrounding`, `nodeId` is where a result will go, and what is exported is the frame
   * around it (its outermost frame on the page) with that spot left empty. Only layers
   * shown on the current page are exported (the ids can come from a recipe in the file).
   */
  exportReference: {
    payload: v.object({ nodeId: id, maxSide: px, surrounding: v.optional(v.boolean()) }),
    result: v.object({ image: bytes, width: px, height: px, nodeId: id }),
  },
} as const;
