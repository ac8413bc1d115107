import * as v from 'valibot';

/**
 * A style trained from picks: a LoRA on Replicate that generates like any model. Kept in the
 * person's client storage ("Your styles"), not in the document: the model is on their account.
 */
const id = v.pipe(v.string(), v.minLength(1));

export const TrainedStyleSchema = v.object({
  /** The destination model, `owner/name`. */
  model: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i)),
  /** The version the training made (its `output.version`). */
  version: v.pipe(v.string(), v.regex(/^[a-f0-9]{8,64}$/i)),
  label: v.pipe(v.string(), v.maxLength(100)),
  trigger: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{2,40}$/)),
  trainer: v.string(),
  trainedAt: v.number(),
  /** The picked layers it was trained on (their ids in the file they were picked in). */
  pickIds: v.pipe(v.array(id), v.maxLength(100)),
});
export type TrainedStyle = v.InferOutput<typeof TrainedStyleSchema>;

/** A training created upstream and not yet finished, remembered so closing the plugin loses nothing. */
export const PendingTrainingSchema = v.object({
  trainingId: id,
  createdAt: v.number(),
  destination: TrainedStyleSchema.entries.model,
  label: TrainedStyleSchema.entries.label,
  trigger: TrainedStyleSchema.entries.trigger,
  trainer: v.string(),
  pickIds: TrainedStyleSchema.entries.pickIds,
});
export type PendingTraining = v.InferOutput<typeof PendingTrainingSchema>;

/** Fewer than this and a LoRA learns nothing worth paying for. */
export const MIN_TRAINING_IMAGES = 5;
/** What trainers' guides recommend; more adds time, not much style. */
export const GOOD_TRAINING_IMAGES = { min: 10, max: 30 } as const;
export const MAX_TRAINING_IMAGES = 50;
export const DEFAULT_TRAINER = 'replicate/fast-flux-trainer';

/** How the style is named in the Generate tab's model list: `owner/name:version`. */
export function styleModelId(style: Pick<TrainedStyle, 'model' | 'version'>): string {
  return `${style.model}:${style.version}`;
}

/** The style's trigger word in a prompt (added once at the end when the prompt lacks it). */
export function withTrigger(prompt: string, trigger: string): string {
  const text = prompt.trim();
  if (new RegExp(`(^|[^A-Za-z0-9_])${trigger}([^A-Za-z0-9_]|$)`, 'i').test(text)) return text;
  return text ? `${text}, in the style of ${trigger}` : `in the style of ${trigger}`;
}

/** A short token no model has seen (`TOK_ACME`), from the style's name. */
export function triggerFor(label: string): string {
  const word = label.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12);
  return `TOK_${word || 'STYLE'}`;
}

/** The destination model's name on Replicate, from the style's name (`Acme posters` → `acme-posters`). */
export function destinationName(label: string): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug || 'my-style';
}

/** `output.version` is `owner/name:id` on Replicate (a bare id is accepted too). */
export function versionOfOutput(output: unknown): string | undefined {
  const version = (output as { version?: unknown } | null)?.version;
  if (typeof version !== 'string') return undefined;
  const id = version.includes(':') ? version.slice(version.indexOf(':') + 1) : version;
  return /^[a-f0-9]{8,64}$/i.test(id) ? id : undefined;
}
