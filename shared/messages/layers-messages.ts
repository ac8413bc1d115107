import * as v from 'valibot';
import { RecipeSchema } from '../recipe';

/** "Split into layers": a text-free image with real text layers over it (see shared/layers). */

const id = v.pipe(v.string(), v.minLength(1));
const px = v.pipe(v.number(), v.minValue(1), v.maxValue(100_000));
const coordinate = v.pipe(v.number(), v.minValue(-100_000), v.maxValue(100_000));
const bytes = v.custom<Uint8Array>(
  (x) => Object.prototype.toString.call(x) === '[object Uint8Array]',
  'Expected image bytes as a Uint8Array',
);

export const TextBoxSchema = v.object({
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(5000)),
  x: coordinate,
  y: coordinate,
  width: px,
  height: px,
  fontSize: v.optional(v.pipe(v.number(), v.minValue(0.5), v.maxValue(10_000))),
  fontFamily: v.optional(v.pipe(v.string(), v.maxLength(200))),
  color: v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/))),
  align: v.optional(v.picklist(['LEFT', 'CENTER', 'RIGHT', 'JUSTIFIED'])),
  role: v.optional(v.pipe(v.string(), v.maxLength(100))),
});

export const layersRequests = {
  /**
   * Places a layered result where its target is: a frame of the target's size holding the
   * background image and one text layer per box. Boxes are in pixels of `space` (the
   * image's own size when the model did not say), scaled to the frame.
   */
  placeLayers: {
    payload: v.object({
      runId: id,
      nodeId: id,
      bytes,
      width: px,
      height: px,
      space: v.optional(v.object({ width: px, height: px })),
      texts: v.pipe(v.array(TextBoxSchema), v.maxLength(200)),
      name: v.string(),
      recipe: RecipeSchema,
    }),
    result: v.object({
      nodeId: id,
      note: v.optional(v.string()),
    }),
  },
} as const;
