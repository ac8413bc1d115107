import { NamedError, toWireError } from '../../shared/errors';
import { cellName } from '../../shared/explore/cell-name';
import { MAX_RANDOM_SEED } from '../../shared/explore/read-axis';
import { layerName } from '../../shared/layer-name';
import { modelId as idOf, parseModelRef } from '../../shared/models/catalogue';
import { planPredictions, type PlannedPrediction } from '../../shared/models/plan-predictions';
import type { PayloadOf, ResultOf } from '../../shared/messages/channel';
import type { PluginRequests, Target } from '../../shared/messages/contract';
import type { Placed, Placement } from '../../shared/messages/placement-messages';
import { compactInput, RECIPE_VERSION, type Recipe } from '../../shared/recipe';
import { isRefineTool, TOOL_SPECS } from '../../shared/tools';
import type { Placeable, ToPlaceable } from '../images/to-placeable';
import { keepOutsideMask, type MaskedSource } from '../images/composite-masked';
import { releaseThumbnail } from '../images/thumbnail';
import { TERMINAL, type Prediction, type ReplicateAccess, type ResolvedModel } from '../replicate/client';
import { explainPredictionError } from '../replicate/explain-error';
import {
  EXPIRED_MESSAGE,
  MAX_VARIANTS,
  placeholderSize,
  type JobCell,
  type JobSnapshot,
  type JobSpec,
  type VariantState,
} from './job-spec';
import type { Pacer } from './pacer';
import { createPredictionPoller, type PredictionPoller } from './prediction-poller';
import { sourceInputs } from './source-inputs';
import { referenceInputs } from './reference-inputs';
import { readLayeredOutput } from '../../shared/layers/layered-output';
import { placeholderProgress } from './placeholder-progress';
import { RETENTION_MS } from '../../shared/retention';
import { predictionCost } from '../../shared/models/prices';

/**
 * The one job runner every feature uses: targets on the canvas first, then predictions,
 * then each image placed the moment it arrives. Whatever happens, every target ends
 * placed or failed-with-a-reason, and the run is closed (one undo step, no orphans).
 */

export interface PluginPort {
  request<K extends keyof PluginRequests & string>(
    name: K,
    payload: PayloadOf<PluginRequests, K>,
  ): Promise<ResultOf<PluginRequests, K>>;
}

export interface JobDeps {
  plugin: PluginPort;
  replicate: ReplicateAccess | undefined;
  toPlaceable: ToPlaceable;
  pacer: Pacer;
  now?: () => number;
  random?: () => number;
  /**
   * Seconds to hold the create request open (Replicate's sync mode), 1..60. Short on
   * purpose: the prediction id only comes with the reply, so Cancel can stop the run
   * upstream only after it. Fast models still answer within it; slow ones get polled.
   */
  waitSeconds?: number;
  /** Time between two reads of one prediction; default 1 s after a sync create, 0.5 s after an async one. */
  pollIntervalMs?: number;
  /** The panel's one poll loop (and its budget of reads) for every job; else this job's own. */
  poller?: PredictionPoller;
  demo?: boolean;
  /** A small picture of a placed result for the job list (an object URL the list revokes). */
  thumbnail?: (image: Placeable) => Promise<string | undefined>;
  /** Marks a recipe as this person's before it goes on the layer (ui/jobs/recipe-mark.ts). */
  signRecipe?: (recipe: Recipe) => Promise<Recipe>;
}

export interface JobHandle {
  id: string;
  cancel(): void;
  done: Promise<JobSnapshot>;
}

export const DEFAULT_WAIT_SECONDS = 10;
/**
 * Runs of more predictions than this create them all without `Prefer: wait` and poll them.
 * A held create keeps one of the browser's 6 connections per origin (HTTP/1.1 relay) for the
 * whole model time, so 48 held creates ran 6 at a time (BENCHMARKS.md, Explore); 4 leave two
 * connections for downloads, and a small run still gets sync mode's answer without a poll.
 */
export const SYNC_MAX_PREDICTIONS = 4;
/** Bytes of placed images a run keeps for drawing their thumbnails at its end (48 photo PNGs would be ~150 MB). */
export const THUMBNAIL_BYTES = 16 * 1024 * 1024;
/** Replicate's own client polls twice a second; the poller's budget bounds the total. */
export const ASYNC_POLL_INTERVAL_MS = 500;
export const SYNC_POLL_INTERVAL_MS = 1000;

/** How a run's predictions are created and then read. */
interface CreateMode {
  waitSeconds: number;
  pollIntervalMs: number;
  /** One of many creates of a run: a relay that batches takes them in one request. */
  together?: boolean;
}

/** One prediction's worth of work: its input, and which targets its outputs fill. */
type Work = PlannedPrediction & { outputIndexes?: number[]; cell?: JobCell };
type ModelId = Pick<ResolvedModel, 'id' | 'version'>;
/** One output downloaded and converted, waiting for its prediction's placeImages. */
interface Ready {
  slot: number;
  item: Placement;
  note?: string;
  /** What the job list's thumbnail is drawn from, once the image is placed. */
  picture?: Placeable;
}
let jobCounter = 0;

export function startJob(spec: JobSpec, deps: JobDeps, onChange: (snapshot: JobSnapshot) => void): JobHandle {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const id = `run-${now().toString(36)}-${++jobCounter}`;
  const abort = new AbortController();
  const created = new Map<string, Prediction['status']>();
  /** Predictions remembered for resume (trackPrediction), forgotten when the job ends. */
  const tracked = new Set<string>();
  let targets: Target[] = [];
  const snapshot: JobSnapshot = { id, spec, phase: 'starting', variants: [] };
  const emit = () => onChange({ ...snapshot, variants: [...snapshot.variants] });
  // The run's label: what its placeholders and pending predictions are called.
  const label = layerName(spec.name ?? spec.prompt, { suffix: spec.nameSuffix });
  const aborted = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  const progress = placeholderProgress(deps.plugin, id, () => targets, now);
  /** Inpaint's source and mask: results keep the original's pixels outside the mask. */
  let masked: MaskedSource | undefined;
  /** The layers this job sent as references, kept in its recipes for Regenerate. */
  let sentReferences: string[] = [];
  let ownPoller: PredictionPoller | undefined;
  /** Placed results waiting for their job-list picture (see laterThumbnail), and their bytes. */
  const thumbnailsLater: { slot: number; picture: Placeable }[] = [];
  const thumbnailsDrawn: Promise<void>[] = [];
  let heldForThumbnails = 0;
  /** Settles once the controller has made the run's targets (or failed to: the job is then aborted). */
  let targetsReady: Promise<void> = Promise.resolve();
  const poller = () => deps.poller ?? (ownPoller ??= createPredictionPoller());

  /** Sync mode for a few predictions, or any number the relay holds in one batch; else many are created at once and polled. */
  function createMode(predictions: number): CreateMode {
    return predictions > SYNC_MAX_PREDICTIONS && !deps.replicate?.holdsManyCreates
      ? { waitSeconds: 0, pollIntervalMs: deps.pollIntervalMs ?? ASYNC_POLL_INTERVAL_MS }
      : { waitSeconds: deps.waitSeconds ?? DEFAULT_WAIT_SECONDS, pollIntervalMs: deps.pollIntervalMs ?? SYNC_POLL_INTERVAL_MS, together: predictions > 1 };
  }

  function setVariant(index: number, state: VariantState): void {
    const current = snapshot.variants[index];
    // A final state sticks: a late reply cannot un-place or un-fail a variant.
    if (!current || isFinal(current)) return;
    snapshot.variants[index] = state;
    emit();
    progress.update(index, state);
  }

  async function failVariant(index: number, reason: string, canceled = false): Promise<void> {
    const current = snapshot.variants[index];
    if (!current || isFinal(current)) return;
    setVariant(index, canceled ? { status: 'canceled' } : { status: 'failed', reason });
    await deps.plugin.request('failTarget', { runId: id, nodeId: targets[index].nodeId, reason }).catch(() => undefined);
  }

  async function run(): Promise<JobSnapshot> {
    const replicate = deps.replicate;
    const ref = parseModelRef(spec.model);
    const promptRequired = !isRefineTool(spec.tool) || TOOL_SPECS[spec.tool].prompt === 'required';
    const problem = promptRequired && !spec.prompt.trim()
      ? isRefineTool(spec.tool) && TOOL_SPECS[spec.tool].promptLabel === 'Instruction'
        ? 'Type an instruction first, like “make it night”.'
        : 'Type a prompt first.'
      : !replicate
        ? 'Add your Replicate API token in Settings first (replicate.com/account/api-tokens).'
        : !ref
          ? `"${spec.model}" is not a model name; use owner/name, like black-forest-labs/flux-schnell.`
          : undefined;
    // Cells name their own models, each checked as it runs.
    if (problem || !replicate || (!ref && !spec.cells)) return finish('failed', problem);
    if (spec.resume && ref) return resume(replicate, { id: idOf(ref), version: ref.version }, spec.resume);

    const cells = spec.cells;
    const count = cells ? cells.length : Math.max(1, Math.min(MAX_VARIANTS, Math.round(spec.count) || 1));
    const size = placeholderSize(spec.shape);
    const starting = deps.plugin
      .request('startRun', {
        runId: id,
        label,
        count,
        width: size.width,
        height: size.height,
        matchSelection: spec.shape.kind === 'match-selection',
        ...(spec.besideNodeId ? { besideNodeId: spec.besideNodeId } : {}),
        ...(spec.shape.kind === 'slots' ? { slotIds: spec.shape.nodeIds } : {}),
        ...(spec.grid && cells ? { grid: { ...spec.grid, names: cells.map((c) => cellName(c.label, c.seed)) } } : {}),
      })
      .then((started) => {
        targets = started.targets;
        snapshot.variants = targets.map(() => ({ status: 'queued' }));
        snapshot.targetIds = targets.map((t) => t.nodeId);
        snapshot.phase = 'running';
        emit();
      });
    // Placeholders of a size the panel already knows: the predictions are created while the
    // controller makes them, not after (a round trip to the canvas off every run's start).
    const early = (!!cells || !!ref) && (spec.shape.kind === 'ratio' || spec.shape.kind === 'size') && !spec.matchFrame;
    let startFailure: string | undefined;
    targetsReady = starting.catch((error) => {
      startFailure = toWireError(error).message;
      // Predictions already created cancel themselves upstream (runPrediction).
      abort.abort();
    });
    if (!early) {
      await targetsReady;
      if (startFailure) return finish('failed', startFailure);
    }
    if (cells) {
      await runCells(replicate, cells, size);
      await targetsReady;
      if (startFailure) return finish('failed', startFailure);
      return finish(abort.signal.aborted ? 'canceled' : 'done');
    }
    if (!ref) return finish('failed');

    try {
      const model = await replicate.getModel(ref, abort.signal);
      const { extra, note, masked: exported } = await sourceInputs(spec, model.capabilities, {
        plugin: deps.plugin,
        replicate,
        signal: abort.signal,
      });
      const references = await referenceInputs(spec, model.capabilities, targets, { plugin: deps.plugin, replicate, signal: abort.signal });
      sentReferences = references.sent;
      const said = [note, references.note].filter(Boolean).join(' ');
      if (said) snapshot.message = said;
      masked = exported;
      const plans = planPredictions(model.capabilities, {
        prompt: spec.prompt,
        slots: early ? Array.from({ length: count }, () => size) : targets.map((t) => ({ width: t.width, height: t.height })),
        seed: spec.seed ?? Math.floor(random() * 2 ** 31),
        extra,
        followInputImage: !!spec.source,
        ...(spec.brandColors?.length ? { colors: spec.brandColors } : {}),
        ...(spec.transparent ? { transparent: true } : {}),
        ...(references.urls.length ? { references: references.urls } : {}),
        ...(isRefineTool(spec.tool) && TOOL_SPECS[spec.tool].outputFormats
          ? { formats: TOOL_SPECS[spec.tool].outputFormats }
          : {}),
      });
      // Cancel ends the job at once; predictions still being created cancel themselves upstream.
      const mode = createMode(plans.length);
      await Promise.race([Promise.all(plans.map((plan) => runPrediction(replicate, model, plan, mode))), aborted]);
    } catch (error) {
      await targetsReady;
      if (!abort.signal.aborted) {
        const reason = toWireError(error).message;
        snapshot.message = reason;
        await Promise.all(targets.map((_, i) => failVariant(i, reason)));
      }
    }
    await targetsReady;
    if (startFailure) return finish('failed', startFailure);
    return finish(abort.signal.aborted ? 'canceled' : 'done');
  }

  async function resume(replicate: ReplicateAccess, model: ModelId, pending: NonNullable<JobSpec['resume']>): Promise<JobSnapshot> {
    const untrack = () => deps.plugin.request('untrackPrediction', { predictionId: pending.predictionId }).catch(() => undefined);
    try {
      ({ targets } = await deps.plugin.request('adoptRun', { runId: id, nodeIds: pending.slots.map((s) => s.nodeId) }));
    } catch (error) {
      return finish('failed', toWireError(error).message);
    }
    if (targets.length === 0) {
      await untrack();
      return finish('failed', 'Its placeholders were deleted, so there is nowhere to put it.');
    }
    snapshot.variants = targets.map(() => ({ status: 'running', since: pending.createdAt, predictionId: pending.predictionId }));
    snapshot.targetIds = targets.map((t) => t.nodeId);
    snapshot.phase = 'running';
    emit();
    const work: Work = {
      input: pending.input,
      seed: pending.seed,
      slots: targets.map((_, i) => i),
      outputIndexes: targets.map((t) => pending.slots.find((s) => s.nodeId === t.nodeId)!.outputIndex),
    };
    try {
      // The relay's kept copy first: it outlives Replicate's hour.
      const kept = await replicate.getKeptPrediction?.(pending.predictionId, abort.signal);
      if (!kept && now() - pending.createdAt > RETENTION_MS) throw new Error(EXPIRED_MESSAGE);
      const prediction =
        kept ??
        (await replicate.getPrediction(pending.predictionId, abort.signal).catch((error) => {
          throw toWireError(error).name === 'NotFound' ? new Error(EXPIRED_MESSAGE) : error;
        }));
      created.set(prediction.id, prediction.status);
      await follow(replicate, model, work, prediction, createMode(1));
    } catch (error) {
      if (!abort.signal.aborted) await Promise.all(work.slots.map((slot) => failVariant(slot, toWireError(error).message)));
    }
    await untrack();
    return finish(abort.signal.aborted ? 'canceled' : 'done');
  }

  /**
   * Explore: each cell (target) its own prompt, model and seed, so each is its own
   * prediction; a model is looked up once for all its cells, and a model that can't run
   * fails only its own cells.
   */
  async function runCells(replicate: ReplicateAccess, cells: JobCell[], size: { width: number; height: number }): Promise<void> {
    const mode = createMode(cells.length);
    const models = new Map<string, Promise<ResolvedModel>>();
    const modelFor = (name: string): Promise<ResolvedModel> => {
      const ref = parseModelRef(name);
      if (!ref) return Promise.reject(new NamedError('InvalidInput', `"${name}" is not a model name; use owner/name, like black-forest-labs/flux-schnell.`));
      if (!models.has(name)) models.set(name, replicate.getModel(ref, abort.signal));
      return models.get(name)!;
    };
    const runCell = async (cell: JobCell, slot: number): Promise<void> => {
      try {
        const model = await modelFor(cell.model);
        const { extra } = await sourceInputs(spec, model.capabilities, { plugin: deps.plugin, replicate, signal: abort.signal });
        const colors = cell.colors ?? spec.brandColors;
        const plans = planPredictions(model.capabilities, {
          prompt: cell.prompt,
          // Every cell is made at the run's size (plugin/placement/explore-grid.ts), so it is known before the grid is.
          slots: [size],
          // Short: the seed is read in the layer's name.
          seed: cell.seed ?? 1 + Math.floor(random() * MAX_RANDOM_SEED),
          extra,
          ...(colors?.length ? { colors } : {}),
        });
        await Promise.all(plans.map((plan) => runPrediction(replicate, model, { ...plan, slots: [slot], cell }, mode)));
      } catch (error) {
        await targetsReady;
        if (!abort.signal.aborted) await failVariant(slot, toWireError(error).message);
      }
    };
    await Promise.race([Promise.all(cells.map(runCell)), aborted]);
  }

  async function runPrediction(replicate: ReplicateAccess, model: ResolvedModel, plan: Work, mode: CreateMode): Promise<void> {
    try {
      await deps.pacer.take(abort.signal);
      const since = now();
      void targetsReady.then(() => {
        for (const slot of plan.slots) if (snapshot.variants[slot]?.status === 'queued') setVariant(slot, { status: 'running', since });
      });
      // Not aborted with the job: the id only arrives with the reply (in sync mode after the
      // model's time), and without the id a canceled run would go on (and be billed) upstream.
      const prediction = await replicate.createPrediction({ model, input: plan.input, waitSeconds: mode.waitSeconds, ...(mode.together ? { together: true } : {}) });
      created.set(prediction.id, prediction.status);
      await targetsReady;
      if (abort.signal.aborted) {
        if (!TERMINAL.has(prediction.status)) await replicate.cancelPrediction(prediction.id).catch(() => undefined);
        return;
      }
      for (const slot of plan.slots) setVariant(slot, { status: 'running', since, predictionId: prediction.id });
      // Remembered until placed, so closing the plugin now loses nothing (see resume); one that
      // came back finished with its files inside or right behind it (framed-answers.ts) is
      // placed the moment they are in, as soon as a message to remember it would have landed.
      if (!arrivedWhole(prediction, replicate)) {
        tracked.add(prediction.id);
        void deps.plugin.request('trackPrediction', {
          predictionId: prediction.id,
          createdAt: now(),
          model: model.id,
          ...(model.version ? { version: model.version } : {}),
          tool: spec.tool,
          prompt: plan.cell?.prompt ?? spec.prompt,
          name: plan.cell ? cellName(plan.cell.label, plan.seed, false, plan.cell.variant) : label,
          ...(recipeAxes(plan, spec.axes) ? { axes: recipeAxes(plan, spec.axes) } : {}),
          input: compactInput(plan.input),
          ...(plan.seed !== undefined ? { seed: plan.seed } : {}),
          ...(spec.parentId ? { parentId: spec.parentId } : {}),
          ...(spec.source?.maskNodeId ? { maskId: spec.source.maskNodeId } : {}),
          ...(deps.demo ? { demo: true } : {}),
          slots: plan.slots.map((slot, outputIndex) => ({ nodeId: targets[slot].nodeId, outputIndex })),
        }).catch(() => undefined);
      }
      await follow(replicate, model, plan, prediction, mode);
    } catch (error) {
      if (abort.signal.aborted) return;
      const reason = toWireError(error).message;
      await Promise.all(plan.slots.map((slot) => failVariant(slot, reason)));
    }
  }

  /** Polls a created prediction to its end (with every other open one), then places or reports its outputs. */
  async function follow(replicate: ReplicateAccess, model: ModelId, plan: Work, first: Prediction, mode: CreateMode): Promise<void> {
    const prediction = await poller().watch(replicate, first, {
      intervalMs: mode.pollIntervalMs,
      signal: abort.signal,
      onRead: (read) => created.set(read.id, read.status),
    });
    await settlePrediction(replicate, model, plan, prediction);
  }

  async function settlePrediction(
    replicate: ReplicateAccess,
    model: ModelId,
    plan: Work,
    prediction: Prediction,
  ): Promise<void> {
    if (prediction.status !== 'succeeded') {
      const reason =
        prediction.status === 'failed'
          ? explainPredictionError(prediction.error)
          : prediction.status === 'aborted'
            ? 'The run hit its time limit on Replicate and was stopped.'
            : 'The prediction was canceled on Replicate.';
      await Promise.all(plan.slots.map((slot) => failVariant(slot, reason)));
      return;
    }
    // "Split into layers" returns an object: its background image, and text boxes placed as text layers.
    const layered = readLayeredOutput(prediction.output);
    const urls = layered ? [layered.background] : outputUrls(prediction.output);
    // Priced from the prediction's own metrics where it is billed by time, else per image.
    const cost = predictionCost(model.id, urls.length, prediction.metrics?.predict_time);
    if (cost === undefined) snapshot.costUnknown = true;
    else snapshot.cost = (snapshot.cost ?? 0) + cost;
    const costShare = cost !== undefined && urls.length > 0 ? cost / urls.length : undefined;
    if (urls.length === 0 && (prediction as { data_removed?: boolean }).data_removed) {
      await Promise.all(plan.slots.map((slot) => failVariant(slot, EXPIRED_MESSAGE)));
      return;
    }
    for (const slot of plan.slots) progress.arrived(slot);
    // Every output downloaded and readied at once, then all of them placed with one message:
    // one hop to the controller and one change on the canvas per prediction (BENCHMARKS.md).
    const ready = await Promise.all(
      plan.slots.map(async (slot, position): Promise<Ready | undefined> => {
        const outputIndex = plan.outputIndexes?.[position] ?? position;
        const url = urls[outputIndex];
        if (!url) {
          await failVariant(slot, `The model returned ${urls.length} of ${plan.slots.length} images; its safety filter may have held some back.`);
          return undefined;
        }
        // The recipe is signed while the bytes download: it needs nothing of the image.
        const recipe: Recipe = {
          v: RECIPE_VERSION,
          tool: spec.tool,
          model: model.id,
          ...(prediction.version || model.version ? { version: prediction.version ?? model.version } : {}),
          prompt: plan.cell?.prompt ?? spec.prompt,
          input: plan.input,
          ...(plan.seed !== undefined ? { seed: plan.seed } : {}),
          outputIndex,
          predictionId: prediction.id,
          createdAt: prediction.created_at ?? new Date(now()).toISOString(),
          ...(spec.parentId ? { parentId: spec.parentId } : {}),
          ...(spec.source?.maskNodeId ? { maskId: spec.source.maskNodeId } : {}),
          ...(deps.demo ? { demo: true } : {}),
          ...(recipeAxes(plan, spec.axes) ? { axes: recipeAxes(plan, spec.axes) } : {}),
          ...(costShare !== undefined ? { cost: costShare } : {}),
          ...(sentReferences.length ? { references: sentReferences } : {}),
        };
        const signed = deps.signRecipe ? deps.signRecipe(recipe) : Promise.resolve(recipe);
        signed.catch(() => undefined);
        try {
          const converted = await deps.toPlaceable(await replicate.download(url, abort.signal));
          const image = masked && converted.kind === 'raster' ? keepOutsideMask(converted, masked) : converted;
          if (abort.signal.aborted) return undefined;
          const common = {
            nodeId: targets[slot].nodeId,
            width: image.width,
            height: image.height,
            name: resultName(slot, plan),
            recipe: await signed,
          };
          const item: Placement =
            image.kind === 'vector'
              ? { kind: 'vector', ...common, svg: image.svg }
              : layered
                ? { kind: 'layers', ...common, bytes: image.bytes, texts: layered.texts, ...(layered.space ? { space: layered.space } : {}) }
                : { kind: 'image', ...common, bytes: image.bytes };
          // Placing hands the bytes over (transferred); the thumbnail, made once they are placed, reads a copy.
          const picture = deps.thumbnail ? (image.kind === 'raster' ? { ...image, bytes: image.bytes.slice() } : image) : undefined;
          return { slot, item, note: image.note, picture };
        } catch (error) {
          if (abort.signal.aborted) return undefined;
          const wire = toWireError(error);
          // A resumed prediction's files may be gone: Replicate keeps them for an hour.
          await failVariant(slot, spec.resume && wire.name === 'NotFound' ? EXPIRED_MESSAGE : wire.message);
          return undefined;
        }
      }),
    );
    const batch = ready.filter((r): r is Ready => r !== undefined);
    // Canceled while converting: the run is closed and its placeholders gone, so the
    // controller would put the images on the canvas on their own.
    if (batch.length === 0 || abort.signal.aborted) return;
    let outcomes: Placed[];
    try {
      ({ outcomes } = await deps.plugin.request('placeImages', { runId: id, items: batch.map((r) => r.item) }));
    } catch (error) {
      if (abort.signal.aborted) return;
      const reason = toWireError(error).message;
      await Promise.all(batch.map((r) => failVariant(r.slot, reason)));
      return;
    }
    await Promise.all(
      batch.map(async (r, k) => {
        const outcome = outcomes[k];
        if (!outcome || 'error' in outcome) {
          return failVariant(r.slot, outcome ? outcome.error.message : 'The image was not placed.');
        }
        const note = [r.note, outcome.note].filter(Boolean).join(' ');
        setVariant(r.slot, { status: 'placed', nodeId: outcome.nodeId, ...(note ? { note } : {}) });
        if (r.picture) laterThumbnail(r.slot, r.picture);
      }),
    );
  }

  /** "Fox · Vary 2": results of one source tell apart by tool and variant number. */
  function resultName(slot: number, plan: Work): string {
    if (plan.cell) return cellName(plan.cell.label, plan.seed, deps.demo, plan.cell.variant);
    const numbered = spec.nameSuffix && targets.length > 1 ? `${spec.nameSuffix} ${slot + 1}` : spec.nameSuffix;
    return layerName(spec.name ?? spec.prompt, { suffix: numbered, demo: deps.demo });
  }

  /**
   * The job list's picture of a placed result is drawn once the run's images are all on the
   * canvas (drawing 48 of them between a grid's cells slowed the cells): kept until then,
   * unless the run already keeps THUMBNAIL_BYTES of them (large PNGs), when it is drawn now.
   */
  function laterThumbnail(slot: number, picture: Placeable): void {
    const bytes = picture.kind === 'raster' ? picture.bytes.byteLength : picture.svg.length;
    if (heldForThumbnails + bytes > THUMBNAIL_BYTES) {
      thumbnailsDrawn.push(drawThumbnail(slot, picture));
      return;
    }
    heldForThumbnails += bytes;
    thumbnailsLater.push({ slot, picture });
  }

  /** After placing: a thumbnail is a nicety, and never holds up or fails the result. */
  async function drawThumbnail(slot: number, picture: Placeable): Promise<void> {
    const thumbnail = await deps.thumbnail?.(picture).catch(() => undefined);
    const current = snapshot.variants[slot];
    if (!thumbnail) return;
    if (current?.status !== 'placed') return releaseThumbnail(thumbnail);
    snapshot.variants[slot] = { ...current, thumbnail };
    emit();
  }

  async function finish(phase: JobSnapshot['phase'], message?: string): Promise<JobSnapshot> {
    if (message) snapshot.message = message;
    progress.stop();
    // Every prediction of this job is settled, canceled or reported by now.
    await Promise.all(
      [...tracked].map((predictionId) =>
        deps.plugin.request('untrackPrediction', { predictionId }).catch(() => undefined),
      ),
    );
    const reason = phase === 'canceled' ? 'Canceled' : 'Stopped before an image arrived';
    await Promise.all(snapshot.variants.map((_, i) => failVariant(i, reason, phase === 'canceled')));
    // The mask shape goes only when the person ticked the box and a result was placed.
    const deleteMaskId = spec.source?.deleteMask && spec.source.maskNodeId ? spec.source.maskNodeId : undefined;
    if (targets.length > 0) {
      await deps.plugin
        .request('finishRun', { runId: id, ...(deleteMaskId ? { deleteMaskId } : {}), ...(spec.batch ? { batch: spec.batch } : {}) })
        .catch(() => undefined);
    }
    const later = thumbnailsLater.splice(0);
    heldForThumbnails = 0;
    await Promise.all([...thumbnailsDrawn, ...later.map(({ slot, picture }) => drawThumbnail(slot, picture))]);
    const placed = snapshot.variants.filter((v) => v.status === 'placed').length;
    if (phase === 'done' && placed === 0 && !snapshot.message) snapshot.message = 'No image could be placed.';
    snapshot.phase = phase === 'done' && placed === 0 ? 'failed' : phase;
    emit();
    return { ...snapshot, variants: [...snapshot.variants] };
  }

  // The job shows (with Cancel) at once, before the controller has made its targets.
  emit();
  const done = run();
  return {
    id,
    done,
    cancel() {
      if (abort.signal.aborted) return;
      abort.abort();
      for (const [predictionId, status] of created) {
        if (!TERMINAL.has(status)) void deps.replicate?.cancelPrediction(predictionId).catch(() => undefined);
      }
    },
  };
}

/** The axis values a result's recipe keeps: its cell's, or the job's (Vary of a cell). */
function recipeAxes(plan: Work, axes?: Record<string, string>): Record<string, string> | undefined {
  const found = plan.cell?.axes ?? axes;
  return found && Object.keys(found).length > 0 ? found : undefined;
}

/** Finished, every output file inside the answer (a data URL) or on its way behind it: nothing is left to fetch. */
function arrivedWhole(prediction: Prediction, replicate: ReplicateAccess): boolean {
  if (prediction.status !== 'succeeded') return false;
  const urls = outputUrls(prediction.output);
  return urls.length > 0 && urls.every((url) => url.startsWith('data:') || replicate.arriving?.(url) === true);
}

function outputUrls(output: unknown): string[] {
  if (typeof output === 'string') return [output];
  if (Array.isArray(output)) return output.filter((x): x is string => typeof x === 'string');
  return [];
}


export function isFinal(state: VariantState): boolean {
  return state.status === 'placed' || state.status === 'failed' || state.status === 'canceled';
}

