import { computed, signal } from '@preact/signals';
import { DEFAULT_MODEL, formatModelRef, parseModelRef } from '../../shared/models/catalogue';
import { readModelName, readPrompt, readSeed, readVariants, type SeedRule } from './form-checks';

export const OTHER_MODEL = '__other__';
export const MATCH_SELECTION = 'match-selection';

export type GenerateField = 'prompt' | 'model' | 'variants' | 'seed';

/**
 * The Generate form: what is typed (kept as typed, numbers included, so a field may be
 * empty while someone types) and what each field's problem is, if any.
 */
export function createGenerateForm() {
  const prompt = signal('');
  const modelChoice = signal(DEFAULT_MODEL);
  const customModel = signal('');
  const ratio = signal('1:1');
  const variants = signal('4');
  const seed = signal('');
  const seedRule = signal<SeedRule>({ kind: 'unknown' });
  /** Set by a press of Generate: from then on, empty required fields say so too. */
  const attempted = signal(false);

  /** The model as `owner/name[:version]`, whatever form it was typed in. */
  const modelId = computed(() => {
    if (modelChoice.value !== OTHER_MODEL) return modelChoice.value;
    const ref = parseModelRef(customModel.value);
    return ref ? formatModelRef(ref) : customModel.value.trim();
  });

  const problems = computed(() => {
    const found: Partial<Record<GenerateField, string>> = {};
    const promptReading = readPrompt(prompt.value);
    if (promptReading.problem) found.prompt = promptReading.problem;
    if (modelChoice.value === OTHER_MODEL) {
      const model = readModelName(customModel.value);
      if (model.problem) found.model = model.problem;
    }
    const count = readVariants(variants.value);
    if (count.problem) found.variants = count.problem;
    const seedReading = readSeed(seed.value, seedRule.value, count.value ?? 1);
    if (seedReading.problem) found.seed = seedReading.problem;
    return found;
  });

  /** What the person should see now: a field left empty speaks up only after a press of Generate. */
  const shownProblems = computed(() => {
    const all = problems.value;
    if (attempted.value) return all;
    const typed: Record<GenerateField, string> = {
      prompt: '',
      model: customModel.value.trim(),
      variants: variants.value.trim(),
      seed: seed.value.trim(),
    };
    return Object.fromEntries(Object.entries(all).filter(([field]) => typed[field as GenerateField])) as typeof all;
  });

  return { prompt, modelChoice, customModel, ratio, variants, seed, seedRule, attempted, modelId, problems, shownProblems };
}

export type GenerateForm = ReturnType<typeof createGenerateForm>;
