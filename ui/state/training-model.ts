import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Settings } from '../../shared/messages/contract';
import type { Pick } from '../../shared/messages/logo-messages';
import { DEFAULT_TRAINER, MIN_TRAINING_IMAGES, styleModelId, withTrigger, type TrainedStyle } from '../../shared/training/style';
import { parseModelRef } from '../../shared/models/catalogue';
import type { JobSpec } from '../jobs/job-spec';
import { describeTraining, type Estimate } from './cost-model';
import type { PluginChannel } from '../plugin-channel';
import type { RelayInfo } from '../replicate/relay-health';
import { createTrainingAccess } from '../replicate/training-access';
import { NOT_ENOUGH, resumeTraining, startTraining, type TrainingHandle, type TrainingSnapshot } from '../training/run-training';

/**
 * "Train a style" and "Your styles": the form (name, trainer, steps), the trainings under way
 * (each a card with status, elapsed time, log tail and Cancel) and the trained styles, which
 * the Generate tab lists as models with their trigger word filled into prompts.
 */
export interface TrainingModelDeps {
  plugin: PluginChannel;
  settings: ReadonlySignal<Settings>;
  relay: ReadonlySignal<RelayInfo | undefined>;
  /** Settings are loaded: nothing can be fetched before. */
  ready: Promise<void>;
  picks: ReadonlySignal<Pick[]>;
  /** A suggestion for the style's name (the brand kit's name). */
  brandName: ReadonlySignal<string>;
  /** A training finished: the panel offers the style at once. */
  onStyleReady?: (style: TrainedStyle) => void;
  /**
   * Asked before every training, with what it will train and its cost estimate (the cost
   * model's question, the one Generate asks above budget); nothing starts on a no.
   */
  askFirst: (estimate: Estimate, what: string) => Promise<boolean>;
  createAccess?: typeof createTrainingAccess;
  pollMs?: number;
}

export function createTrainingModel(deps: TrainingModelDeps) {
  const styles = signal<TrainedStyle[]>([]);
  const trainings = signal<TrainingSnapshot[]>([]);
  const open = signal(false);
  const label = signal('');
  const trainer = signal(DEFAULT_TRAINER);
  const steps = signal('');
  const problem = signal('');
  /**
   * Layers chosen in History to train on ("Train a style from these N picks"); unset, the
   * form trains on the Refine tab's picks. One form and one flow, two ways in.
   */
  const chosen = signal<string[] | undefined>(undefined);
  const pickIds = computed(() => chosen.value ?? deps.picks.value.map((p) => p.id));
  const asking = signal(false);
  const handles = new Map<string, TrainingHandle>();
  const running = computed(() => trainings.value.some((t) => !['succeeded', 'failed', 'canceled'].includes(t.phase)));

  function access() {
    const { token, relayUrl, relayKey } = deps.settings.value;
    const relayHoldsToken = !!deps.relay.value?.serverToken;
    if (!token && !relayHoldsToken) return undefined;
    return (deps.createAccess ?? createTrainingAccess)({ token: relayHoldsToken ? '' : token, relayUrl, relayKey });
  }

  function update(snapshot: TrainingSnapshot): void {
    const others = trainings.value.filter((t) => t.key !== snapshot.key);
    trainings.value = [snapshot, ...others];
    if (snapshot.phase === 'succeeded' && snapshot.style) {
      const style = snapshot.style;
      styles.value = [...styles.value.filter((s) => s.model !== style.model), style];
      deps.onStyleReady?.(style);
    }
  }

  function follow(handle: TrainingHandle): void {
    handles.set(handle.key, handle);
    void handle.done.finally(() => handles.delete(handle.key));
  }

  /** The person's styles, and the trainings an earlier launch left running. */
  async function load(): Promise<void> {
    await deps.ready;
    let loaded;
    try {
      loaded = await deps.plugin.request('loadTrainings', {});
    } catch {
      return; // Nothing lost: they stay in client storage for the next launch.
    }
    // A panel wired to a controller that keeps no trainings (tests, an older controller) has none.
    const pending = loaded?.pending ?? [];
    styles.value = loaded?.styles ?? [];
    const client = access();
    if (!client) return;
    for (const item of pending) follow(resumeTraining(item, { plugin: deps.plugin, access: client, pollMs: deps.pollMs }, update));
  }

  /** `layerIds`: from History, the layers to train on; none, the picks. */
  function openForm(layerIds?: string[]): void {
    chosen.value = layerIds ? [...new Set(layerIds)] : undefined;
    open.value = true;
    problem.value = '';
    if (!label.value.trim()) label.value = `${deps.brandName.value.trim() || 'Our'} style`;
  }

  function closeForm(): void {
    open.value = false;
    chosen.value = undefined;
  }

  async function train(): Promise<void> {
    if (asking.value) return;
    problem.value = '';
    const ids = pickIds.value;
    if (ids.length < MIN_TRAINING_IMAGES) {
      problem.value = NOT_ENOUGH(ids.length);
      return;
    }
    const name = label.value.trim();
    if (!name) {
      problem.value = 'Name the style first: it becomes the model’s name on your Replicate account.';
      return;
    }
    if (!parseModelRef(trainer.value.trim())) {
      problem.value = 'The trainer must be a Replicate model name, owner/name (for example replicate/fast-flux-trainer).';
      return;
    }
    const stepText = steps.value.trim();
    const stepCount = stepText ? Number(stepText) : undefined;
    if (stepCount !== undefined && !(Number.isInteger(stepCount) && stepCount > 0 && stepCount <= 10_000)) {
      problem.value = 'Steps must be a whole number from 1 to 10000, or empty for the trainer’s default.';
      return;
    }
    const client = access();
    if (!client) {
      problem.value = 'Add your Replicate API token in Settings first.';
      return;
    }
    const trainerName = trainer.value.trim();
    const what = `Train “${name}” on ${ids.length} ${ids.length === 1 ? 'image' : 'images'} with ${trainerName}, ${
      stepCount ? `${stepCount} steps` : 'the trainer’s default steps'
    }.`;
    asking.value = true;
    let go: boolean;
    try {
      go = await deps.askFirst(describeTraining(trainerName), what);
    } finally {
      asking.value = false;
    }
    // A no leaves the form as it was: nothing exported, uploaded or created.
    if (!go) return;
    open.value = false;
    follow(
      startTraining(
        { pickIds: ids, label: name, trainer: trainerName, ...(stepCount ? { steps: stepCount } : {}) },
        { plugin: deps.plugin, access: client, pollMs: deps.pollMs },
        update,
      ),
    );
  }

  async function cancel(key: string): Promise<void> {
    try {
      await handles.get(key)?.cancel();
    } catch (error) {
      problem.value = (error as Error).message;
    }
  }

  function dismiss(key: string): void {
    trainings.value = trainings.value.filter((t) => t.key !== key);
  }

  /** A generation on a trained style gets its trigger word, so the style applies. */
  function withStyleTrigger(spec: JobSpec): JobSpec {
    const style = styles.value.find((s) => styleModelId(s) === spec.model);
    if (!style || spec.tool !== 'generate') return spec;
    return { ...spec, prompt: withTrigger(spec.prompt, style.trigger) };
  }

  return {
    styles, trainings, running, open, label, trainer, steps, problem, chosen, pickIds, asking,
    load, openForm, closeForm, train, cancel, dismiss, withStyleTrigger,
  };
}

export type TrainingModel = ReturnType<typeof createTrainingModel>;
