/** Shared assertions for the reliability and security suites. */

/**
 * A message meant for a person: a sentence (capital or quote first, full stop or similar
 * last), short, and not a leaked implementation detail.
 */
export function isHumanSentence(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const t = text.trim();
  // The model's own words are quoted as they come (they may lack a full stop).
  const quotesModel = /^The model failed: \S/.test(t);
  return (
    t.length >= 8 &&
    t.length <= 320 &&
    // A capital, a quote, or a model id (owner/name) first.
    (/^[A-Z"“'(]/.test(t) || /^[a-z0-9][\w.-]*\/[\w.-]+ /.test(t)) &&
    (quotesModel || /[.!?)”"]$/.test(t)) &&
    !/undefined|\[object Object\]|\bnull\b|NaN|\n\s+at\s|TypeError|ReferenceError|fetch failed/.test(t)
  );
}

/** Largest number of timestamps inside any window of `windowMs` (inclusive start). */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
