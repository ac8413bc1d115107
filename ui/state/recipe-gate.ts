import { signal } from '@preact/signals';
import { PRESETS } from '../../shared/models/catalogue';
import type { Recipe } from '../../shared/recipe';
import { TOOL_SPECS } from '../../shared/tools';

/**
 * Runs a recipe read from the document (Regenerate, Vary on a generated layer) only when it
 * is this person's own and uses a model the plugin offers; otherwise it waits for them to
 * see its model and inputs and say yes. Plugin data is writable by anyone editing the file.
 */
export interface RecipeQuestion {
  id: number;
  /** "This layer's recipe was made by someone else: …" */
  text: string;
  model: string;
  prompt: string;
  /** `key: value` lines, values shortened. */
  inputs: string[];
}

const KNOWN_MODELS = new Set([...PRESETS.map((p) => p.id), ...Object.values(TOOL_SPECS).flatMap((t) => [t.model, ...(t.models ?? [])])]);

/** A preset or one of the refine tools' models (any version of it). */
export function isKnownModel(model: string): boolean {
  return KNOWN_MODELS.has(model.split(':')[0]);
}

export function createRecipeGate(isMine: (recipe: Recipe) => Promise<boolean>) {
  const questions = signal<RecipeQuestion[]>([]);
  const waiting = new Map<number, () => void>();
  let next = 0;

  async function admit(recipe: Recipe, model: string, start: () => void): Promise<void> {
    const mine = await isMine(recipe).catch(() => false);
    const known = isKnownModel(model);
    if (mine && known) {
      start();
      return;
    }
    const why = [!mine && 'was made by someone else', !known && 'uses a model that is not a preset'].filter(Boolean).join(' and ');
    const id = ++next;
    waiting.set(id, start);
    const inputs = Object.entries(recipe.input)
      .filter(([key]) => key !== 'prompt')
      .map(([key, value]) => `${key}: ${shorten(typeof value === 'string' ? value : JSON.stringify(value))}`);
    questions.value = [
      ...questions.value,
      { id, text: `This layer's recipe ${why}: ${model}. Run it?`, model, prompt: shorten(recipe.prompt, 300), inputs },
    ];
  }

  /** Asks before anything else read from the document runs (a design's recipe names its models too). */
  function askFirst(question: Omit<RecipeQuestion, 'id'>, start: () => void): void {
    const id = ++next;
    waiting.set(id, start);
    questions.value = [...questions.value, { ...question, id }];
  }

  function answer(id: number, run: boolean): void {
    const start = waiting.get(id);
    waiting.delete(id);
    questions.value = questions.value.filter((q) => q.id !== id);
    if (run) start?.();
  }

  return { questions, admit, askFirst, answer };
}

function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export type RecipeGate = ReturnType<typeof createRecipeGate>;
