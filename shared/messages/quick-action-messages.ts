import * as v from 'valibot';

/**
 * Quick actions, part of the one message contract (contract.ts spreads these in): "Generate
 * images" run from Figma's command palette with its parameters, the panel hidden. The panel
 * runs the same Generate as its form and says how the run goes; the controller tells the
 * person through figma.notify, since nobody sees the panel.
 */

/** The Generate form's own limit (MAX_VARIANTS in ui/jobs/job-spec.ts), offered in the palette. */
export const QUICK_ACTION_MAX_VARIANTS = 8;

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000));

export const QuickGenerateSchema = v.object({
  prompt: v.pipe(v.string(), v.minLength(1), v.maxLength(10_000)),
  /** `owner/name[:version]`: a preset, or a model typed in the palette. */
  model: v.pipe(v.string(), v.minLength(1), v.maxLength(300)),
  variants: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(QUICK_ACTION_MAX_VARIANTS)),
});
export type QuickGenerate = v.InferOutput<typeof QuickGenerateSchema>;

export const QuickActionProgressSchema = v.variant('state', [
  /** Another image of the run is on the canvas. */
  v.object({ state: v.literal('placed'), placed: count, total: count }),
  /** The run ended with something placed (the panel says why the others failed, if some did). */
  v.object({ state: v.literal('done'), placed: count, total: count }),
  /** Nothing was placed: the run could not start, or every image failed. */
  v.object({ state: v.literal('failed'), reason: v.string() }),
]);
export type QuickActionProgress = v.InferOutput<typeof QuickActionProgressSchema>;

/** Controller → panel. */
export const quickActionEvents = {
  /** Run Generate with these values, as if typed in the form and pressed. */
  quickGenerate: QuickGenerateSchema,
} as const;

/** Panel → controller. */
export const quickActionUiEvents = {
  quickActionProgress: QuickActionProgressSchema,
} as const;
