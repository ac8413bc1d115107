import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { estimateRun, formatUsd, HARDWARE, priceOf } from '../../shared/models/prices';
import type { JobSnapshot } from '../jobs/job-spec';
import type { PluginPort } from '../jobs/run-job';
import { isActive } from './job-list';

export const DEFAULT_BUDGET_USD = 1;

/** What a run will cost, as the panel says it beside the button that starts it. */
export interface Estimate {
  usd?: number;
  text: string;
}

export function describeEstimate(model: string, count: number): Estimate {
  const price = priceOf(model);
  if (!price) return { text: 'price unknown' };
  const hedge = price.verified ? '' : ' (unverified price)';
  if (price.per === 'second') return { text: `billed by the second; no estimate${hedge}` };
  const usd = estimateRun(model, count)!;
  return { usd, text: `≈ ${formatUsd(usd)}${count > 1 ? ` (${count} × ${formatUsd(price.usd)})` : ''}${hedge}` };
}

/**
 * What a run of several models costs (an Explore grid over Models): the sum where every model
 * has a per-image price; otherwise the known part is not passed off as the whole.
 */
export function describeMixedEstimate(images: { model: string; count: number }[]): Estimate {
  const models = [...new Set(images.map((i) => i.model))];
  if (models.length === 1) return describeEstimate(models[0], images.reduce((n, i) => n + i.count, 0));
  let usd = 0;
  for (const { model, count } of images) {
    const part = estimateRun(model, count);
    if (part === undefined) return { text: 'price unknown for some of its models' };
    usd += part;
  }
  const hedge = models.some((m) => !priceOf(m)!.verified) ? ' (unverified price)' : '';
  return { usd, text: `≈ ${formatUsd(usd)}${hedge}` };
}

/**
 * What a training will cost, as said before it starts. Trainers are billed by the second of
 * their hardware and Replicate does not say how long one will run, so the estimate is the
 * rate (no guessed total); a trainer not in the price table is "price unknown".
 */
export function describeTraining(trainer: string): Estimate {
  const price = priceOf(trainer);
  if (!price) return { text: 'Its price is unknown.' };
  const hedge = price.verified ? '' : ' (unverified price)';
  if (price.per === 'image') return { text: `It costs about ${formatUsd(price.usd)}${hedge}.` };
  const hardware = HARDWARE[price.hardware];
  const perMinute = hardware.usdPerSecond * 60;
  return {
    text: `It is billed by the second on an ${hardware.label}, about ${formatUsd(perMinute)} a minute${hedge}; Replicate does not say in advance how long it runs.`,
  };
}

/** A question the panel asks before spending: what, why, and the two answers' words. */
export interface CostQuestion {
  title: string;
  /** The facts, without the question (a hidden panel's quick action says them as they are). */
  message: string;
  question: string;
  go: string;
  stop: string;
  /** Said under the answers (where the budget is set). */
  hint?: string;
  answer: (go: boolean) => void;
}

/**
 * Cost in the panel: the per-run budget (client storage, $1 until changed), the ask before a
 * run estimated above it (in the panel, never window.confirm), and what this session's runs
 * have cost (each finished job counted once, even after its card is cleared).
 */
export function createCostModel(plugin: PluginPort, jobs: ReadonlySignal<JobSnapshot[]>) {
  const budget = signal(DEFAULT_BUDGET_USD);
  const budgetMessage = signal('');
  const sessionSpent = signal(0);
  const sessionUnknown = signal(false);
  const counted = new Set<string>();
  /** The question on screen, and how to answer it. */
  const pending = signal<CostQuestion | undefined>(undefined);

  effect(() => {
    for (const job of jobs.value) {
      if (isActive(job) || counted.has(job.id)) continue;
      counted.add(job.id);
      if (job.cost) sessionSpent.value += job.cost;
      if (job.costUnknown) sessionUnknown.value = true;
    }
  });

  async function loadBudget(): Promise<void> {
    try {
      budget.value = (await plugin.request('loadBudget', {})).usd;
    } catch {
      // The default stands; the person can still set one in Settings.
    }
  }

  /** Takes what was typed ("0.5", "$2"); says what is wrong instead of keeping nonsense. */
  async function saveBudget(text: string): Promise<boolean> {
    const usd = Number(text.trim().replace(/^\$/, ''));
    if (!text.trim() || !Number.isFinite(usd) || usd < 0) {
      budgetMessage.value = 'The budget is an amount in US dollars, like 1 or 0.50.';
      return false;
    }
    await plugin.request('saveBudget', { usd });
    budget.value = usd;
    budgetMessage.value = '';
    return true;
  }

  /**
   * True at once when the run is estimated within the budget (or cannot be estimated);
   * otherwise asks in the panel and resolves with the answer. A second ask replaces the first
   * (answered no).
   */
  function allowRun(estimate: Estimate, what = 'This run'): Promise<boolean> {
    if (estimate.usd === undefined || estimate.usd <= budget.value) return Promise.resolve(true);
    return ask({
      title: 'Above your budget',
      message: `${what} is estimated at ${formatUsd(estimate.usd!)}, above your budget of ${formatUsd(budget.value)} a run.`,
      question: 'Run it anyway?',
      go: 'Run anyway',
      stop: 'Don’t run',
      hint: 'The budget per run is in Settings.',
    });
  }

  /**
   * A training always asks, whatever the budget: it is the largest spend the panel starts and
   * runs for minutes. `what` says what will be trained ("Train “Acme” on 12 picks…").
   */
  function allowTraining(estimate: Estimate, what: string): Promise<boolean> {
    const over = estimate.usd !== undefined && estimate.usd > budget.value ? ` That is above your budget of ${formatUsd(budget.value)} a run.` : '';
    return ask({ title: 'Start this training?', message: `${what} ${estimate.text}${over}`, question: 'Start it?', go: 'Start training', stop: 'Don’t train' });
  }

  function ask(question: Omit<CostQuestion, 'answer'>): Promise<boolean> {
    pending.value?.answer(false);
    return new Promise<boolean>((resolve) => {
      pending.value = {
        ...question,
        answer: (go) => {
          pending.value = undefined;
          resolve(go);
        },
      };
    });
  }

  const sessionText = computed(() => `${formatUsd(sessionSpent.value)}${sessionUnknown.value ? ' + runs of unknown price' : ''}`);

  return { budget, budgetMessage, sessionSpent, sessionText, pending, loadBudget, saveBudget, allowRun, allowTraining };
}

export type CostModel = ReturnType<typeof createCostModel>;
