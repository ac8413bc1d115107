import * as v from 'valibot';
import { TOOLS, type Recipe } from './recipe';

/**
 * One generation as History lists it: enough to find, filter, show and reuse it without
 * reading its layer (which may sit on a page that is not loaded). Kept in the document's
 * index (plugin/history-store.ts) and, for the person's runs across files, in client storage.
 */
export const HistoryEntrySchema = v.object({
  nodeId: v.string(),
  pageId: v.string(),
  prompt: v.string(),
  model: v.string(),
  tool: v.picklist(TOOLS),
  seed: v.optional(v.number()),
  /** Milliseconds since 1970. */
  createdAt: v.number(),
  picked: v.optional(v.boolean()),
  /** What this layer's share of its prediction cost, in US dollars, when the price was known. */
  cost: v.optional(v.number()),
  ratio: v.optional(v.string()),
  predictionId: v.optional(v.string()),
  outputIndex: v.optional(v.number()),
  /** Runs across files: the file it was made in. */
  file: v.optional(v.string()),
});
export type HistoryEntry = v.InferOutput<typeof HistoryEntrySchema>;

/** Long enough to recognise and search a prompt; the layer's recipe keeps it whole. */
export const INDEX_PROMPT_CHARS = 300;

export function entryFromRecipe(nodeId: string, pageId: string, recipe: Recipe, picked = false): HistoryEntry {
  const createdAt = Date.parse(recipe.createdAt);
  const ratio = recipe.input.aspect_ratio;
  return {
    nodeId,
    pageId,
    prompt: recipe.prompt.slice(0, INDEX_PROMPT_CHARS),
    model: recipe.model,
    tool: recipe.tool,
    ...(recipe.seed !== undefined ? { seed: recipe.seed } : {}),
    createdAt: Number.isFinite(createdAt) ? createdAt : Date.now(),
    ...(picked ? { picked: true } : {}),
    ...(typeof recipe.cost === 'number' ? { cost: recipe.cost } : {}),
    ...(typeof ratio === 'string' && /^\d+:\d+$/.test(ratio) ? { ratio } : {}),
    predictionId: recipe.predictionId,
    outputIndex: recipe.outputIndex,
  };
}

export interface HistoryFilter {
  query?: string;
  model?: string;
  tool?: string;
  picked?: boolean;
}

/** Newest first; every word of the query must appear in the prompt (any case, any order). */
export function filterHistory(entries: readonly HistoryEntry[], filter: HistoryFilter): HistoryEntry[] {
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return entries
    .filter((e) => {
      if (filter.model && e.model !== filter.model) return false;
      if (filter.tool && e.tool !== filter.tool) return false;
      if (filter.picked && !e.picked) return false;
      const prompt = e.prompt.toLowerCase();
      return words.every((w) => prompt.includes(w));
    })
    .sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Compact form in plugin data (100 kB an entry): one array per entry, no key names. Fields
 * in order; trailing empties dropped.
 */
type Packed = (string | number | null)[];

export function packEntry(e: HistoryEntry): Packed {
  const row: Packed = [
    e.nodeId, e.pageId, e.prompt, e.model, e.tool, e.seed ?? null, e.createdAt, e.picked ? 1 : 0,
    e.cost ?? null, e.ratio ?? null, e.predictionId ?? null, e.outputIndex ?? null, e.file ?? null,
  ];
  while (row.length > 8 && row[row.length - 1] === null) row.pop();
  return row;
}

export function unpackEntry(row: unknown): HistoryEntry | undefined {
  if (!Array.isArray(row)) return undefined;
  const [nodeId, pageId, prompt, model, tool, seed, createdAt, picked, cost, ratio, predictionId, outputIndex, file] = row;
  const result = v.safeParse(HistoryEntrySchema, {
    nodeId, pageId, prompt, model, tool, createdAt,
    ...(typeof seed === 'number' ? { seed } : {}),
    ...(picked === 1 ? { picked: true } : {}),
    ...(typeof cost === 'number' ? { cost } : {}),
    ...(typeof ratio === 'string' ? { ratio } : {}),
    ...(typeof predictionId === 'string' ? { predictionId } : {}),
    ...(typeof outputIndex === 'number' ? { outputIndex } : {}),
    ...(typeof file === 'string' ? { file } : {}),
  });
  return result.success ? result.output : undefined;
}
