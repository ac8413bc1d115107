import { computed, effect, signal } from '@preact/signals';
import { parseModelRef } from '../../shared/models/catalogue';
import { TOOL_SPECS, type RefineTool } from '../../shared/tools';
import { refineSpec } from '../jobs/refine-spec';
import { resumeSpec } from '../jobs/resume-spec';
import { regenerateSpec } from '../jobs/regenerate-spec';
import { ratioChoices } from '../../shared/models/plan-predictions';
import type { NodeSummary, Settings } from '../../shared/messages/contract';
import { toWireError } from '../../shared/errors';
import { toPlaceable } from '../images/to-placeable';
import { createPacer } from '../jobs/pacer';
import { createPredictionPoller } from '../jobs/prediction-poller';
import { startJob } from '../jobs/run-job';
import type { JobSnapshot, JobSpec } from '../jobs/job-spec';
import { makeThumbnail } from '../images/thumbnail';
import { createJobList } from './job-list';
import { createReplicateAccess, type ReplicateAccess } from '../replicate/client';
import type { PluginChannel } from '../plugin-channel';
import { checkRelay, relayProblem, type RelayInfo } from '../replicate/relay-health';
import { createGenerateForm, MATCH_SELECTION, OTHER_MODEL as OTHER_MODEL_CHOICE } from './generate-form';
import { readSeed, readVariants, tokenProblem } from './form-checks';
// One press starts at most as many images as the largest Explore grid.
import { MAX_EXPLORE_IMAGES as MAX_RUN_IMAGES } from '../../shared/explore/plan-explore';
import { createSubmitGuard } from './submit-guard';
import { createDesignModel } from './design-model';
import { createCostModel, describeEstimate } from './cost-model';
import { createHistoryModel } from './history-model';
import { PRESETS } from '../../shared/models/catalogue';
import { createExploreForm } from './explore-form';
import { createRecipeMarker } from '../jobs/recipe-mark';
import { createRecipeGate } from './recipe-gate';
import { createLogoModel } from './logo-model';
import { watchQuickActions } from './quick-action';
import { createTrainingModel } from './training-model';
import { styleModelId } from '../../shared/training/style';
import { createReferenceOptions } from './reference-options';

/**
 * The panel's state, shared by its components: signals, plus the actions that change them.
 * One model per panel; components receive it and read signals straight in JSX.
 */

export { OTHER_MODEL, MATCH_SELECTION } from './generate-form';
const FALLBACK_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3'];

/** What the panel reaches the world through; tests hand in their own. */
export interface PanelDeps {
  checkRelay: typeof checkRelay;
  createAccess: typeof createReplicateAccess;
  startJob: typeof startJob;
  /** How often to ask a relay that is not answering again; 0 never. */
  relayRetryMs: number;
}

/** Answers to a model look-up that say the run cannot work as chosen. */
const BLOCKING_MODEL_ERRORS = new Set(['NotFound', 'NotRelayRoute', 'UpstreamHtml', 'InvalidInput']);

export const ALREADY_STARTING = 'Already generating this — press again once it has started to run another.';

export function createPanelModel(plugin: PluginChannel, overrides: Partial<PanelDeps> = {}) {
  const deps: PanelDeps = { checkRelay, createAccess: createReplicateAccess, startJob, relayRetryMs: 3000, ...overrides };
  const settings = signal<Settings>({ token: '', relayUrl: 'http://localhost:8787' });
  const settingsLoaded = signal(false);
  const settingsOpen = signal(false);
  const settingsMessage = signal('');
  const form = createGenerateForm();
  const { prompt, modelChoice, customModel, ratio, variants, seed, modelId } = form;
  const selection = signal<NodeSummary[]>([]);
  const notice = signal('');
  const jobList = createJobList(plugin, (message) => {
    notice.value = message;
    setTimeout(() => notice.value === message && (notice.value = ''), 5000);
  });
  const { jobs, running, cancelAll } = jobList;
  const cost = createCostModel(plugin, jobs);
  const modelRatios = signal<string[]>(FALLBACK_RATIOS);
  /** The chosen model can make a transparent background; and whether the person asked for one. */
  const transparentOffered = signal(false);
  const transparent = signal(false);
  const references = createReferenceOptions(selection);
  const modelProblem = signal('');
  const relay = signal<RelayInfo | undefined>(undefined);
  const mode = signal<'generate' | 'refine' | 'design' | 'history'>('generate');
  const tool = signal<RefineTool>('vary');
  const refinePrompt = signal('');
  // Each tool keeps its own text: an Edit instruction is not an Expand prompt.
  const refinePrompts: Partial<Record<RefineTool, string>> = {};
  const strength = signal(TOOL_SPECS.vary.strength ?? 0.5);
  const refineCount = signal(String(TOOL_SPECS.vary.count));
  /** The Refine tool's model, one of toolModels(tool); its default when a tool is chosen. */
  const refineModel = signal(TOOL_SPECS.vary.model);
  const expandTo = signal('16:9');
  const upscaleScale = signal(2);
  const deleteMask = signal(false);
  const refineProblem = signal('');
  const pacer = createPacer();
  // One poll loop for every job of the panel, so all its reads share one budget.
  const poller = createPredictionPoller();
  // Recipes this panel places are marked as this person's; ones read back are checked before they run.
  const marker = createRecipeMarker(plugin);
  const recipeGate = createRecipeGate(marker.isMine);
  let access: ReplicateAccess | undefined;

  const guard = createSubmitGuard();
  /** Said beside the button when a press is ignored as a repeat of a run being started. */
  const submitNotice = signal('');
  effect(() => {
    for (const job of jobs.value) guard.update(job);
  });
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  function sayAlreadyStarting(): void {
    submitNotice.value = ALREADY_STARTING;
    // Once the run is under way the note is stale: a press then is a deliberate rerun.
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => (submitNotice.value = ''), 4000);
  }
  /** Why nothing can run at all (relay down, no token), once the relay has answered. */
  /** Replicate refused the token when the model was looked up: nothing can run until it changes. */
  const tokenRefused = signal('');
  const accessProblem = computed(
    () =>
      relayProblem(relay.value, settings.value.relayUrl) ??
      (relay.value ? tokenProblem(settings.value.token, relay.value.serverToken) : undefined) ??
      (tokenRefused.value || undefined),
  );
  const generateBlocker = computed(() => accessProblem.value ?? (modelProblem.value || undefined));
  const refineCountProblem = computed(() =>
    TOOL_SPECS[tool.value].count > 1 ? readVariants(refineCount.value).problem : undefined,
  );
  const fillable = computed(() => selection.value.filter((n) => n.type !== 'TEXT'));
  /** Match selection makes layers × variants images: a stray select-all must not start hundreds. */
  const matchProblem = computed(() => {
    if (ratio.value !== MATCH_SELECTION) return undefined;
    const each = readVariants(variants.value).value ?? 1;
    const images = fillable.value.length * each;
    return images > MAX_RUN_IMAGES
      ? `That is ${images} images (${fillable.value.length} layers × ${each} ${each === 1 ? 'variant' : 'variants'}); at most ${MAX_RUN_IMAGES} in one run. Select fewer layers or lower Variants.`
      : undefined;
  });

  function rebuildAccess(): void {
    const { token, relayUrl, relayKey } = settings.value;
    const relayHoldsToken = !!relay.value?.serverToken;
    access = token || relayHoldsToken
      ? deps.createAccess({
          // The relay replaces it with its own anyway; the person's token stays on this computer.
          token: relayHoldsToken ? '' : token,
          relayUrl,
          relayKey,
          envelopes: relay.value?.envelopes === true,
          outputFrames: relay.value?.outputFrames === true,
          batches: relay.value?.batches === true,
          multiplexed: relay.value?.multiplexed === true,
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
    const budgetRead = cost.loadBudget();
    settings.value = await plugin.request('loadSettings', {});
    await budgetRead;
    settingsLoaded.value = true;
    await refreshRelay();
    settingsOpen.value = (!settings.value.token && !relay.value?.serverToken) || !!relay.value?.keyRequired;
    settingsReady();
  }

  let relayRetry: ReturnType<typeof setTimeout> | undefined;

  /** Asks the relay about itself, then rebuilds the client and re-reads the model. */
  async function refreshRelay(): Promise<void> {
    relay.value = await deps.checkRelay(settings.value.relayUrl, undefined, undefined, settings.value.relayKey);
    rebuildAccess();
    if (!relay.value.reachable) {
      retryRelayLater();
      return;
    }
    void refreshModel();
  }

  /** A relay started after the panel opened is noticed without a reload. */
  function retryRelayLater(): void {
    if (relayRetry !== undefined || deps.relayRetryMs <= 0) return;
    relayRetry = setTimeout(() => {
      relayRetry = undefined;
      void refreshRelay();
    }, deps.relayRetryMs);
  }

  async function saveSettings(next: Settings): Promise<void> {
    const cleaned = { token: next.token.trim(), relayUrl: next.relayUrl.trim().replace(/\/+$/, ''), relayKey: next.relayKey?.trim() ?? '' };
    if (!/^https?:\/\/[^\s]+$/.test(cleaned.relayUrl)) {
      settingsMessage.value = 'The Relay URL must start with http:// or https://';
      return;
    }
    await plugin.request('saveSettings', cleaned);
    settings.value = cleaned;
    settingsMessage.value = 'Saved.';
    await refreshRelay();
  }

  let modelCheck: { id: string; done: Promise<void> } | undefined;

  /** Reads the chosen model's schema to offer the ratios (and seeds) it really supports. */
  function refreshModel(): Promise<void> {
    const id = modelId.value;
    const done = checkModel(id);
    modelCheck = access && parseModelRef(id) ? { id, done } : undefined;
    return done;
  }

  /** The model as chosen now has been looked up (or could not be). */
  function modelChecked(): Promise<void> {
    return modelCheck?.id === modelId.value ? modelCheck.done : refreshModel();
  }

  async function checkModel(id: string): Promise<void> {
    modelProblem.value = '';
    tokenRefused.value = '';
    form.seedRule.value = { kind: 'unknown' };
    transparentOffered.value = false;
    references.readModel(undefined);
    const ref = parseModelRef(id);
    // A name that is not owner/name is the form's to say, beside the field.
    if (!ref) {
      modelRatios.value = FALLBACK_RATIOS;
      return;
    }
    if (!access) return;
    try {
      const model = await access.getModel(ref);
      // The person picked another model meanwhile: this answer is about the old one.
      if (modelId.value !== id) return;
      const { seedField, seedRange } = model.capabilities;
      form.seedRule.value = seedField ? { kind: 'range', ...seedRange } : { kind: 'none' };
      const choices = ratioChoices(model.capabilities.shape);
      modelRatios.value = choices.length ? choices : ['1:1'];
      transparentOffered.value = !!model.capabilities.transparency;
      references.readModel(model.capabilities);
      if (ratio.value !== MATCH_SELECTION && !modelRatios.value.includes(ratio.value)) {
        ratio.value = modelRatios.value.includes('1:1') ? '1:1' : modelRatios.value[0];
      }
    } catch (error) {
      if (modelId.value !== id) return;
      const wire = toWireError(error);
      if (wire.name === 'RelayUnreachable') {
        // Said once, as the relay's problem (with how to start it), not as the model's.
        relay.value = await deps.checkRelay(settings.value.relayUrl, undefined, undefined, settings.value.relayKey);
        if (!relay.value.reachable) {
          modelCheck = undefined;
          retryRelayLater();
          return;
        }
      }
      if (wire.name === 'Unauthenticated') {
        // The token's problem, said once where access problems are, not as the model's.
        tokenRefused.value = wire.message;
        return;
      }
      // Only an answer about this model blocks it; a passing hiccup (throttling, a 5xx) is
      // the run's to retry, and the model is looked up again on Generate.
      if (!BLOCKING_MODEL_ERRORS.has(wire.name)) {
        modelCheck = undefined;
        return;
      }
      modelProblem.value = wire.message;
    }
  }

  function run(asked: JobSpec): string {
    // New images follow the file's brand kit when it has colours (see logo-model.ts).
    const spec = training.withStyleTrigger(logo.withBrandColours(asked));
    // The person has moved on from Settings; make room for the progress of this run.
    settingsOpen.value = false;
    const handle = deps.startJob(
      spec,
      { plugin, replicate: access, toPlaceable, pacer, poller, demo: relay.value?.demo, thumbnail: makeThumbnail, signRecipe: marker.sign },
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
    return handle.id;
  }

  /**
   * Generate: form problems are said beside their fields and start nothing; a repeat of
   * a run still being started is ignored (a double-click must not pay twice).
   */
  async function generate(): Promise<void> {
    form.attempted.value = true;
    if (Object.keys(form.problems.value).length > 0 || matchProblem.value) return;
    const matching = ratio.value === MATCH_SELECTION;
    const count = readVariants(variants.value).value ?? 1;
    const seedValue = readSeed(seed.value, form.seedRule.value, count).value;
    const spec: JobSpec = {
      tool: 'generate',
      model: modelId.value,
      prompt: prompt.value,
      count,
      shape: matching ? { kind: 'match-selection' } : { kind: 'ratio', ratio: ratio.value },
      ...(seedValue !== undefined ? { seed: seedValue } : {}),
      ...(transparent.value && transparentOffered.value ? { transparent: true } : {}),
      ...references.specPart(matching),
    };
    // Above the person's budget, the run waits for their yes (asked in the panel).
    const images = count * (matching ? Math.max(1, fillable.value.length) : 1);
    if (!(await cost.allowRun(describeEstimate(spec.model, images)))) return;
    const key = JSON.stringify([spec, matching ? fillable.value.map((n) => n.id) : []]);
    if (!guard.claim(key)) {
      sayAlreadyStarting();
      return;
    }
    submitNotice.value = '';
    // The relay may have been started since it last said nothing; the model may be unread.
    if (!relay.value?.reachable) await refreshRelay();
    await modelChecked();
    // The seed's bounds may only be known now.
    if (generateBlocker.value || form.problems.value.seed) {
      guard.drop(key);
      return;
    }
    form.attempted.value = false;
    guard.attach(key, [run(spec)]);
  }

  const explore = createExploreForm({ prompt, modelId, ratio, run, blocker: generateBlocker, allowRun: cost.allowRun, budget: cost.budget });

  /** Fills the Generate form from a first-run example: its prompt, model and ratio. */
  async function fillExample(example: { prompt: string; model: string; ratio: string }): Promise<void> {
    prompt.value = example.prompt;
    modelChoice.value = example.model;
    // Kept by the model check when the model offers it; otherwise its nearest default.
    ratio.value = example.ratio;
    form.attempted.value = false;
    await refreshModel();
  }

  function regenerate(items: { nodeId: string; recipe: NonNullable<NodeSummary['recipe']> }[]): void {
    for (const { nodeId, recipe } of items) {
      const node = selection.value.find((n) => n.id === nodeId);
      const spec = regenerateSpec(nodeId, recipe, node && { width: node.width, height: node.height });
      void recipeGate.admit(recipe, spec.model, () => void run(spec));
    }
  }

  function chooseTool(next: RefineTool): void {
    refinePrompts[tool.value] = refinePrompt.value;
    tool.value = next;
    refinePrompt.value = refinePrompts[next] ?? '';
    strength.value = TOOL_SPECS[next].strength ?? strength.value;
    refineCount.value = String(TOOL_SPECS[next].count);
    refineModel.value = TOOL_SPECS[next].model;
    refineProblem.value = '';
  }

  function refine(overBudgetAllowed = false): void {
    const spec = refineSpec(tool.value, selection.value, {
      prompt: refinePrompt.value,
      strength: strength.value,
      count: readVariants(refineCount.value).value ?? 1,
      expandTo: expandTo.value,
      scale: upscaleScale.value,
      deleteMask: deleteMask.value,
      model: refineModel.value,
    });
    if ('problem' in spec) {
      refineProblem.value = spec.problem;
      return;
    }
    // Said beside the Variants field; nothing starts with a count nobody meant.
    if (refineCountProblem.value || accessProblem.value) return;
    refineProblem.value = '';
    const estimate = describeEstimate(spec[0]?.model ?? '', spec.reduce((n, s) => n + s.count, 0));
    if (!overBudgetAllowed && estimate.usd !== undefined && estimate.usd > cost.budget.value) {
      void cost.allowRun(estimate).then((go) => go && refine(true));
      return;
    }
    const key = JSON.stringify(['refine', spec]);
    if (!guard.claim(key)) {
      sayAlreadyStarting();
      return;
    }
    submitNotice.value = '';
    // One job per source layer; their results end up selected together.
    const batch = spec.length > 1 ? `batch-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` : undefined;
    const specs = batch ? spec.map((s) => ({ ...s, batch })) : spec;
    // "Vary" on a generated layer runs its recipe, read from the document: asked first unless it is ours.
    const recipeOf = (s: JobSpec) => selection.value.find((n) => n.id === s.parentId && n.recipe && s.baseInput === n.recipe.input)?.recipe;
    for (const s of specs) {
      const recipe = recipeOf(s);
      if (recipe) void recipeGate.admit(recipe, s.model, () => void run(s));
    }
    // One job per source layer: each has its own card, Cancel and lineage.
    guard.attach(key, specs.filter((s) => !recipeOf(s)).map(run));
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
    if (now) void ready.then(() => refine());
  });

  const logo = createLogoModel({
    plugin,
    selection,
    run,
    refine: (next) => {
      chooseTool(next);
      refine();
    },
  });
  plugin.on('logoAction', () => (mode.value = 'refine'));

  const training = createTrainingModel({
    plugin,
    settings,
    relay,
    ready,
    picks: logo.picks,
    brandName: logo.brandName,
    askFirst: (estimate, what) => cost.allowTraining(estimate, what),
    // A new style is what the person wants to try next: chosen in the Generate tab.
    onStyleReady: (style) => {
      modelChoice.value = styleModelId(style);
      void refreshModel();
    },
  });
  void training.load();

  const design = createDesignModel({
    plugin,
    access: () => access,
    demo: () => relay.value?.demo,
    selection,
    imageModel: modelId,
    matchFrame: references.designMatchesFrame,
    startImageJob: (spec, onChange) =>
      deps.startJob(spec, { plugin, replicate: access, toPlaceable, pacer, poller, demo: relay.value?.demo, signRecipe: marker.sign }, onChange),
    ready,
    onStart: () => (settingsOpen.value = false),
    showDesignTab: () => (mode.value = 'design'),
    askFirst: (question, start) => recipeGate.askFirst(question, start),
    allowRun: cost.allowRun,
  });

  const history = createHistoryModel(plugin, {
    selectNodes: (nodeIds) => jobList.selectNodes(nodeIds),
    reuse: (entry) => {
      prompt.value = entry.prompt;
      const preset = PRESETS.some((p) => p.id === entry.model);
      modelChoice.value = preset ? entry.model : OTHER_MODEL_CHOICE;
      if (!preset) customModel.value = entry.model;
      seed.value = entry.seed !== undefined ? String(entry.seed) : '';
      // Kept by the model check when the model offers it.
      if (entry.ratio) ratio.value = entry.ratio;
      form.attempted.value = false;
      mode.value = 'generate';
      void refreshModel();
    },
    refine: () => (mode.value = 'refine'),
  }, training.styles);
  history.watch(() => mode.value === 'history');
  watchQuickActions({ plugin, form, jobs, ready, generate, blocker: generateBlocker, budgetQuestion: cost.pending });

  return {
    history, cost,
    design, explore,
    logo, training,
    settings, settingsLoaded, settingsOpen, settingsMessage, prompt, modelChoice, customModel, ratio, variants, seed,
    form, accessProblem, generateBlocker, matchProblem, submitNotice, refineCountProblem,
    selection, fillable, jobs, jobList, notice, modelRatios, modelProblem, modelId, running, relay, transparentOffered, transparent, references,
    mode, tool, refinePrompt, strength, refineCount, refineModel, expandTo, upscaleScale, deleteMask, refineProblem,
    recipeGate,
    loadSettings, saveSettings, refreshModel, generate, fillExample, regenerate, cancelAll, chooseTool, refine, showLineage,
  };
}

function firstReason(job: JobSnapshot): string {
  for (const v of job.variants) if (v.status === 'failed') return v.reason;
  return 'Nothing was placed.';
}

export type PanelModel = ReturnType<typeof createPanelModel>;
