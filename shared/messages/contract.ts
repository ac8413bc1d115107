import * as v from 'valibot';
import { RecipeSchema } from '../recipe';
import { REFINE_TOOLS } from '../tools';
import { designEvents, designRequests } from './design-messages';
import { logoEvents, logoRequests } from './logo-messages';
import { historyEvents, historyRequests } from './history-messages';
import { quickActionEvents, quickActionUiEvents } from './quick-action-messages';
import { trainingRequests } from './training-messages';
import { referenceRequests } from './reference-messages';
import { placementRequests } from './placement-messages';

/**
 * Every message between the controller (plugin/) and the panel (ui/), both ways.
 * Requests map a name to a payload schema and a result schema; events are one-way.
 * The schemas are checked where a message crosses (see channel.ts), and the types
 * both sides compile against are inferred from them, so the two cannot drift.
 */

const bytes = v.custom<Uint8Array>(
  (x) => Object.prototype.toString.call(x) === '[object Uint8Array]',
  'Expected image bytes as a Uint8Array',
);
const empty = v.object({});
const nothing = v.undefined();
const id = v.pipe(v.string(), v.minLength(1));
const px = v.pipe(v.number(), v.minValue(1), v.maxValue(100_000));

export const SettingsSchema = v.object({
  token: v.string(),
  relayUrl: v.string(),
  /** The key a relay holding its own Replicate token asks for (X-Relay-Key); client storage only. */
  relayKey: v.optional(v.string()),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const NodeSummarySchema = v.object({
  id,
  name: v.string(),
  type: v.string(),
  width: v.number(),
  height: v.number(),
  hasImage: v.boolean(),
  locked: v.boolean(),
  recipe: v.optional(RecipeSchema),
  /** Starred as a pick (see logo-messages.ts). */
  picked: v.optional(v.boolean()),
  /** Set on a generated design's frame and on every frame inside it. */
  design: v.optional(v.object({ frameId: id, path: v.string() })),
});
export type NodeSummary = v.InferOutput<typeof NodeSummarySchema>;

export const TargetSchema = v.object({
  nodeId: id,
  width: v.number(),
  height: v.number(),
  /** 'placeholder': a node this run made; 'selection': a selected node filled in place. */
  kind: v.picklist(['placeholder', 'selection']),
});
export type Target = v.InferOutput<typeof TargetSchema>;

export const PlaceOutcomeSchema = v.object({
  nodeId: id,
  /** Set when the image could not go where it was meant to and went elsewhere. */
  note: v.optional(v.string()),
});
export type PlaceOutcome = v.InferOutput<typeof PlaceOutcomeSchema>;

/**
 * An Explore run's layout: a section named `title` with a header row (`columns`) and a
 * header column (`rows`; empty for one unlabelled row) of text labels, and `variants`
 * images side by side in each cell. The run's targets are its cells row by row, column by
 * column, variant by variant; `names` label their placeholders, one each.
 */
export const ExploreGridSchema = v.object({
  title: v.pipe(v.string(), v.maxLength(1000)),
  columns: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.minLength(1), v.maxLength(48)),
  rows: v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.maxLength(48)),
  variants: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(48)),
  names: v.optional(v.array(v.string())),
});
export type ExploreGrid = v.InferOutput<typeof ExploreGridSchema>;

/** What a placeholder shows on the canvas while its image is on the way. */
export const PlaceholderStateSchema = v.variant('state', [
  v.object({ state: v.literal('queued') }),
  v.object({
    state: v.literal('running'),
    seconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    /** 0..1, where the model reports it. */
    progress: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  }),
  v.object({ state: v.literal('failed'), reason: v.optional(v.string()) }),
]);
export type PlaceholderState = v.InferOutput<typeof PlaceholderStateSchema>;

/**
 * A prediction that was created but not yet placed, remembered (in clientStorage, per user)
 * so that closing the plugin mid-run loses nothing: the next launch picks it up.
 */
export const PendingPredictionSchema = v.object({
  predictionId: id,
  createdAt: v.number(),
  model: v.string(),
  version: v.optional(v.string()),
  tool: RecipeSchema.entries.tool,
  prompt: v.string(),
  name: v.string(),
  input: v.record(v.string(), v.unknown()),
  seed: v.optional(v.number()),
  parentId: v.optional(v.string()),
  maskId: v.optional(v.string()),
  demo: v.optional(v.boolean()),
  /** An Explore cell's axis values, for its recipe. */
  axes: RecipeSchema.entries.axes,
  /** Which placeholder each output goes to. */
  slots: v.array(v.object({ nodeId: id, outputIndex: v.number() })),
  /** The file it belongs to (set by the controller): client storage is shared by every file. */
  document: v.optional(v.string()),
});
export type PendingPrediction = v.InferOutput<typeof PendingPredictionSchema>;

/** Requests the panel makes of the controller. */
export const pluginRequests = {
  loadSettings: { payload: empty, result: SettingsSchema },
  saveSettings: { payload: SettingsSchema, result: nothing },
  /** Makes the run's targets at once, before any network reply. */
  startRun: {
    payload: v.object({
      runId: id,
      label: v.string(),
      count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(48)),
      width: px,
      height: px,
      matchSelection: v.boolean(),
      /** Place beside this node instead of beside the selection (refinements, regenerate). */
      besideNodeId: v.optional(id),
      /** Fill these nodes in place at their size (a design's image slots) instead. */
      slotIds: v.optional(v.array(id)),
      /** Explore: the targets as a labelled grid in a new section (see ExploreGridSchema). */
      grid: v.optional(ExploreGridSchema),
    }),
    result: v.object({ targets: v.array(TargetSchema) }),
  },
  /** Remember a created prediction until its images are placed (see PendingPredictionSchema). */
  trackPrediction: { payload: PendingPredictionSchema, result: nothing },
  untrackPrediction: { payload: v.object({ predictionId: id }), result: nothing },
  /** Opens a run over placeholders an earlier launch left waiting, to finish it now. */
  adoptRun: {
    payload: v.object({ runId: id, nodeIds: v.array(id) }),
    result: v.object({ targets: v.array(TargetSchema) }),
  },
  /** A target that will get no image: placeholders are removed, selected nodes left as they were. */
  failTarget: {
    payload: v.object({ runId: id, nodeId: id, reason: v.string() }),
    result: nothing,
  },
  /**
   * A sign of life on a target's placeholder (its name and tint). The panel sends at most
   * about one a second per placeholder; selected layers filled in place are not touched.
   */
  showTargetState: {
    payload: v.object({ runId: id, nodeId: id, state: PlaceholderStateSchema }),
    result: nothing,
  },
  /**
   * One generation, one undo step; selects what was placed. `deleteMaskId`: the inpainting
   * mask shape the person asked to have removed once a result is placed.
   */
  finishRun: {
    /** `batch`: runs started by one press (Vary on each selected layer) end with all their results selected. */
    payload: v.object({ runId: id, deleteMaskId: v.optional(id), batch: v.optional(id) }),
    result: v.object({ placed: v.array(id) }),
  },
  /**
   * The pixels a refinement starts from: the source as the person sees it, scaled so its
   * longest side is at most maxSide; with a mask shape, a mask of exactly the same pixel
   * size (repaint colour under the shape); with expand, the source centred in a larger
   * canvas and a mask over the new area.
   */
  exportSource: {
    payload: v.object({
      sourceId: id,
      maskId: v.optional(id),
      /** 'frame': the source is a frame with a smaller image in it; 'size': grow to this size. */
      expand: v.optional(
        v.variant('kind', [
          v.object({ kind: v.literal('frame') }),
          v.object({ kind: v.literal('size'), width: px, height: px }),
        ]),
      ),
      maskRepaint: v.picklist(['white', 'black']),
      maxSide: px,
    }),
    result: v.object({
      image: bytes,
      width: px,
      height: px,
      mask: v.optional(bytes),
      /** Size on the canvas of what the result stands for (the expanded area for expand). */
      box: v.object({ width: px, height: px }),
    }),
  },
  /** Selects a layer's ancestors (its recipe's parent, its parent's parent…). */
  showLineage: {
    payload: v.object({ nodeId: id }),
    result: v.object({ selected: v.number(), missing: v.number() }),
  },
  /** Selects these layers and scrolls them into view (a job card or thumbnail was clicked). */
  selectNodes: {
    payload: v.object({ nodeIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(1000)) }),
    result: v.object({ selected: v.number(), missing: v.number() }),
  },
  notify: {
    payload: v.object({ message: v.string(), error: v.optional(v.boolean()) }),
    result: nothing,
  },
  /**
   * The secret this person's recipes are marked with (see Recipe.mark), kept in client storage.
   * The first time, the panel's fresh random value becomes it (the sandbox has no secure random).
   */
  recipeKey: {
    payload: v.object({ fresh: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) }),
    result: v.object({ key: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) }),
  },
  ...designRequests,
  ...logoRequests,
  ...historyRequests,
  ...trainingRequests,
  ...referenceRequests,
  ...placementRequests,
} as const;

/** Requests the controller makes of the panel. */
/** None today: the controller tells the panel things with events (selection, relaunches, resume). */
export const uiRequests = {} as const;

/** One-way messages from the controller. */
export const pluginEvents = {
  selectionChanged: v.object({ nodes: v.array(NodeSummarySchema) }),
  /** A relaunch button ("Regenerate") asked for these recipes to run again. */
  regenerate: v.object({
    items: v.array(v.object({ nodeId: id, recipe: RecipeSchema })),
  }),
  /** Predictions an earlier launch created and could not place before it closed. */
  resume: v.object({ items: v.array(PendingPredictionSchema), skipped: v.number() }),
  /** A menu command or relaunch button asked for a refinement tool on the selection. */
  openTool: v.object({ tool: v.picklist(REFINE_TOOLS), run: v.boolean() }),
  ...designEvents,
  ...logoEvents,
  ...historyEvents,
  ...quickActionEvents,
} as const;

/** One-way messages from the panel. */
export const uiEvents = {
  /** The panel is listening; events sent before this would be lost. */
  ready: empty,
  ...quickActionUiEvents,
} as const;

export type PluginRequests = typeof pluginRequests;
export type UiRequests = typeof uiRequests;
export type PluginEvents = typeof pluginEvents;
export type UiEvents = typeof uiEvents;
