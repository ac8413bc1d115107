import { TrainedStyleSchema, PendingTrainingSchema, type PendingTraining, type TrainedStyle } from '../../shared/training/style';
import * as v from 'valibot';

/**
 * Trainings still running and the styles they made, in client storage: per person (the models
 * are on their Replicate account) and across files, like the token, never in the document.
 */
const PENDING_KEY = 'pending-trainings';
const STYLES_KEY = 'trained-styles';
/** Enough for every style a team keeps; the list is shown whole in the model menu. */
const MAX_STYLES = 50;

let writes: Promise<unknown> = Promise.resolve();

/** One write at a time, each reading the list fresh: no lost updates between two quick changes. */
function update<T>(key: string, schema: v.GenericSchema<unknown, T>, change: (items: T[]) => T[]): Promise<T[]> {
  const next = writes.then(async () => {
    const items = change(await readList(key, schema));
    await figma.clientStorage.setAsync(key, items);
    return items;
  });
  writes = next.catch(() => undefined);
  return next;
}

async function readList<T>(key: string, schema: v.GenericSchema<unknown, T>): Promise<T[]> {
  const stored = await figma.clientStorage.getAsync(key);
  // Whatever is unreadable (an older shape, a hand edit) is dropped rather than trusted.
  return Array.isArray(stored) ? stored.filter((item): item is T => v.is(schema, item)) : [];
}

export async function loadTrainings(): Promise<{ pending: PendingTraining[]; styles: TrainedStyle[] }> {
  await writes;
  const [pending, styles] = await Promise.all([readList(PENDING_KEY, PendingTrainingSchema), readList(STYLES_KEY, TrainedStyleSchema)]);
  return { pending, styles };
}

export async function trackTraining(item: PendingTraining): Promise<void> {
  await update(PENDING_KEY, PendingTrainingSchema, (items) => [...items.filter((i) => i.trainingId !== item.trainingId), item]);
}

export async function untrackTraining(trainingId: string): Promise<void> {
  await update(PENDING_KEY, PendingTrainingSchema, (items) => items.filter((i) => i.trainingId !== trainingId));
}

export async function saveStyle(style: TrainedStyle): Promise<{ styles: TrainedStyle[] }> {
  const styles = await update(STYLES_KEY, TrainedStyleSchema, (items) => [...items.filter((s) => s.model !== style.model), style].slice(-MAX_STYLES));
  return { styles };
}
