import * as v from 'valibot';
import { DesignSpecSchema, type DesignSpec } from './spec';

/**
 * What made a generated design, stored on its top frame (plugin data, visible to everyone
 * with the file, so never a secret): the prompt, both models, the target size and the spec
 * itself, so Regenerate design, New images and Redesign section work tomorrow too.
 */
export const DESIGN_RECIPE_KEY = 'design-recipe';
export const DESIGN_RECIPE_VERSION = 1;
/** Figma allows 100 kB per plugin-data entry; the rest of the recipe is small. */
const MAX_RECIPE_CHARS = 95_000;

export const DesignRecipeSchema = v.object({
  v: v.literal(DESIGN_RECIPE_VERSION),
  prompt: v.string(),
  /** `owner/name[:version]` of the language model that wrote the spec. */
  llm: v.string(),
  imageModel: v.string(),
  width: v.number(),
  height: v.number(),
  useFileStyles: v.boolean(),
  /** Which of the alternatives of one press this is (0-based), for variety on regenerate. */
  alternative: v.number(),
  /** Absent only when the spec was too large to keep. */
  spec: v.optional(v.custom<DesignSpec>((x) => v.safeParse(DesignSpecSchema, x).success, 'Expected a design spec')),
  /** The palette's variable collection, so a redesigned copy binds the same variables. */
  collectionId: v.optional(v.string()),
  createdAt: v.string(),
  /** The design this one was made from (Redesign section), and the instruction. */
  parentId: v.optional(v.string()),
  instruction: v.optional(v.string()),
  demo: v.optional(v.boolean()),
});
export type DesignRecipe = v.InferOutput<typeof DesignRecipeSchema>;

export function serializeDesignRecipe(recipe: DesignRecipe): string {
  const full = JSON.stringify(recipe);
  if (full.length <= MAX_RECIPE_CHARS) return full;
  const { spec: _dropped, ...rest } = recipe;
  return JSON.stringify(rest);
}

export function parseDesignRecipe(text: string): DesignRecipe | undefined {
  if (!text) return undefined;
  try {
    const result = v.safeParse(DesignRecipeSchema, JSON.parse(text));
    return result.success ? result.output : undefined;
  } catch {
    return undefined;
  }
}
