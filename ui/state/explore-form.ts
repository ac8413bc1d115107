import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { AXIS_KINDS, LOGO_STARTER_STYLES, type Axis, type AxisKind } from '../../shared/explore/axes';
import { CONFIRM_ABOVE, planExplore, type ExplorePlan } from '../../shared/explore/plan-explore';
import { MAX_RANDOM_SEED, readAxis } from '../../shared/explore/read-axis';
import { exploreSpec } from '../jobs/explore-spec';
import type { JobSpec } from '../jobs/job-spec';
import { readPrompt, readSeed, readVariants } from './form-checks';
import { describeMixedEstimate, type Estimate } from './cost-model';

export const NO_AXIS = 'none';
export type AxisChoice = AxisKind | typeof NO_AXIS;

/** What an axis starts with when it is picked: something that runs as it is. */
export const AXIS_EXAMPLES: Record<AxisKind, string> = {
  styles: LOGO_STARTER_STYLES.map((s) => s.label).join('\n'),
  models: 'black-forest-labs/flux-schnell\nrecraft-ai/recraft-v3-svg',
  palettes: 'Warm: #e76f51 #f4a261 #264653\nCool: #1d3557 #457b9d #a8dadc',
  seeds: '4 random',
};

export interface ExploreFormDeps {
  prompt: ReadonlySignal<string>;
  /** The model of every cell unless Models is an axis. */
  modelId: ReadonlySignal<string>;
  ratio: ReadonlySignal<string>;
  /** Starts the job (the panel's one way to run anything); returns its id. */
  run: (spec: JobSpec) => string;
  /** Why nothing can run now (relay, token), said elsewhere; Explore waits for it. */
  blocker: ReadonlySignal<string | undefined>;
  /** The budget's say on a grid that starts without the count question (asks above the budget). */
  allowRun: (estimate: Estimate, what: string) => Promise<boolean>;
  /** The budget per run, so the count question can say a grid is above it. */
  budget: ReadonlySignal<number>;
  random?: () => number;
}

/**
 * Explore mode of the Generate tab: up to two axes over the prompt, as typed, and the
 * grid they make. More than CONFIRM_ABOVE images are only run after the panel has said
 * how many and the person has said yes.
 */
export function createExploreForm(deps: ExploreFormDeps) {
  const random = deps.random ?? Math.random;
  const on = signal(false);
  const across = signal<AxisKind>('styles');
  const acrossText = signal(AXIS_EXAMPLES.styles);
  const down = signal<AxisChoice>(NO_AXIS);
  const downText = signal('');
  const variants = signal('1');
  const seed = signal('');
  /** The run waiting for a yes: its count, its estimate and the exact plan that will run. */
  const confirming = signal<{ count: number; estimate: Estimate; overBudget: boolean; spec: JobSpec } | undefined>(undefined);
  const problem = signal('');

  function chooseAxis(which: 'across' | 'down', kind: AxisChoice): void {
    const [choice, text] = which === 'across' ? [across, acrossText] : [down, downText];
    if (kind === NO_AXIS) {
      if (which === 'down') down.value = NO_AXIS;
      return;
    }
    (choice as typeof down).value = kind;
    text.value = AXIS_EXAMPLES[kind];
    confirming.value = undefined;
  }

  /** The plan with a given first seed (the real run draws its random seeds once, on press). */
  function planWith(firstSeed: number, draw: () => number): ExplorePlan | { problem: string } {
    const axes: Axis[] = [];
    for (const [kind, text] of [[across.value, acrossText.value], [down.value, downText.value]] as const) {
      if (kind === NO_AXIS) continue;
      const reading = readAxis(kind, text, draw);
      if (reading.problem !== undefined) return { problem: reading.problem };
      axes.push({ kind, values: reading.values });
    }
    const count = readVariants(variants.value);
    if (count.problem !== undefined) return { problem: count.problem };
    return planExplore({ prompt: deps.prompt.value, model: deps.modelId.value, axes, variants: count.value, seed: firstSeed });
  }

  /** Preview: the grid's shape and image count, or why it can't run. */
  const preview = computed(() => planWith(1, () => 0.5));

  function firstSeed(): { value: number } | { problem: string } {
    const reading = readSeed(seed.value, { kind: 'unknown' });
    if (reading.problem !== undefined) return { problem: reading.problem };
    return { value: reading.value ?? 1 + Math.floor(random() * MAX_RANDOM_SEED) };
  }

  /** A press of Explore: runs at once, or asks first when it makes more than CONFIRM_ABOVE images. */
  function explore(): void {
    const prompt = readPrompt(deps.prompt.value);
    const start = firstSeed();
    const plan = prompt.problem ?? ('problem' in start ? start.problem : undefined) ?? planWith('value' in start ? start.value : 1, random);
    if (typeof plan === 'string' || 'problem' in plan) {
      problem.value = typeof plan === 'string' ? plan : plan.problem;
      return;
    }
    if (deps.blocker.value) return;
    problem.value = '';
    const spec = exploreSpec(deps.prompt.value, plan, deps.ratio.value);
    const estimate = describeMixedEstimate(plan.cells.map((cell) => ({ model: cell.model, count: 1 })));
    // One question, not two: above eight images the count question also says the cost and the budget.
    if (plan.cells.length > CONFIRM_ABOVE) {
      const overBudget = estimate.usd !== undefined && estimate.usd > deps.budget.value;
      confirming.value = { count: plan.cells.length, estimate, overBudget, spec };
      return;
    }
    void deps.allowRun(estimate, 'This grid').then((go) => go && deps.run(spec));
  }

  function confirm(yes: boolean): void {
    const waiting = confirming.value;
    confirming.value = undefined;
    if (yes && waiting) deps.run(waiting.spec);
  }

  return { on, across, acrossText, down, downText, variants, seed, confirming, problem, preview, chooseAxis, explore, confirm };
}

export type ExploreForm = ReturnType<typeof createExploreForm>;
export { AXIS_KINDS };
