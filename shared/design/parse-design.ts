import { extractJson } from './extract-json';
import { normalizeSpec } from './normalize-spec';
import { detectRefusal } from './refusal';
import type { DesignSpec } from './spec';

/**
 * A language model's whole answer → a buildable spec, or the reason there is none.
 * Never throws. `notes` are for the designer (what was repaired or trimmed); `problems`
 * are why nothing could be built, and feed the one repair round (`repairPrompt`).
 */
export interface ParsedDesign {
  spec?: DesignSpec;
  notes: string[];
  problems: string[];
  /** The answer stopped early (max tokens); `spec` holds the sections that were complete. */
  truncated: boolean;
  /** The model declined; this is the message to show (also the only problem). */
  refusal?: string;
}

const REPAIRS_WORTH_A_NOTE = ['trailing commas', 'extra commas', 'missing commas', 'mismatched brackets', 'unquoted text', 'repeated keys', 'too deep nesting'];

export function parseDesign(answer: string): ParsedDesign {
  let text = typeof answer === 'string' ? answer : '';
  // Some models return the whole JSON as one JSON string literal.
  if (/^\s*"\s*[{[]/.test(text)) {
    try {
      const inner: unknown = JSON.parse(text);
      if (typeof inner === 'string') text = inner;
    } catch {
      // Not a string literal after all: read it as it is.
    }
  }
  const extracted = extractJson(text);
  const value = extracted.value;

  if (value === undefined) {
    const refusal = detectRefusal(text);
    if (refusal) return { notes: [], problems: [refusal], truncated: false, refusal };
    const problem = text.trim()
      ? `The language model's answer was not a design: ${extracted.error ?? 'no JSON found.'}`
      : 'The language model returned an empty answer.';
    return { notes: [], problems: [problem], truncated: false };
  }

  const normalized = normalizeSpec(value);
  const notes: string[] = [];
  const repairs = extracted.repairs.filter((r) => REPAIRS_WORTH_A_NOTE.includes(r));
  if (repairs.length) notes.push(`Repaired the model's JSON (${repairs.join(', ')}).`);
  if (extracted.truncated) {
    notes.push(
      normalized.spec
        ? `The model's answer was cut off (it reached its token limit); built the ${normalized.spec.sections.length} complete section${normalized.spec.sections.length === 1 ? '' : 's'}.`
        : "The model's answer was cut off (it reached its token limit) before a section was complete.",
    );
  }
  notes.push(...normalized.notes);
  if (!normalized.spec) {
    const refusal = detectRefusal(text);
    if (refusal) return { notes, problems: [refusal], truncated: extracted.truncated, refusal };
  }
  return { spec: normalized.spec, notes, problems: normalized.problems, truncated: extracted.truncated };
}

/**
 * The prompt for the single repair round: the original request, what was wrong, and the
 * start of the previous answer so the model fixes rather than starts over.
 */
export function repairPrompt(original: string, problems: string[], previousAnswer?: string): string {
  const listed = problems.slice(0, 12).map((p) => `- ${p}`).join('\n');
  const previous = previousAnswer?.trim()
    ? `\n\nYour previous answer began:\n${previousAnswer.trim().slice(0, 2000)}${previousAnswer.trim().length > 2000 ? '\n…' : ''}`
    : '';
  return (
    `${original}\n\n` +
    `Your previous answer could not be used:\n${listed}${previous}\n\n` +
    'Answer again with only the corrected JSON object that follows the schema: no prose, no code fence. ' +
    'Keep it within the limits so it is not cut off.'
  );
}
