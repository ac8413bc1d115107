import * as v from 'valibot';
import { RecipeSchema } from '../recipe';
import { TextBoxSchema } from './layers-messages';

/**
 * Results going onto the canvas: one message per prediction carrying all of its outputs, so
 * the controller takes them in one turn (one hop, one redraw; BENCHMARKS.md) and the panel's
 * image bytes cross in one transfer list.
 */

const id = v.pipe(v.string(), v.minLength(1));
const px = v.pipe(v.number(), v.minValue(1), v.maxValue(100_000));
const bytes = v.custom<Uint8Array>(
  (x) => Object.prototype.toString.call(x) === '[object Uint8Array]',
  'Expected image bytes as a Uint8Array',
);

/** What every result says about itself: where it goes, its pixel size, its layer name and recipe. */
const common = {
  nodeId: id,
  width: px,
  height: px,
  name: v.string(),
  recipe: RecipeSchema,
};

export const PlacementSchema = v.variant('kind', [
  /** A raster image (PNG, JPEG, GIF) filling its target. */
  v.object({ kind: v.literal('image'), ...common, bytes }),
  /** An SVG result, placed as editable vectors where its target is. */
  v.object({ kind: v.literal('vector'), ...common, svg: v.pipe(v.string(), v.minLength(1), v.maxLength(20_000_000)) }),
  /**
   * "Split into layers": a frame of the target's size holding the background image and one
   * text layer per box. Boxes are in pixels of `space` (the image's own size when the model
   * did not say), scaled to the frame.
   */
  v.object({
    kind: v.literal('layers'),
    ...common,
    bytes,
    space: v.optional(v.object({ width: px, height: px })),
    texts: v.pipe(v.array(TextBoxSchema), v.maxLength(200)),
  }),
]);
export type Placement = v.InferOutput<typeof PlacementSchema>;

/** Each result's own outcome: one that cannot be placed says why and does not stop the others. */
export const PlacedSchema = v.union([
  v.object({
    nodeId: id,
    /** Set when the result could not go where it was meant to and went elsewhere. */
    note: v.optional(v.string()),
  }),
  v.object({ error: v.object({ name: v.string(), message: v.string() }) }),
]);
export type Placed = v.InferOutput<typeof PlacedSchema>;

export const placementRequests = {
  /** A prediction's results, placed in one go; outcomes in the same order as `items`. */
  placeImages: {
    payload: v.object({ runId: id, items: v.pipe(v.array(PlacementSchema), v.minLength(1), v.maxLength(48)) }),
    result: v.object({ outcomes: v.array(PlacedSchema) }),
  },
} as const;
