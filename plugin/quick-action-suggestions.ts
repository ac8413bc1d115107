import { formatModelRef, parseModelRef, PRESETS } from '../shared/models/catalogue';
import { QUICK_ACTION_MAX_VARIANTS } from '../shared/messages/quick-action-messages';
import { readRecentRuns } from './history-store';

/** How many of the person's recent prompts the palette lists at most. */
const MAX_PROMPTS = 20;

/**
 * Suggestions while "Generate images" parameters are typed in Figma's command palette
 * (manifest `parameters`). Runs in Figma's query mode: reading only, no visible UI.
 */
export async function suggestQuickActionParameters({ key, query, result }: ParameterInputEvent): Promise<void> {
  if (key === 'prompt') return suggestPrompts(query, result);
  if (key === 'model') return suggestModels(query, result);
  if (key === 'variants') return suggestVariants(query, result);
  result.setSuggestions([]);
}

/** The person's recent prompts (any file) that contain what is typed; any other text is fine too (freeform). */
async function suggestPrompts(query: string, result: SuggestionResults): Promise<void> {
  result.setLoadingMessage('Reading your recent prompts…');
  const wanted = query.trim().toLowerCase();
  let prompts: string[] = [];
  try {
    prompts = [...new Set((await readRecentRuns()).map((e) => e.prompt.trim()).filter(Boolean))];
  } catch {
    // No recent prompts to offer; the typed one still runs.
  }
  result.setSuggestions(prompts.filter((p) => p.toLowerCase().includes(wanted)).slice(0, MAX_PROMPTS));
}

/**
 * The presets, matched on their name, id and what they are for; a typed `owner/name` is
 * offered too, since the form takes any model. Anything else cannot run, and says so.
 */
function suggestModels(query: string, result: SuggestionResults): void {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = PRESETS.filter((p) => {
    const text = `${p.label} ${p.id} ${p.blurb}`.toLowerCase();
    return words.every((w) => text.includes(w));
  }).map((p) => ({ name: `${p.label} · ${p.blurb}`, data: p.id }));
  const ref = parseModelRef(query);
  const typed = ref && !matching.some((m) => m.data === formatModelRef(ref)) ? [{ name: formatModelRef(ref), data: formatModelRef(ref) }] : [];
  const suggestions = [...typed, ...matching];
  if (suggestions.length === 0) {
    result.setError(`No model matches “${query.trim()}”. Pick a preset, or type one as owner/name.`);
    return;
  }
  result.setSuggestions(suggestions);
}

/** 1 to 8, as the form allows; the value is the number itself. */
function suggestVariants(query: string, result: SuggestionResults): void {
  const all = Array.from({ length: QUICK_ACTION_MAX_VARIANTS }, (_, i) => i + 1);
  const typed = query.trim();
  const shown = typed ? all.filter((n) => String(n) === typed) : all;
  if (shown.length === 0) {
    result.setError(`Variants: a whole number from 1 to ${QUICK_ACTION_MAX_VARIANTS}.`);
    return;
  }
  result.setSuggestions(shown.map((n) => ({ name: n === 1 ? '1 image' : `${n} images`, data: n })));
}
