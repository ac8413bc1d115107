import { parseModelRef } from '../../shared/models/catalogue';
import { MAX_VARIANTS } from '../jobs/job-spec';

/**
 * The panel's form rules, as pure functions: what a field's text means, or one sentence
 * saying why it can't be used. Fields keep exactly what was typed; nothing here rewrites it.
 */

export type Reading<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

const WHOLE = /^[+-]?\d+$/;

/** Variants: a whole number from 1 to MAX_VARIANTS (empty while typing is fine, not on submit). */
export function readVariants(text: string, max = MAX_VARIANTS): Reading<number> {
  const trimmed = text.trim();
  if (!trimmed) return { problem: `Enter how many variants to make, 1 to ${max}.` };
  if (!WHOLE.test(trimmed)) return { problem: `Variants must be a whole number from 1 to ${max}.` };
  const n = Number(trimmed);
  if (n < 1) return { problem: 'Make at least 1 variant.' };
  if (n > max) return { problem: `At most ${max} variants per run.` };
  return { value: n };
}

/** What the chosen model's schema says about its seed; `unknown` until the schema is read. */
export type SeedRule = { kind: 'unknown' } | { kind: 'none' } | { kind: 'range'; min?: number; max?: number };

/**
 * Seed: empty means random; otherwise a whole number inside the model's own bounds (its
 * schema's minimum/maximum), and one JavaScript can send exactly. Each further prediction
 * of a run uses the next seed up, so the last one must fit too.
 */
export function readSeed(text: string, rule: SeedRule, variants = 1): Reading<number | undefined> {
  const trimmed = text.trim();
  if (!trimmed) return { value: undefined };
  if (!WHOLE.test(trimmed)) return { problem: 'A seed is a whole number, like 42.' };
  const n = Number(trimmed);
  if (!Number.isSafeInteger(n)) return { problem: 'That seed is too large to send exactly; use fewer digits.' };
  if (rule.kind !== 'range') return { value: n };
  const { min, max } = rule;
  const span = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of ${min} or more` : `up to ${max}`;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) return { problem: `This model takes seeds ${span}.` };
  // At most one prediction per variant, so this bounds the last seed used.
  if (max !== undefined && n + Math.max(0, variants - 1) > max) {
    return { problem: `Each variant uses the next seed up, so with ${variants} variants the seed can be at most ${max - variants + 1}.` };
  }
  return { value: n };
}

/** "Other model…": `owner/name[:version]` or a replicate.com model page. */
export function readModelName(text: string): Reading<string> {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'Type a model as owner/name, or paste its replicate.com address.' };
  if (!parseModelRef(trimmed)) {
    return { problem: `“${trimmed.length > 60 ? `${trimmed.slice(0, 59)}…` : trimmed}” is not a model name; use owner/name, like black-forest-labs/flux-schnell.` };
  }
  return { value: trimmed };
}

export function readPrompt(text: string, label: 'Prompt' | 'Instruction' = 'Prompt'): Reading<string> {
  if (text.trim()) return { value: text };
  return { problem: label === 'Instruction' ? 'Type an instruction first, like “make it night”.' : 'Type a prompt first.' };
}

/** The token question, once the relay has answered: which one is used, or what is missing. */
export function tokenProblem(token: string, relayHoldsToken: boolean): string | undefined {
  return token.trim() || relayHoldsToken ? undefined : 'Add your Replicate API token in Settings first (replicate.com/account/api-tokens).';
}
