import { toWireError } from '../../shared/errors';
import { parseModelRef } from '../../shared/models/catalogue';
import { designInput, sectionInput } from '../../shared/design/llm-input';
import { parseDesign, repairPrompt, type ParsedDesign } from '../../shared/design/parse-design';
import { SectionStream, type StreamEvent } from '../../shared/design/stream-sections';
import { DESIGN_RECIPE_VERSION, type DesignRecipe } from '../../shared/design/recipe';
import type { DesignSpec, FrameSpec } from '../../shared/design/spec';
import type { DesignHeader } from '../../shared/design/normalize-spec';
import { TERMINAL, type Prediction, type ReplicateAccess, type ResolvedModel } from '../replicate/client';
import { explainPredictionError } from '../replicate/explain-error';
import { abortableSleep } from '../replicate/retrying-fetch';
import type { JobHandle, PluginPort } from '../jobs/run-job';
import type { JobSnapshot, JobSpec } from '../jobs/job-spec';
import { replaceAtPath, specAtPath } from './spec-path';
import { DEFAULT_PALETTE, DEFAULT_TITLE, DEFAULT_TYPOGRAPHY } from '../../shared/design/defaults';

/**
 * One design: a language model writes a layout spec (streamed where the model can), the
 * controller builds each section the moment it is complete, and every image slot becomes
 * an ordinary image job of the one job runner, targeted at the slot. Whatever happens, the
 * design ends finished (one undo step, selected) or removed (canceled, failed).
 */

export interface DesignJobSpec {
  prompt: string;
  width: number;
  height: number;
  /** "Desktop", "iPhone"… or the selected frame's name, for the model. */
  device?: string;
  llm: string;
  imageModel: string;
  /** Send each image slot's design frame (the slot emptied) as a reference, where the image model takes references. */
  matchFrame?: boolean;
  useFileStyles: boolean;
  /** 0-based; `alternatives` is how many were asked for in one press. */
  alternative: number;
  alternatives: number;
  besideNodeId?: string;
  /** The selected frame the design fills (inside it when empty, beside it otherwise). */
  intoFrameId?: string;
  /** Redesign one section of an existing design, into a copy of it. */
  redesign?: { frameId: string; path: string; instruction: string; recipe: DesignRecipe };
}

export interface DesignSnapshot {
  id: string;
  spec: DesignJobSpec;
  phase: 'starting' | 'writing' | 'images' | 'done' | 'failed' | 'canceled';
  sections: number;
  images: { total: number; placed: number; failed: number };
  notes: string[];
  message?: string;
  frameId?: string;
}

export interface DesignDeps {
  plugin: PluginPort;
  replicate: ReplicateAccess | undefined;
  /** Runs an image job with the panel's usual dependencies (the one job runner). */
  startImageJob: (spec: JobSpec, onChange: (snapshot: JobSnapshot) => void) => JobHandle;
  demo?: boolean;
  now?: () => number;
  pollIntervalMs?: number;
}

export interface DesignHandle {
  id: string;
  cancel(): void;
  done: Promise<DesignSnapshot>;
}

let designCounter = 0;

export function startDesignJob(spec: DesignJobSpec, deps: DesignDeps, onChange: (s: DesignSnapshot) => void): DesignHandle {
  const now = deps.now ?? Date.now;
  const id = `design-${now().toString(36)}-${++designCounter}`;
  const abort = new AbortController();
  const snapshot: DesignSnapshot = { id, spec, phase: 'starting', sections: 0, images: { total: 0, placed: 0, failed: 0 }, notes: [] };
  const emit = () => onChange({ ...snapshot, images: { ...snapshot.images }, notes: [...snapshot.notes] });
  const imageJobs: JobHandle[] = [];
  const predictions = new Set<string>();
  let started = false;
  /** The model's last answer, shown back to it in the repair round so it fixes rather than starts over. */
  let lastAnswer = '';

  const note = (...lines: string[]) => {
    for (const line of lines) if (line && !snapshot.notes.includes(line)) snapshot.notes.push(line);
  };

  async function run(): Promise<DesignSnapshot> {
    const replicate = deps.replicate;
    const ref = parseModelRef(spec.llm);
    if (!replicate) return end('failed', 'Add your Replicate API token in Settings first (replicate.com/account/api-tokens).');
    if (!ref) return end('failed', `"${spec.llm}" is not a model name; use owner/name, like anthropic/claude-4-sonnet.`);
    if (!spec.redesign && !spec.prompt.trim()) return end('failed', 'Describe the design first.');
    if (spec.redesign && !spec.redesign.instruction.trim()) return end('failed', 'Say how to change the section, like “make it a 3-column grid”.');
    const original = spec.redesign?.recipe.spec;
    const section = spec.redesign && original ? specAtPath(original, spec.redesign.path) : undefined;
    if (spec.redesign && (!original || !section)) {
      return end('failed', 'This design’s recipe no longer holds that section, so it cannot be redesigned. Regenerate the design instead.');
    }

    try {
      ({ frameId: snapshot.frameId } = await deps.plugin.request('startDesign', {
        designId: id,
        label: spec.redesign ? `${spec.redesign.recipe.spec?.title ?? spec.prompt} · ${spec.redesign.instruction}` : spec.prompt,
        width: spec.width,
        height: spec.height,
        ...(spec.besideNodeId ? { besideNodeId: spec.besideNodeId } : {}),
        ...(spec.intoFrameId ? { intoFrameId: spec.intoFrameId } : {}),
        ...(spec.redesign ? { redesign: { frameId: spec.redesign.frameId, path: spec.redesign.path } } : {}),
      }));
      started = true;
      snapshot.phase = 'writing';
      emit();

      const model = await replicate.getModel(ref, abort.signal);
      const fileStyles = spec.useFileStyles && !spec.redesign ? await deps.plugin.request('fileStyles', {}) : undefined;
      const input = spec.redesign
        ? sectionInput(model.capabilities, {
            design: headerOf(original!),
            section: section!,
            instruction: spec.redesign.instruction,
            width: spec.width,
          })
        : designInput(model.capabilities, {
            prompt: spec.prompt,
            width: spec.width,
            height: spec.height,
            ...(spec.device ? { device: spec.device } : {}),
            ...(fileStyles ? { fileStyles: { paints: fileStyles.colors, texts: fileStyles.textStyles } } : {}),
            alternative: spec.alternative + 1,
            alternatives: spec.alternatives,
          });

      const builder = createBuilder(original);
      let parsed = await write(replicate, model, input, builder);
      if (!parsed.spec && !parsed.refusal && builder.built === 0) {
        // One repair round, with what was wrong, before giving up.
        note('The first answer was not a usable design, so the model was asked once more.');
        const promptField = Object.keys(input).find((k) => k === 'prompt') ?? 'prompt';
        const retry = { ...input, [promptField]: repairPrompt(String(input[promptField] ?? ''), parsed.problems, lastAnswer) };
        parsed = await write(replicate, model, retry, builder, false);
      }
      if (!parsed.spec) {
        return end('failed', parsed.refusal ?? `The language model did not write a usable design: ${parsed.problems.join(' ')}`);
      }
      note(...parsed.notes);
      if (parsed.truncated) note('The model’s answer was cut off; the sections that were complete were kept.');
      await builder.complete(parsed.spec);
      if (builder.built === 0) return end('failed', 'The design had no section that could be built.');

      snapshot.phase = 'images';
      emit();
      await Promise.all(imageJobs.map((job) => job.done));
      if (abort.signal.aborted) return end('canceled');
      const finalSpec = spec.redesign ? replaceAtPath(original!, spec.redesign.path, parsed.spec.sections[0]) : parsed.spec;
      const recipe: DesignRecipe = {
        v: DESIGN_RECIPE_VERSION,
        prompt: spec.redesign ? spec.redesign.recipe.prompt : spec.prompt,
        llm: model.version ? `${model.id}:${model.version}` : model.id,
        imageModel: spec.imageModel,
        width: spec.width,
        height: spec.height,
        useFileStyles: spec.useFileStyles,
        alternative: spec.alternative,
        spec: finalSpec,
        ...(builder.collectionId ? { collectionId: builder.collectionId } : {}),
        createdAt: new Date(now()).toISOString(),
        ...(spec.redesign ? { parentId: spec.redesign.frameId, instruction: spec.redesign.instruction } : {}),
        ...(deps.demo ? { demo: true } : {}),
      };
      const { frameId } = await deps.plugin.request('finishDesign', { designId: id, outcome: 'done', recipe });
      if (frameId) snapshot.frameId = frameId;
      return end('done');
    } catch (error) {
      if (abort.signal.aborted) return end('canceled');
      return end('failed', toWireError(error).message);
    }
  }

  /**
   * Runs the language model once. Streamed when the model offers a stream (sections are
   * built as they complete), else polled and built at the end.
   */
  async function write(
    replicate: ReplicateAccess,
    model: ResolvedModel,
    input: Record<string, unknown>,
    builder: Builder,
    stream = true,
  ): Promise<ParsedDesign> {
    let prediction = await replicate.createPrediction({ model, input, waitSeconds: 0, stream });
    predictions.add(prediction.id);
    if (abort.signal.aborted) throw abort.signal.reason;
    const reader = new SectionStream();
    let streamed = '';
    if (stream && prediction.urls?.stream) {
      let queue = Promise.resolve();
      const onPiece = (piece: string) => {
        for (const event of reader.push(piece)) queue = queue.then(() => builder.take(event));
      };
      streamed = await replicate.streamText(prediction.urls.stream, onPiece, abort.signal);
      await queue;
      // The stream has ended, so the prediction has (or is about to) too: no need to wait a poll.
      prediction = await replicate.getPrediction(prediction.id, abort.signal);
    }
    // The stream ends with the text; the prediction's own status says whether it succeeded.
    while (!TERMINAL.has(prediction.status)) {
      await abortableSleep(deps.pollIntervalMs ?? 1000, abort.signal);
      prediction = await replicate.getPrediction(prediction.id, abort.signal);
    }
    predictions.delete(prediction.id);
    if (prediction.status !== 'succeeded') {
      throw new Error(prediction.status === 'failed' ? explainPredictionError(prediction.error) : 'The language model run was stopped on Replicate.');
    }
    lastAnswer = outputText(prediction) || streamed;
    return parseDesign(lastAnswer);
  }

  type Builder = ReturnType<typeof createBuilder>;

  /** Sends the header and sections to the controller, each once, in order. */
  function createBuilder(original: DesignSpec | undefined) {
    let headerSent: Promise<void> | undefined;
    const state = { built: 0, collectionId: spec.redesign?.recipe.collectionId };
    const sendHeader = (header: DesignHeader) =>
      (headerSent ??= (async () => {
        // A redesign keeps its design's tokens: the copy is bound to the same variables.
        const tokens = original ? headerOf(original) : header;
        const result = await deps.plugin.request('setDesignTokens', {
          designId: id,
          title: tokens.title,
          palette: tokens.palette,
          typography: tokens.typography,
          useFileStyles: spec.useFileStyles,
          ...(state.collectionId ? { collectionId: state.collectionId } : {}),
        });
        if (result.collectionId) state.collectionId = result.collectionId;
        note(...result.notes);
      })());
    const build = async (index: number, section: FrameSpec, imageStyle: string) => {
      if (abort.signal.aborted) return;
      if (spec.redesign && state.built > 0) return;
      const { slots } = await deps.plugin.request('addDesignSection', { designId: id, index, section });
      state.built++;
      snapshot.sections = state.built;
      emit();
      for (const slot of slots) startSlot(slot, imageStyle);
    };
    let imageStyle = '';
    return {
      get built() {
        return state.built;
      },
      get collectionId() {
        return state.collectionId;
      },
      async take(event: StreamEvent) {
        if (event.type === 'header') {
          imageStyle = event.header.imageStyle;
          note(...event.notes);
          await sendHeader(event.header);
        } else {
          note(...event.notes);
          await sendHeader(original ? headerOf(original) : DEFAULT_HEADER);
          if (event.index === state.built) await build(event.index, event.section, imageStyle);
        }
      },
      /** Whatever the stream could not deliver live (or all of it, unstreamed). */
      async complete(final: DesignSpec) {
        await sendHeader(final);
        for (let i = state.built; i < final.sections.length; i++) await build(i, final.sections[i], final.imageStyle);
      },
    };
  }

  function startSlot(slot: { nodeId: string; prompt: string; name: string; width: number; height: number }, imageStyle: string): void {
    if (abort.signal.aborted) return;
    snapshot.images.total++;
    emit();
    let counted = false;
    const handle = deps.startImageJob(
      {
        tool: 'generate',
        model: spec.imageModel,
        prompt: [slot.prompt, imageStyle].filter((s) => s.trim()).join(', '),
        count: 1,
        shape: { kind: 'slots', nodeIds: [slot.nodeId], width: slot.width, height: slot.height },
        name: slot.name,
        ...(snapshot.frameId ? { parentId: snapshot.frameId } : {}),
        ...(spec.matchFrame ? { matchFrame: true } : {}),
      },
      (job) => {
        if (counted || (job.phase !== 'done' && job.phase !== 'failed' && job.phase !== 'canceled')) return;
        counted = true;
        const placed = job.variants.some((v) => v.status === 'placed');
        if (placed) snapshot.images.placed++;
        else {
          snapshot.images.failed++;
          const reason = job.variants.find((v) => v.status === 'failed');
          if (reason?.status === 'failed') note(`“${slot.name}” has no image: ${reason.reason}`);
          else if (job.message) note(`“${slot.name}” has no image: ${job.message}`);
        }
        emit();
      },
    );
    imageJobs.push(handle);
  }

  async function end(phase: DesignSnapshot['phase'], message?: string): Promise<DesignSnapshot> {
    if (message) snapshot.message = message;
    if (phase !== 'done') {
      for (const job of imageJobs) job.cancel();
      await Promise.all(imageJobs.map((job) => job.done.catch(() => undefined)));
      if (started) {
        await deps.plugin.request('finishDesign', { designId: id, outcome: phase === 'canceled' ? 'canceled' : 'failed' }).catch(() => undefined);
      }
      snapshot.frameId = undefined;
    }
    snapshot.phase = phase;
    emit();
    return { ...snapshot, notes: [...snapshot.notes] };
  }

  emit();
  const done = run();
  return {
    id,
    done,
    cancel() {
      if (abort.signal.aborted) return;
      abort.abort();
      for (const predictionId of predictions) void deps.replicate?.cancelPrediction(predictionId).catch(() => undefined);
      for (const job of imageJobs) job.cancel();
    },
  };
}

function headerOf(spec: Pick<DesignSpec, 'v' | 'title' | 'imageStyle' | 'palette' | 'typography'>): DesignHeader {
  return { v: spec.v, title: spec.title, imageStyle: spec.imageStyle, palette: spec.palette, typography: spec.typography };
}

/** For a section that arrives before any header could be read (the final parse uses the same defaults). */
const DEFAULT_HEADER: DesignHeader = { v: 1, title: DEFAULT_TITLE, imageStyle: '', palette: DEFAULT_PALETTE, typography: DEFAULT_TYPOGRAPHY };

function outputText(prediction: Prediction): string {
  const output = prediction.output;
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.map((piece) => (typeof piece === 'string' ? piece : '')).join('');
  if (output && typeof output === 'object') return JSON.stringify(output);
  return '';
}
