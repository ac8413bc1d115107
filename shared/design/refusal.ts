/**
 * Recognises a language model declining the request ("I'm sorry, but I can't…"), so the
 * designer reads what the model said instead of "the answer was not JSON".
 * Only consulted when no design was found: copy inside a design may well say "sorry".
 */

const REFUSAL = [
  /\b(?:i['’]m|i am)\s+(?:sorry|afraid)\b/i,
  /\bi\s+(?:can(?:['’]?t|not)|won['’]t|will not|am unable to|['’]m unable to|am not able to|must decline to|have to decline)\s+(?:help|assist|create|make|design|do|comply|provide|fulfil|fulfill|generate|produce|write|support)/i,
  /\b(?:unable|not able) to (?:help|assist|comply|fulfil|fulfill) (?:with )?(?:this|that|your)/i,
  /\bagainst (?:my|our|the) (?:guidelines|policies|policy|usage policy)\b/i,
  /\bas an ai(?: language model)?,? i\b/i,
];

/** The model's refusal as a message for the designer, or undefined when it is not one. */
export function detectRefusal(answer: string): string | undefined {
  const text = answer.replace(/^\ufeff/, '').trim();
  if (!text) return undefined;
  // A refusal opens the answer; a long essay that mentions "I can't" halfway is something else.
  const opening = text.slice(0, 600);
  if (!REFUSAL.some((pattern) => pattern.test(opening))) return undefined;
  const sentence = (/^[\s\S]*?[.!?](?=\s|$)/.exec(opening)?.[0] ?? opening).replace(/\s+/g, ' ').trim();
  const quoted = sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence;
  return `The language model declined to design this: “${quoted}” Try rewording the prompt or choosing another language model.`;
}
