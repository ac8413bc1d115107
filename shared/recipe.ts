import * as v from 'valibot';
import { REFINE_TOOLS } from './tools';
import { LOCAL_LOGO_TOOLS } from './logo/local-tools';

/**
 * What made a generated layer, stored on the node as plugin data so that anyone who opens
 * the file tomorrow can regenerate or vary it. Versioned: readers accept older versions.
 * Never holds the token (plugin data is visible to everyone with the file).
 */
export const RECIPE_VERSION = 1;
export const RECIPE_KEY = 'recipe';

// Local logo tools record no model and no prediction: their recipe is lineage and settings.
export const TOOLS = ['generate', 'regenerate', ...REFINE_TOOLS, ...LOCAL_LOGO_TOOLS] as const;
export type Tool = (typeof TOOLS)[number];

export const RecipeSchema = v.object({
  v: v.literal(RECIPE_VERSION),
  tool: v.picklist(TOOLS),
  /** `owner/name` of the model. */
  model: v.string(),
  /** The exact version id that ran, when Replicate reported it. */
  version: v.optional(v.string()),
  prompt: v.string(),
  /** The full input sent to the model, minus anything too large to keep (see `compactInput`). */
  input: v.record(v.string(), v.unknown()),
  seed: v.optional(v.number()),
  /** Which output of the prediction this layer holds, for models returning several. */
  outputIndex: v.number(),
  predictionId: v.string(),
  createdAt: v.string(),
  /** The node this one was made from; absent for a fresh generation. */
  parentId: v.optional(v.string()),
  /** The drawn shape whose outline was the inpainting mask. */
  maskId: v.optional(v.string()),
  /** Made by the offline demo backend rather than Replicate. */
  demo: v.optional(v.boolean()),
  /** The values of an Explore grid's axes that made it: `{style: 'line art', model: 'FLUX.1 schnell'}`. */
  axes: v.optional(v.record(v.string(), v.pipe(v.string(), v.maxLength(500)))),
  /** This layer's share of what its prediction cost, in US dollars, when the price was known. */
  cost: v.optional(v.pipe(v.number(), v.minValue(0))),
  /**
   * Authorship mark: an HMAC (SHA-256, hex) over `recipeSigningText`, keyed by a random secret
   * in the maker's client storage. Plugin data is writable by anyone editing the file, so a
   * recipe without this person's mark is someone else's, and is shown to them before it runs.
   */
  mark: v.optional(v.string()),
  /**
   * Layers sent as reference images (their node ids), so Regenerate can export them again:
   * Replicate keeps inputs an hour and the recipe keeps no pixels.
   */
  references: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(16))),
});
export type Recipe = v.InferOutput<typeof RecipeSchema>;

/**
 * The model to run a recipe again: pinned to its version for community models (they change
 * under their name), by name for official presets (they have no public versions to pin).
 */
export function recipeModel(recipe: Recipe, isOfficial: (id: string) => boolean): string {
  return recipe.version && !isOfficial(recipe.model) ? `${recipe.model}:${recipe.version}` : recipe.model;
}

/** Plugin data allows 100 kB per entry; inline images (data URLs) would blow it. */
const MAX_KEPT_STRING = 2000;

export function compactInput(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    // Image lists (`image_input`: a source and references) hold data URLs too.
    out[key] = Array.isArray(value) ? value.map(compactValue) : compactValue(value);
  }
  return out;
}

function compactValue(value: unknown): unknown {
  if (typeof value !== 'string' || value.length <= MAX_KEPT_STRING) return value;
  return value.startsWith('data:') ? '(inline image omitted)' : value.slice(0, MAX_KEPT_STRING);
}

/** Long enough for any real prompt, short enough that a recipe stays far below 100 kB. */
const MAX_KEPT_PROMPT = 10_000;

export function serializeRecipe(recipe: Recipe): string {
  return JSON.stringify({ ...recipe, prompt: recipe.prompt.slice(0, MAX_KEPT_PROMPT), input: compactInput(recipe.input) });
}

/** Returns undefined for anything that is not a recipe we can read (never throws). */
export function parseRecipe(text: string): Recipe | undefined {
  if (!text) return undefined;
  try {
    const result = v.safeParse(RecipeSchema, JSON.parse(text));
    return result.success ? result.output : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text an authorship mark covers: the recipe as it is stored (compacted), without its
 * mark, with keys sorted so that the order fields were written in does not matter.
 */
export function recipeSigningText(recipe: Recipe): string {
  const { mark: _mark, ...rest } = JSON.parse(serializeRecipe(recipe)) as Recipe;
  return canonicalJson(rest);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
