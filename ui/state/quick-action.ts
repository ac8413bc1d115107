import { effect, type ReadonlySignal, type Signal } from '@preact/signals';
import { presetOf } from '../../shared/models/catalogue';
import { toWireError } from '../../shared/errors';
import type { QuickActionProgress, QuickGenerate } from '../../shared/messages/quick-action-messages';
import type { JobSnapshot } from '../jobs/job-spec';
import { OTHER_MODEL, type GenerateForm } from './generate-form';
import { isActive } from './job-list';

export interface QuickActionDeps {
  plugin: {
    on(name: 'quickGenerate', handler: (request: QuickGenerate) => void): () => void;
    emit(name: 'quickActionProgress', payload: QuickActionProgress): void;
  };
  form: GenerateForm;
  jobs: ReadonlySignal<JobSnapshot[]>;
  /** Settings (token, relay) are loaded. */
  ready: Promise<void>;
  /** The panel's own Generate: the same checks, job runner, placement and recipe as its button. */
  generate: () => Promise<void>;
  /** Why nothing can run now (relay, token, model), once known. */
  blocker: ReadonlySignal<string | undefined>;
  /** The budget question Generate asks in the panel before a run estimated above it. */
  budgetQuestion: Signal<{ message: string; answer: (go: boolean) => void } | undefined>;
}

/**
 * "Generate images" from Figma's command palette: the hidden panel fills its Generate form
 * with the palette's values, presses Generate, and tells the controller how the run goes
 * (each image placed, how it ended), since nobody can see the panel.
 */
export function watchQuickActions(deps: QuickActionDeps): void {
  deps.plugin.on('quickGenerate', (request) => void deps.ready.then(() => run(deps, request)));
}

async function run(deps: QuickActionDeps, request: QuickGenerate): Promise<void> {
  const { form, jobs, plugin } = deps;
  form.prompt.value = request.prompt;
  const preset = presetOf(request.model);
  form.modelChoice.value = preset ? preset.id : OTHER_MODEL;
  if (!preset) form.customModel.value = request.model;
  form.variants.value = String(request.variants);
  form.seed.value = '';

  const before = new Set(jobs.value.map((job) => job.id));
  // Nobody can answer the budget question in a hidden panel: the run does not start, and the
  // person is told how to start it anyway.
  let overBudget: string | undefined;
  const stopAsking = effect(() => {
    const question = deps.budgetQuestion.value;
    if (!question) return;
    overBudget = question.message;
    queueMicrotask(() => question.answer(false));
  });
  try {
    await deps.generate();
  } catch (error) {
    // Said, so the plugin still closes rather than waiting unseen.
    plugin.emit('quickActionProgress', { state: 'failed', reason: toWireError(error).message });
    return;
  } finally {
    stopAsking();
  }

  const job = jobs.value.find((j) => !before.has(j.id));
  if (!job) {
    const problem = Object.values(form.problems.value)[0];
    const reason = overBudget
      ? `${overBudget} Run it from the Diffusion panel to go ahead.`
      : problem ?? deps.blocker.value ?? 'Generate did not start.';
    plugin.emit('quickActionProgress', { state: 'failed', reason });
    return;
  }
  follow(deps, job.id);
}

/** Says each newly placed image, then how the run ended. */
function follow({ jobs, plugin }: QuickActionDeps, jobId: string): void {
  let said = 0;
  let ended = false;
  const stop = effect(() => {
    const job = jobs.value.find((j) => j.id === jobId);
    if (!job || ended) return;
    const placed = job.variants.filter((v) => v.status === 'placed').length;
    const total = job.variants.length;
    if (isActive(job)) {
      if (placed > said) plugin.emit('quickActionProgress', { state: 'placed', placed, total });
      said = Math.max(said, placed);
      return;
    }
    ended = true;
    queueMicrotask(() => stop());
    const imageReason = job.variants.flatMap((v) => (v.status === 'failed' ? [v.reason] : []))[0];
    const reason = job.message && job.message !== NOTHING_PLACED ? job.message : imageReason ?? job.message;
    const end: QuickActionProgress = placed > 0 ? { state: 'done', placed, total } : { state: 'failed', reason: reason ?? NOTHING_PLACED };
    // After the panel's own end-of-run message (panel-model's run() says partial results),
    // which the plugin's closing would otherwise cut off.
    setTimeout(() => plugin.emit('quickActionProgress', end), 0);
  });
}

/** run-job's words for a run whose images all failed on their own: their reason says more. */
const NOTHING_PLACED = 'No image could be placed.';
