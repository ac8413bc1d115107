import { toWireError } from '../../shared/errors';
import {
  destinationName,
  GOOD_TRAINING_IMAGES,
  MAX_TRAINING_IMAGES,
  MIN_TRAINING_IMAGES,
  triggerFor,
  versionOfOutput,
  type PendingTraining,
  type TrainedStyle,
} from '../../shared/training/style';
import type { PluginChannel } from '../plugin-channel';
import type { Training, TrainingAccess } from '../replicate/training-access';
import { buildTrainingSet } from './training-set';
import { trainerInput } from './trainer-input';

/**
 * One training from picks to a style: export the picked layers, zip them with captions,
 * create the destination model on the person's account, upload, start the trainer, then
 * follow it to the end (status, elapsed, the trainer's last log lines). Remembered in client
 * storage from the moment it exists upstream, so a later launch picks it up (`resumeTraining`).
 */
export type TrainingPhase = 'preparing' | 'uploading' | 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface TrainingSnapshot {
  key: string;
  label: string;
  trigger: string;
  phase: TrainingPhase;
  trainingId?: string;
  destination?: string;
  /** When it was created upstream (ms), for the elapsed time. */
  since: number;
  images?: number;
  /** The trainer's last log lines. */
  logTail: string[];
  /** One sentence: why it failed or stopped. */
  problem?: string;
  style?: TrainedStyle;
}

export interface TrainingHandle {
  key: string;
  cancel(): Promise<void>;
  done: Promise<TrainingSnapshot>;
}

export interface TrainingDeps {
  plugin: PluginChannel;
  access: TrainingAccess;
  pollMs?: number;
  now?: () => number;
}

export interface TrainingRequest {
  pickIds: string[];
  label: string;
  trainer: string;
  steps?: number;
}

/** Long side of each training image: what FLUX LoRA trainers train at. */
export const TRAINING_IMAGE_SIDE = 1024;
const LOG_TAIL_LINES = 4;
const POLL_MS = 5000;
/** Polls that fail in a row before the panel stops asking (the training is still remembered). */
const POLL_FAILURES = 5;

export const NOT_ENOUGH = (count: number) =>
  `Pick at least ${MIN_TRAINING_IMAGES} images to train a style (${GOOD_TRAINING_IMAGES.min}–${GOOD_TRAINING_IMAGES.max} work best); ${count === 0 ? 'there are none' : `there ${count === 1 ? 'is 1' : `are ${count}`}`}.`;
export const NO_BILLING =
  'Training needs billing on your Replicate account: add a payment method at replicate.com/account/billing, then try again.';
export const CANCELED = 'Training canceled; nothing was added to Your styles.';
export const nameTaken = (destination: string) =>
  `A model called ${destination} already exists on your Replicate account: give this style another name.`;

let counter = 0;

export function startTraining(request: TrainingRequest, deps: TrainingDeps, onChange: (s: TrainingSnapshot) => void): TrainingHandle {
  const now = deps.now ?? Date.now;
  const trigger = triggerFor(request.label);
  const snapshot: TrainingSnapshot = { key: `training-${++counter}`, label: request.label, trigger, phase: 'preparing', since: now(), logTail: [] };
  const state = { canceled: false };
  const emit = (patch: Partial<TrainingSnapshot>) => {
    Object.assign(snapshot, patch);
    onChange({ ...snapshot, logTail: [...snapshot.logTail] });
  };

  async function run(): Promise<TrainingSnapshot> {
    const ids = [...new Set(request.pickIds)];
    if (ids.length < MIN_TRAINING_IMAGES) return fail(NOT_ENOUGH(ids.length));
    if (ids.length > MAX_TRAINING_IMAGES) return fail(`Train on at most ${MAX_TRAINING_IMAGES} picks; ${ids.length} are picked.`);
    emit({});
    try {
      const { images, missing } = await deps.plugin.request('exportTrainingImages', { nodeIds: ids, maxSide: TRAINING_IMAGE_SIDE });
      if (images.length < MIN_TRAINING_IMAGES) {
        return fail(`${NOT_ENOUGH(images.length)}${missing ? ` ${missing} picked ${missing === 1 ? 'layer was' : 'layers were'} deleted.` : ''}`);
      }
      const { zip } = buildTrainingSet(images, trigger);
      emit({ images: images.length });
      if (state.canceled) return stop();
      const [{ username }, trainer] = await Promise.all([deps.access.account(), deps.access.trainer(request.trainer)]);
      const destination = `${username}/${destinationName(request.label)}`;
      emit({ destination });
      try {
        await deps.access.createModel({ owner: username, name: destinationName(request.label), description: `A style trained in Figma from ${images.length} picks (trigger word ${trigger}).` });
      } catch (error) {
        if (toWireError(error).name === 'NameTaken') return fail(nameTaken(destination));
        throw error;
      }
      if (state.canceled) return stop();
      emit({ phase: 'uploading' });
      const zipUrl = await deps.access.upload(zip, `${destinationName(request.label)}-training.zip`, 'application/zip');
      if (state.canceled) return stop();
      const input = trainerInput(trainer, { zipUrl, trigger, steps: request.steps });
      const training = await deps.access.createTraining(trainer, destination, input);
      const pending: PendingTraining = {
        trainingId: training.id,
        createdAt: now(),
        destination,
        label: request.label,
        trigger,
        trainer: request.trainer,
        pickIds: images.map((i) => i.nodeId),
      };
      await deps.plugin.request('trackTraining', pending);
      emit({ trainingId: training.id, since: pending.createdAt, phase: 'starting' });
      if (state.canceled) await deps.access.cancelTraining(training.id).catch(() => undefined);
      // Awaited here, so a plugin closed mid-training ends as a failed snapshot, never a rejection nobody hears.
      return await follow(pending, training);
    } catch (error) {
      const wire = toWireError(error);
      return fail(wire.name === 'NoCredit' ? NO_BILLING : wire.message);
    }
  }

  function fail(problem: string): TrainingSnapshot {
    emit({ phase: 'failed', problem });
    return { ...snapshot };
  }
  function stop(): TrainingSnapshot {
    emit({ phase: 'canceled', problem: CANCELED });
    return { ...snapshot };
  }

  const follow = (pending: PendingTraining, first?: Training) => followTraining(pending, deps, emit, () => ({ ...snapshot }), first);

  return {
    key: snapshot.key,
    async cancel() {
      state.canceled = true;
      if (snapshot.trainingId) await deps.access.cancelTraining(snapshot.trainingId);
    },
    done: run(),
  };
}

/** Follows a training an earlier launch started. */
export function resumeTraining(pending: PendingTraining, deps: TrainingDeps, onChange: (s: TrainingSnapshot) => void): TrainingHandle {
  const snapshot: TrainingSnapshot = {
    key: `training-${++counter}`,
    label: pending.label,
    trigger: pending.trigger,
    phase: 'starting',
    trainingId: pending.trainingId,
    destination: pending.destination,
    since: pending.createdAt,
    images: pending.pickIds.length,
    logTail: [],
  };
  const emit = (patch: Partial<TrainingSnapshot>) => {
    Object.assign(snapshot, patch);
    onChange({ ...snapshot, logTail: [...snapshot.logTail] });
  };
  emit({});
  return {
    key: snapshot.key,
    cancel: async () => void (await deps.access.cancelTraining(pending.trainingId)),
    done: followTraining(pending, deps, emit, () => ({ ...snapshot })),
  };
}

async function followTraining(
  pending: PendingTraining,
  deps: TrainingDeps,
  emit: (patch: Partial<TrainingSnapshot>) => void,
  current: () => TrainingSnapshot,
  first?: Training,
): Promise<TrainingSnapshot> {
  let training = first;
  let failures = 0;
  for (;;) {
    if (training) {
      emit({ phase: training.status === 'aborted' ? 'failed' : training.status, logTail: tail(training.logs) });
      if (training.status === 'succeeded') return succeed(training);
      if (training.status === 'failed' || training.status === 'aborted') {
        await deps.plugin.request('untrackTraining', { trainingId: pending.trainingId });
        emit({ phase: 'failed', problem: trainerFailed(training) });
        return current();
      }
      if (training.status === 'canceled') {
        await deps.plugin.request('untrackTraining', { trainingId: pending.trainingId });
        emit({ phase: 'canceled', problem: CANCELED });
        return current();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, training ? deps.pollMs ?? POLL_MS : 0));
    try {
      training = await deps.access.getTraining(pending.trainingId);
      failures = 0;
    } catch (error) {
      const wire = toWireError(error);
      if (++failures >= POLL_FAILURES || wire.name === 'NotFound' || wire.name === 'Unauthenticated') {
        // Still remembered: the next launch asks again.
        emit({ phase: 'failed', problem: `Lost track of the training for now (${wire.message}) It is picked up again next time the plugin opens.` });
        return current();
      }
    }
  }

  async function succeed(training: Training): Promise<TrainingSnapshot> {
    const version = versionOfOutput(training.output);
    if (!version) {
      await deps.plugin.request('untrackTraining', { trainingId: pending.trainingId });
      emit({ phase: 'failed', problem: 'The training finished but Replicate named no trained version.' });
      return current();
    }
    const style: TrainedStyle = {
      model: pending.destination,
      version,
      label: pending.label,
      trigger: pending.trigger,
      trainer: pending.trainer,
      trainedAt: Date.parse(training.completed_at ?? '') || Date.now(),
      pickIds: pending.pickIds,
    };
    await deps.plugin.request('saveStyle', style);
    await deps.plugin.request('untrackTraining', { trainingId: pending.trainingId });
    emit({ phase: 'succeeded', style });
    return current();
  }
}

function tail(logs: string | undefined): string[] {
  return (logs ?? '').split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-LOG_TAIL_LINES);
}

function trainerFailed(training: Training): string {
  const last = tail(training.logs).pop();
  const error = typeof training.error === 'string' ? training.error : training.error ? JSON.stringify(training.error) : '';
  const said = last && !error.includes(last) ? `${error ? `${error}. ` : ''}Its log ends: ${last}` : error || 'no reason given';
  return `The trainer failed: ${said.length > 300 ? `${said.slice(0, 299)}…` : said}`;
}
