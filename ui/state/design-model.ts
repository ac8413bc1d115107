import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { DEFAULT_LANGUAGE_MODEL, DEVICE_PRESETS } from '../../shared/design/defaults';
import type { NodeSummary } from '../../shared/messages/contract';
import { parseModelRef } from '../../shared/models/catalogue';
import { startDesignJob, type DesignHandle, type DesignJobSpec, type DesignSnapshot } from '../design/run-design';
import type { JobHandle } from '../jobs/run-job';
import type { JobSnapshot, JobSpec } from '../jobs/job-spec';
import type { ReplicateAccess } from '../replicate/client';
import type { PluginChannel } from '../plugin-channel';
import type { DesignRecipe } from '../../shared/design/recipe';
import { LANGUAGE_MODEL_CHOICES } from '../../shared/design/defaults';
import { isKnownModel } from './recipe-gate';
import { describeEstimate, type Estimate } from './cost-model';

/**
 * The Design tab's state: the form, the design jobs, and the actions that start them
 * (Design, Regenerate design, New images, Redesign section). Image slots run through the
 * panel's one job runner (`startImageJob`).
 */
export const MAX_LAYOUTS = 4;
export const SELECTED_FRAME = 'selected-frame';
export const CUSTOM_SIZE = 'custom';
export const AUTO_TARGET = 'auto';

export interface DesignModelDeps {
  plugin: PluginChannel;
  access: () => ReplicateAccess | undefined;
  demo: () => boolean | undefined;
  selection: ReadonlySignal<NodeSummary[]>;
  imageModel: ReadonlySignal<string>;
  /** Image slots get their design frame as a reference (the Design tab's option; off when the model takes none). */
  matchFrame?: ReadonlySignal<boolean>;
  startImageJob: (spec: JobSpec, onChange: (snapshot: JobSnapshot) => void) => JobHandle;
  /** Waits for the settings (token, relay) before a relaunch button's run. */
  ready: Promise<void>;
  onStart: () => void;
  showDesignTab: () => void;
  /** Shows a question and runs `start` only on yes (see recipe-gate.ts). */
  askFirst: (question: { text: string; model: string; prompt: string; inputs: string[] }, start: () => void) => void;
  /** The budget's say before images whose count is known (New images); asks above it. */
  allowRun: (estimate: Estimate, what: string) => Promise<boolean>;
}

export function createDesignModel(deps: DesignModelDeps) {
  const prompt = signal('');
  /** 'auto' until the person picks: the selected frame when there is one, else Desktop. */
  const target = signal<string>(AUTO_TARGET);
  const customWidth = signal('1440');
  const customHeight = signal('1024');
  const layouts = signal('1');
  const llm = signal(DEFAULT_LANGUAGE_MODEL);
  const useFileStyles = signal(false);
  const instruction = signal('');
  const designs = signal<DesignSnapshot[]>([]);
  const problem = signal('');
  const handles = new Map<string, DesignHandle>();

  const selectedFrame = computed(() => deps.selection.value.find((n) => n.type === 'FRAME' && !n.design));
  /** The selected section of a generated design, for Redesign section. */
  const selectedSection = computed(() => {
    const node = deps.selection.value.find((n) => n.design);
    return node?.design ? { ...node.design, name: node.name } : undefined;
  });

  const effectiveTarget = computed(() =>
    target.value === AUTO_TARGET ? (selectedFrame.value ? SELECTED_FRAME : DEVICE_PRESETS[0].id) : target.value,
  );

  function size(): { width: number; height: number; device?: string; intoFrameId?: string } | string {
    if (effectiveTarget.value === SELECTED_FRAME) {
      const frame = selectedFrame.value;
      if (!frame) return 'Select a frame to design into, or pick a device.';
      return { width: Math.round(frame.width), height: Math.round(frame.height), device: frame.name, intoFrameId: frame.id };
    }
    if (effectiveTarget.value === CUSTOM_SIZE) {
      const width = Number(customWidth.value);
      const height = Number(customHeight.value);
      if (!Number.isInteger(width) || !Number.isInteger(height) || width < 200 || height < 200 || width > 4096 || height > 8192) {
        return 'A custom size is whole pixels: width 200–4096, height 200–8192.';
      }
      return { width, height };
    }
    const preset = DEVICE_PRESETS.find((p) => p.id === effectiveTarget.value) ?? DEVICE_PRESETS[0];
    return { width: preset.width, height: preset.height, device: preset.label };
  }

  function update(snapshot: DesignSnapshot): void {
    const others = designs.value.filter((d) => d.id !== snapshot.id);
    let finished = 0;
    designs.value = [snapshot, ...others].filter((d) => isActive(d) || ++finished <= 6);
  }

  function launch(spec: DesignJobSpec): void {
    deps.onStart();
    const handle = startDesignJob(
      spec,
      { plugin: deps.plugin, replicate: deps.access(), startImageJob: deps.startImageJob, demo: deps.demo() },
      update,
    );
    handles.set(handle.id, handle);
    void handle.done.then(() => handles.delete(handle.id));
  }

  function design(): void {
    const at = size();
    const count = Number(layouts.value);
    const problems = [
      !prompt.value.trim() ? 'Describe the design first, like “pricing page for a coffee subscription”.' : '',
      typeof at === 'string' ? at : '',
      !Number.isInteger(count) || count < 1 || count > MAX_LAYOUTS ? `Layouts is a whole number from 1 to ${MAX_LAYOUTS}.` : '',
      !parseModelRef(llm.value) ? 'Type the language model as owner/name, like anthropic/claude-4-sonnet.' : '',
    ].filter(Boolean);
    problem.value = problems[0] ?? '';
    if (problems.length > 0 || typeof at === 'string') return;
    for (let alternative = 0; alternative < count; alternative++) {
      launch({
        prompt: prompt.value.trim(),
        width: at.width,
        height: at.height,
        ...(at.device ? { device: at.device } : {}),
        llm: llm.value.trim(),
        imageModel: deps.imageModel.value,
        ...(deps.matchFrame?.value ? { matchFrame: true } : {}),
        useFileStyles: useFileStyles.value,
        alternative,
        alternatives: count,
        // Only the first layout can fill the frame; the others go beside it.
        ...(at.intoFrameId ? (alternative === 0 ? { intoFrameId: at.intoFrameId } : { besideNodeId: at.intoFrameId }) : {}),
      });
    }
  }

  /**
   * A design's recipe is read from the document, which anyone editing the file can write:
   * models the plugin does not offer are shown to the person before anything runs.
   */
  function trusted(recipe: DesignRecipe, start: () => void): void {
    const llmKnown = LANGUAGE_MODEL_CHOICES.some((m) => m.id === recipe.llm.split(':')[0]);
    const imageKnown = isKnownModel(recipe.imageModel);
    if (llmKnown && imageKnown) return start();
    const unknown = [!llmKnown && recipe.llm, !imageKnown && recipe.imageModel].filter(Boolean).join(' and ');
    deps.askFirst(
      {
        text: `This design's recipe uses a model the plugin does not offer: ${unknown}. Run it?`,
        model: unknown,
        prompt: recipe.prompt.slice(0, 300),
        inputs: [`language model: ${recipe.llm}`, `image model: ${recipe.imageModel}`],
      },
      start,
    );
  }

  async function regenerateDesign(frameId: string): Promise<void> {
    const { recipe } = await deps.plugin.request('readDesign', { frameId });
    if (!recipe) {
      problem.value = 'That frame has no design recipe to regenerate from.';
      return;
    }
    trusted(recipe, () => launch({
      prompt: recipe.prompt,
      width: recipe.width,
      height: recipe.height,
      llm: recipe.llm,
      imageModel: recipe.imageModel,
      useFileStyles: recipe.useFileStyles,
      alternative: recipe.alternative + 1,
      alternatives: recipe.alternative + 2,
      besideNodeId: frameId,
    }));
  }

  async function newImages(frameId: string): Promise<void> {
    const { recipe, slots } = await deps.plugin.request('readDesign', { frameId });
    if (slots.length === 0) {
      problem.value = 'That design has no image slots.';
      return;
    }
    const model = recipe?.imageModel ?? deps.imageModel.value;
    const run = () => void deps.allowRun(describeEstimate(model, slots.length), `New images for its ${slots.length} slots`).then((go) => go && newImagesFor(frameId, recipe, slots));
    if (recipe) trusted(recipe, run);
    else run();
  }

  function newImagesFor(
    frameId: string,
    recipe: DesignRecipe | undefined,
    slots: { nodeId: string; prompt: string; name: string; width: number; height: number }[],
  ): void {
    deps.onStart();
    const style = recipe?.spec?.imageStyle ?? '';
    for (const slot of slots) {
      deps.startImageJob(
        {
          tool: 'generate',
          model: recipe?.imageModel ?? deps.imageModel.value,
          prompt: [slot.prompt, style].filter((s) => s.trim()).join(', '),
          count: 1,
          shape: { kind: 'slots', nodeIds: [slot.nodeId], width: slot.width, height: slot.height },
          name: slot.name,
          parentId: frameId,
        },
        () => undefined,
      );
    }
  }

  async function redesignSection(): Promise<void> {
    const section = selectedSection.value;
    if (!section) {
      problem.value = 'Select a section of a generated design (any frame inside it).';
      return;
    }
    if (section.path === 'root') return regenerateDesign(section.frameId);
    if (!instruction.value.trim()) {
      problem.value = 'Say how to change the section, like “make it a 3-column grid”.';
      return;
    }
    const { recipe } = await deps.plugin.request('readDesign', { frameId: section.frameId });
    if (!recipe?.spec) {
      problem.value = 'This design’s recipe holds no spec, so its sections cannot be redesigned.';
      return;
    }
    problem.value = '';
    const chosen = instruction.value.trim();
    trusted(recipe, () => launch({
      prompt: recipe.prompt,
      width: recipe.width,
      height: recipe.height,
      llm: recipe.llm,
      imageModel: recipe.imageModel,
      useFileStyles: recipe.useFileStyles,
      alternative: recipe.alternative,
      alternatives: 1,
      redesign: { frameId: section.frameId, path: section.path, instruction: chosen, recipe },
    }));
  }

  /** What the file offers; the box starts ticked when it has any (until the person changes it). */
  const fileStyleCount = signal<number | undefined>(undefined);
  let touchedStyles = false;
  async function checkFileStyles(): Promise<void> {
    const { colors, textStyles } = await deps.plugin.request('fileStyles', {});
    fileStyleCount.value = colors.length + textStyles.length;
    if (!touchedStyles) useFileStyles.value = fileStyleCount.value > 0;
  }
  function chooseFileStyles(on: boolean): void {
    touchedStyles = true;
    useFileStyles.value = on;
  }

  function cancel(id: string): void {
    handles.get(id)?.cancel();
  }

  deps.plugin.on('designAction', ({ action, frameId, path: _path }) => {
    deps.showDesignTab();
    if (!frameId || action === 'open' || action === 'redesign-section') return;
    void deps.ready.then(() => (action === 'regenerate-design' ? regenerateDesign(frameId) : newImages(frameId)));
  });

  return {
    prompt, target, effectiveTarget, customWidth, customHeight, layouts, llm, useFileStyles, instruction, designs, problem,
    selectedFrame, selectedSection, design, regenerateDesign, newImages, redesignSection, cancel,
    fileStyleCount, checkFileStyles, chooseFileStyles,
  };
}

function isActive(d: DesignSnapshot): boolean {
  return d.phase === 'starting' || d.phase === 'writing' || d.phase === 'images';
}

export type DesignModel = ReturnType<typeof createDesignModel>;
