import * as v from 'valibot';
import { MAX_TRAINING_IMAGES, PendingTrainingSchema, TrainedStyleSchema } from '../training/style';

/**
 * Training a style from picks, part of the one message contract (contract.ts spreads these in):
 * the picked layers' pixels for the training set, trainings remembered across launches, and
 * the person's trained styles.
 */
const id = v.pipe(v.string(), v.minLength(1));
const bytes = v.custom<Uint8Array>(
  (x) => Object.prototype.toString.call(x) === '[object Uint8Array]',
  'Expected image bytes as a Uint8Array',
);

export const trainingRequests = {
  /**
   * Each layer as the person sees it, as PNG with its long side at `maxSide`, and the prompt of
   * its recipe (empty when it has none). Layers that are gone or cannot be exported are counted.
   */
  exportTrainingImages: {
    payload: v.object({
      nodeIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(MAX_TRAINING_IMAGES)),
      maxSide: v.pipe(v.number(), v.minValue(64), v.maxValue(4096)),
    }),
    result: v.object({
      images: v.array(v.object({ nodeId: id, name: v.string(), png: bytes, prompt: v.string() })),
      missing: v.number(),
    }),
  },
  /** Trainings still running upstream and the person's trained styles (client storage). */
  loadTrainings: {
    payload: v.object({}),
    result: v.object({ pending: v.array(PendingTrainingSchema), styles: v.array(TrainedStyleSchema) }),
  },
  trackTraining: { payload: PendingTrainingSchema, result: v.undefined() },
  untrackTraining: { payload: v.object({ trainingId: id }), result: v.undefined() },
  /** Adds (or replaces, by model) a trained style; answers the whole list. */
  saveStyle: { payload: TrainedStyleSchema, result: v.object({ styles: v.array(TrainedStyleSchema) }) },
} as const;
