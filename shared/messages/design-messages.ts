import * as v from 'valibot';
import { DesignRecipeSchema } from '../design/recipe';
import { FrameSchema, PaletteSchema, TypographySchema } from '../design/spec';

/**
 * The controller's half of design generation, part of the one message contract
 * (contract.ts spreads these in). A design is built in steps so the canvas shows it as the
 * language model writes it: the frame, then its tokens, then each section as it completes.
 */
const id = v.pipe(v.string(), v.minLength(1));
const px = v.pipe(v.number(), v.minValue(1), v.maxValue(100_000));

export const SlotSchema = v.object({ nodeId: id, prompt: v.string(), name: v.string(), width: px, height: px });

export const designRequests = {
  /**
   * The design's frame, at once, where it will not cover anything. `redesign`: a copy of an
   * existing design beside it, with the node at `path` taken out to be built anew.
   */
  startDesign: {
    payload: v.object({
      designId: id,
      label: v.string(),
      width: px,
      height: px,
      besideNodeId: v.optional(id),
      /** The selected frame to fill: the design goes inside it when it is empty, else beside it. */
      intoFrameId: v.optional(id),
      redesign: v.optional(v.object({ frameId: id, path: v.string() })),
    }),
    result: v.object({ frameId: id }),
  },
  /** Palette variables (or the file's own styles) and fonts; the frame takes its background. */
  setDesignTokens: {
    payload: v.object({
      designId: id,
      title: v.string(),
      palette: PaletteSchema,
      typography: TypographySchema,
      useFileStyles: v.boolean(),
      collectionId: v.optional(v.string()),
    }),
    result: v.object({ notes: v.array(v.string()), collectionId: v.optional(v.string()) }),
  },
  /** One section, built as real nodes; its image slots come back to be generated. */
  addDesignSection: {
    payload: v.object({ designId: id, index: v.number(), section: FrameSchema }),
    result: v.object({ sectionId: id, slots: v.array(SlotSchema) }),
  },
  /**
   * Ends a design: done (recipe stored, relaunch buttons, selected, one undo step) or
   * canceled/failed (the frame is removed: no half-built design is left).
   */
  finishDesign: {
    payload: v.object({
      designId: id,
      outcome: v.picklist(['done', 'canceled', 'failed']),
      recipe: v.optional(DesignRecipeSchema),
    }),
    result: v.object({ frameId: v.optional(id) }),
  },
  /** The file's own colour variables, paint styles and text styles, by name. */
  fileStyles: {
    payload: v.object({}),
    result: v.object({ colors: v.array(v.string()), textStyles: v.array(v.string()) }),
  },
  /** A generated design's recipe and the image slots under it (for New images). */
  readDesign: {
    payload: v.object({ frameId: id }),
    result: v.object({ recipe: v.optional(DesignRecipeSchema), slots: v.array(SlotSchema) }),
  },
} as const;

/** What the controller tells the panel about a design (menu command, relaunch buttons). */
export const designEvents = {
  designAction: v.object({
    action: v.picklist(['open', 'regenerate-design', 'new-images', 'redesign-section']),
    frameId: v.optional(id),
    /** The selected section's place in the spec ("2", "2.1"). */
    path: v.optional(v.string()),
  }),
} as const;
