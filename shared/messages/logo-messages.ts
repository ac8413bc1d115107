import * as v from 'valibot';
import { BrandKitSchema } from '../logo/brand-kit';
import { RecipeSchema } from '../recipe';

/**
 * The controller's logo tools, part of the one message contract (contract.ts spreads these
 * in): the brand kit, the local vector tools (no model), lockups, the logo sheet and picks.
 */
const id = v.pipe(v.string(), v.minLength(1));
const hex = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/));

export const PickSchema = v.object({
  id,
  name: v.string(),
  width: v.number(),
  height: v.number(),
  hasImage: v.boolean(),
  type: v.string(),
  locked: v.boolean(),
  recipe: v.optional(RecipeSchema),
});
export type Pick = v.InferOutput<typeof PickSchema>;

export const logoRequests = {
  /** The file's brand kit (empty when it has none yet). */
  loadBrandKit: { payload: v.object({}), result: BrandKitSchema },
  /** Writes the palette into the "Brand kit" variable collection, name and font beside it. */
  saveBrandKit: { payload: BrandKitSchema, result: v.object({ collectionId: v.optional(id) }) },
  /**
   * Recolor to palette, Mono or Inverse on each selected mark: a recoloured copy beside each
   * source, with lineage. `color`: Mono's ink (default: the kit's darkest colour).
   */
  recolorMarks: {
    payload: v.object({
      tool: v.picklist(['recolor', 'mono', 'inverse']),
      nodeIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(50)),
      color: v.optional(hex),
    }),
    result: v.object({ placed: v.array(id), notes: v.array(v.string()) }),
  },
  /** Horizontal and stacked lockups of a mark with the brand name, as auto-layout frames. */
  buildLockups: {
    payload: v.object({ nodeId: id }),
    result: v.object({ placed: v.array(id), notes: v.array(v.string()) }),
  },
  /** The mark at 16–512 px on light and dark, each with PNG export settings. */
  buildLogoSheet: {
    payload: v.object({ nodeId: id }),
    result: v.object({ placed: v.array(id), notes: v.array(v.string()) }),
  },
  /** ★ Pick on or off for these layers (stored on each layer). */
  setPicked: {
    payload: v.object({ nodeIds: v.pipe(v.array(id), v.minLength(1)), picked: v.boolean() }),
    result: v.object({ changed: v.number() }),
  },
  /** Every picked layer on the current page, in canvas order. */
  listPicks: { payload: v.object({}), result: v.object({ picks: v.array(PickSchema) }) },
} as const;

/** A menu command or relaunch button for the logo tools opened the panel. */
export const logoEvents = {
  logoAction: v.object({ action: v.picklist(['open']) }),
} as const;
