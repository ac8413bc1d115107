import { computed, signal } from '@preact/signals';
import { DEFAULT_MODEL, parseModelRef } from '../../shared/models/catalogue';
import { TOOL_SPECS, type RefineTool } from '../../shared/tools';
import { refineSpec } from '../jobs/refine-spec';
import { resumeSpec } from '../jobs/resume-spec';
import { regenerateSpec } from '../jobs/regenerate-spec';
import { ratioChoices } from '../../shared/models/plan-predictions';
import type { NodeSummary, Settings } from '../../shared/messages/contract';
import { toWireError } from '../../shared/errors';
import { toPlaceable } from '../images/to-placeable';
import { createPacer } from '../jobs/pacer';
import { startJob } from '../jobs/run-job';
import type { JobSnapshot, JobSpec } from '../jobs/job-spec';
import { makeThumbnail } from '../images/thumbnail';
import { createJobList } from './job-list';
import { createReplicateAccess, type ReplicateAccess } from '../replicate/client';
import type { PluginChannel } from '../plugin-channel';
import { checkRelay, type RelayInfo } from '../replicate/relay-health';

/**
 * The panel's state, shared by its components: signals, plus the actions that change them.
 * One model per panel; components receive it and read signals straight in JSX.
 */

export const OTHER_MODEL = '__other__';
export const MATCH_SELECTION = 'match-selection';
const FALLBACK_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3'];

export function createPanelModel(plugin: PluginChannel) {
  const settings = signal<Settings>({ token: '', relayUrl: 'http://localhost:8787' });
  const settingsLoaded = signal(false);
  const settingsOpen = signal(false);
  const settingsMessage = signal('');
  const prompt = signal('');
  const modelChoice = signal(DEFAULT_MODEL);
  const customModel = signal('');
  const ratio = signal('1:1');
  const count = signal(4);
  const seed = signal('');
  const selection = signal<NodeSummary[]>([]);
  const notice = signal('');
  const jobList = createJobList(plugin, (message) => {
    notice.value = message;
    setTimeout(() => notice.value === message && (notice.value = ''), 5000);
  });
  const { jobs, running, cancelAll } = jobList;
  const modelRatios = signal<string[]>(FALLBACK_RATIOS);
  const modelProblem = signal('');
  const relay = signal<RelayInfo | undefined>(undefined);
  const mode = signal<'generate' | 'refine'>('generate');
  const tool = signal<RefineTool>('vary');
  const refinePrompt = signal('');
  const strength = signal(TOOL_SPECS.vary.strength ?? 0.5);
  const refineCount = signal(TOOL_SPECS.vary.count);
  const expandTo = signal('16:9');
  const upscaleScale = signal(2);
  const refineProblem = signal('');
  const pacer = createPacer();
  let access: ReplicateAccess | undefined;

  const modelId = computed(() => (modelChoice.value === OTHER_MODEL ? customModel.value.trim() : modelChoice.value));
  const fillable = computed(() => selection.value.filter((n) => n.type !== 'TEXT'));

  function rebuildAccess(): void {
    const { token, relayUrl } = settings.value;
    access = token || relay.value?.serverToken
      ? createReplicateAccess({
          token,
          relayUrl,
          retry: {
            onWait: ({ reason, ms }) => {
              if (reason === 'throttled') {
                notice.value = `Replicate is throttling requests; retrying in ${Math.ceil(ms / 1000)} s…`;
                setTimeout(() => (notice.value = ''), ms);
              }
            },
          },
        })
      : undefined;
  }

  let settingsReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (settingsReady = resolve));

  async function loadSettings(): Promise<void> {
    settings.value = await plugin.request('loadSettings', {});
    settingsLoaded.value = true;
    await refreshRelay();
    settingsOpen.value = !settings.value.token && !relay.value?.serverToken;
    settingsReady();
  }

  /** Asks the relay about itself, then rebuilds the client and re-reads the model. */
  async function refreshRelay(): Promise<void> {
    relay.value = await checkRelay(settings.value.relayUrl);
    rebuildAccess();
    void refreshModel();
  }

  async function saveSettings(next: Settings): Promise<void> {
    const cleaned = { token: next.token.trim(), relayUrl: next.relayUrl.trim().replace(/\/+$/, '') };
    if (!/^https?:\/\/[^\s]+$/.test(cleaned.relayUrl)) {
      settingsMessage.value = 'The Relay URL must start with http:// or https://';
      return;
    }
    await plugin.request('saveSettings', cleaned);
    settings.value = cleaned;
    settingsMessage.value = 'Saved.';
    await refreshRelay();
    if (!relay.value?.reachable) settingsMessage.value = `Saved, but the relay at ${cleaned.relayUrl} is not answering.`;
  }

  /** Reads the chosen model's schema to offer the ratios it really supports. */
  async function refreshModel(): Promise<void> {
    modelProblem.value = '';
    const ref = parseModelRef(modelId.value);
    if (!ref) {
      modelRatios.value = FALLBACK_RATIOS;
      if (modelChoice.value === OTHER_MODEL && customModel.value.trim()) {
        modelProblem.value = 'Type a model as owner/name, like black-forest-labs/flux-schnell.';
      }
      return;
    }
    if (!access) return;
    try {
      const model = await access.getModel(ref);
      const choices = ratioChoices(model.capabilities.shape);
      modelRatios.value = choices.length ? choices : ['1:1'];
      if (ratio.value !== MATCH_SELECTION && !modelRatios.value.includes(ratio.value)) {
        ratio.value = modelRatios.value.includes('1:1') ? '1:1' : modelRatios.value[0];
      }
    } catch (error) {
      modelProblem.value = toWireError(error).message;
    }
  }

  function run(spec: JobSpec): void {
    // The person has moved on from Settings; make room for the progress of this run.
    settingsOpen.value = false;
    const handle = startJob(
      spec,
      { plugin, replicate: access, toPlaceable, pacer, demo: relay.value?.demo, thumbnail: makeThumbnail },
      jobList.update,
    );
    jobList.track(handle);
    void handle.done.then((final) => {
      const placed = final.variants.filter((v) => v.status === 'placed').length;
      const failed = final.variants.length - placed;
      // The panel shows every failure; a toast on the canvas is for the partial ones,
      // where the person is looking at the results and might miss the missing ones.
      if (final.phase === 'done' && placed > 0 && failed > 0) {
        void plugin.request('notify', { message: `${placed} placed, ${failed} failed: ${firstReason(final)}`, error: true });
      }
    });
  }

  function generate(): void {
    const seedText = seed.value.trim();
    run({
      tool: 'generate',
      model: modelId.value,
      prompt: prompt.value,
      count: count.value,
      shape: ratio.value === MATCH_SELECTION ? { kind: 'match-selection' } : { kind: 'ratio', ratio: ratio.value },
      ...(seedText && /^\d+$/.test(seedText) ? { seed: Number(seedText) } : {}),
    });
  }

  function regenerate(items: { nodeId: string; recipe: NonNullable<NodeSummary['recipe']> }[]): void {
    for (const { nodeId, recipe } of items) {
      const node = selection.value.find((n) => n.id === nodeId);
      run(regenerateSpec(nodeId, recipe, node && { width: node.width, height: node.height }));
    }
  }

  function chooseTool(next: RefineTool): void {
    tool.value = next;
    strength.value = TOOL_SPECS[next].strength ?? strength.value;
    refineCount.value = TOOL_SPECS[next].count;
    refineProblem.value = '';
  }

  function refine(): void {
    const spec = refineSpec(tool.value, selection.value, {
      prompt: refinePrompt.value,
      strength: strength.value,
      count: refineCount.value,
      expandTo: expandTo.value,
      scale: upscaleScale.value,
    });
    if ('problem' in spec) {
      refineProblem.value = spec.problem;
      return;
    }
    refineProblem.value = '';
    // One job per source layer: each has its own card, Cancel and lineage.
    for (const one of spec) run(one);
  }

  async function showLineage(): Promise<void> {
    const [node] = selection.value;
    if (!node) return;
    const { selected, missing } = await plugin.request('showLineage', { nodeId: node.id });
    refineProblem.value = selected
      ? missing ? `Selected ${selected}; ${missing} ancestor was deleted.` : ''
      : missing ? 'Its source was deleted.' : 'This layer was not made from another one.';
  }

  plugin.on('selectionChanged', ({ nodes }) => (selection.value = nodes));
  // These come right after 'ready', before the saved token is loaded: wait for it, or a
  // relaunch button's run would fail with "Add your Replicate API token".
  plugin.on('regenerate', ({ items }) => void ready.then(() => regenerate(items)));
  plugin.on('resume', ({ items, skipped }) => {
    if (skipped > 0) {
      notice.value = `${skipped} unfinished ${skipped === 1 ? 'result was' : 'results were'} dropped: ${skipped === 1 ? 'its placeholder was' : 'their placeholders were'} deleted.`;
    }
    // Settings (token, relay) must be loaded before anything can be fetched.
    void ready.then(() => {
      for (const item of items) run(resumeSpec(item));
    });
  });
  plugin.on('openTool', ({ tool: next, run: now }) => {
    mode.value = 'refine';
    chooseTool(next);
    if (now) void ready.then(refine);
  });

  return {
    settings, settingsLoaded, settingsOpen, settingsMessage, prompt, modelChoice, customModel, ratio, count, seed,
    selection, fillable, jobs, jobList, notice, modelRatios, modelProblem, modelId, running, relay,
    mode, tool, refinePrompt, strength, refineCount, expandTo, upscaleScale, refineProblem,
    loadSettings, saveSettings, refreshModel, generate, regenerate, cancelAll, chooseTool, refine, showLineage,
  };
}

function firstReason(job: JobSnapshot): string {
  for (const v of job.variants) if (v.status === 'failed') return v.reason;
  return 'Nothing was placed.';
}

export type PanelModel = ReturnType<typeof createPanelModel>;
