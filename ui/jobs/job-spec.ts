import type { Tool } from '../../shared/recipe';

/** What one press of Generate (or a relaunch button) asks for. */
export interface JobSpec {
  tool: Tool;
  /** `owner/name`, optionally `:version`. */
  model: string;
  prompt: string;
  count: number;
  shape:
    | { kind: 'ratio'; ratio: string }
    | { kind: 'size'; width: number; height: number }
    | { kind: 'match-selection' }
    /** A design's image slots, filled in place at their size (width/height: the slots' shape). */
    | { kind: 'slots'; nodeIds: string[]; width: number; height: number };
  /** Empty means a random one. */
  seed?: number;
  besideNodeId?: string;
  parentId?: string;
  /** Runs started by one press (one per selected layer): their results end up selected together. */
  batch?: string;
  /** Inputs carried over from a recipe (regenerate) or added by a tool. */
  baseInput?: Record<string, unknown>;
  /** What a refinement starts from: a layer, an optional mask shape, an optional expansion. */
  source?: {
    nodeId: string;
    maskNodeId?: string;
    /** The person asked for the mask shape to go once a result is placed (never by default). */
    deleteMask?: boolean;
    expand?: { kind: 'frame' } | { kind: 'size'; width: number; height: number };
  };
  /** 0..1: how far the result may stray from the source (mapped onto the model's own range). */
  strength?: number;
  /** Layers sent as reference images (node ids), to models that take them; see reference-inputs.ts. */
  references?: string[];
  /** Also send a snapshot of the frame the (first) target sits in, so the result fits its light and palette. */
  matchFrame?: boolean;
  /** Ask for a transparent background (PNG) where the model offers one. */
  transparent?: boolean;
  /** The brand kit's colours, given to the model (see shared/logo/colour-inputs.ts). */
  brandColors?: string[];
  /** Upscale factor asked for; lowered to stay inside Figma's 4096 px. */
  scale?: number;
  /** Layer name for results; defaults to the prompt. */
  name?: string;
  /** Kept whole after the (shortened) name, numbered per variant when there are several: "Vary 2". */
  nameSuffix?: string;
  /**
   * Explore: one image per cell, each with its own prompt, model and seed, mapped onto the
   * run's targets in order (`count` is then the number of cells).
   */
  cells?: JobCell[];
  /** Lays the cells out as a labelled grid in a section; without it they go where results usually do. */
  grid?: { title: string; columns: string[]; rows: string[]; variants: number };
  /** Axis values kept in the results' recipes (Vary of an Explore cell). */
  axes?: Record<string, string>;
  /** Finish a prediction an earlier launch created: no new prediction, its placeholders reused. */
  resume?: {
    predictionId: string;
    createdAt: number;
    input: Record<string, unknown>;
    seed?: number;
    slots: { nodeId: string; outputIndex: number }[];
  };
}

/** One image of an Explore run (see shared/explore/plan-explore.ts). */
export interface JobCell {
  prompt: string;
  /** `owner/name`, optionally `:version`. */
  model: string;
  /** Empty means a random one. */
  seed?: number;
  axes: Record<string, string>;
  /** Its layer name before the seed: `<style> · <model>`. */
  label: string;
  /** A palette axis's colours, given to the model as its colour input or in words. */
  colors?: string[];
  /** 1-based, where several images share the label: names them apart when the model takes no seed. */
  variant?: number;
}

export const EXPIRED_MESSAGE =
  'Replicate deletes results after an hour, and this one expired before it could be placed. Generate it again.';

export type VariantState =
  | { status: 'queued' }
  | { status: 'running'; since: number; predictionId?: string }
  | { status: 'placed'; nodeId: string; note?: string; thumbnail?: string }
  | { status: 'failed'; reason: string }
  | { status: 'canceled' };

export interface JobSnapshot {
  id: string;
  spec: JobSpec;
  phase: 'starting' | 'running' | 'done' | 'failed' | 'canceled';
  variants: VariantState[];
  /** The canvas node each variant was given (a placeholder or a selected layer), by index. */
  targetIds?: string[];
  /** A sentence for the whole job: why it could not start, or how it ended. */
  message?: string;
  /** US dollars its finished predictions cost, where their price is known (shared/models/prices.ts). */
  cost?: number;
  /** Some finished prediction's model has no known price: `cost` is then a part of the whole. */
  costUnknown?: boolean;
}

export const MAX_VARIANTS = 8;
/** Long side of a placeholder, in canvas units: a 1-megapixel image at 1×. */
export const PLACEHOLDER_LONG_SIDE = 1024;

export function placeholderSize(shape: JobSpec['shape']): { width: number; height: number } {
  if (shape.kind === 'size' || shape.kind === 'slots') {
    // A zero-height layer (or a size typed as 0) still gets a placeholder the controller accepts.
    return { width: Math.max(1, shape.width || 1), height: Math.max(1, shape.height || 1) };
  }
  const [w, h] = shape.kind === 'ratio' ? shape.ratio.split(':').map(Number) : [1, 1];
  const ratio = w > 0 && h > 0 ? w / h : 1;
  return ratio >= 1
    ? { width: PLACEHOLDER_LONG_SIDE, height: Math.round(PLACEHOLDER_LONG_SIDE / ratio) }
    : { width: Math.round(PLACEHOLDER_LONG_SIDE * ratio), height: PLACEHOLDER_LONG_SIDE };
}
