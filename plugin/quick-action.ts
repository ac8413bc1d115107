import { DEFAULT_MODEL, formatModelRef, parseModelRef, presetOf } from '../shared/models/catalogue';
import {
  QUICK_ACTION_MAX_VARIANTS,
  type QuickActionProgress,
  type QuickGenerate,
} from '../shared/messages/quick-action-messages';
import { readRecentRuns } from './history-store';

/** What the palette leaves out: the form's own defaults. */
const DEFAULT_VARIANTS = 4;
/** Figma cuts notifications at 100 characters; the prompt is what gets shortened. */
const PROMPT_IN_MESSAGE = 40;

interface QuickActionChannel {
  emit(name: 'quickGenerate', payload: QuickGenerate): void;
  on(name: 'quickActionProgress', handler: (progress: QuickActionProgress) => void): () => void;
}

/**
 * Reads the values of a "Generate images" quick action (see manifest `parameters`) and says
 * it has started. Values that cannot run are said in a notification, and the plugin closes
 * without showing anything: undefined then.
 */
export function beginQuickAction(parameters: ParameterValues): QuickGenerate | undefined {
  const read = readQuickAction(parameters);
  if ('problem' in read) {
    figma.notify(read.problem, { error: true, timeout: 8000 });
    figma.closePlugin();
    return undefined;
  }
  return read.request;
}

/**
 * Hands the run to the (hidden) panel, which owns the network, and follows it with
 * notifications: started, each image placed, how it ended. The plugin closes when it ends.
 */
export function runQuickAction(channel: QuickActionChannel, request: QuickGenerate): void {
  const model = presetOf(request.model)?.label ?? request.model;
  const images = request.variants === 1 ? '1 image' : `${request.variants} images`;
  let toast = figma.notify(`Generating ${images} with ${model}: “${short(request.prompt)}”…`, { timeout: Infinity });
  let ended = false;
  channel.on('quickActionProgress', (progress) => {
    if (ended) return;
    toast.cancel();
    if (progress.state === 'placed') {
      toast = figma.notify(`${progress.placed} of ${progress.total} placed…`, { timeout: Infinity });
      return;
    }
    ended = true;
    if (progress.state === 'failed') {
      figma.notify(`Nothing generated: ${progress.reason}`, { error: true, timeout: 10_000 });
    } else if (progress.placed < progress.total) {
      // The panel has already said it ("2 placed, 2 failed: …"), as after any run of its own.
    } else {
      figma.notify(`Placed ${progress.total === 1 ? '1 image' : `${progress.total} images`} for “${short(request.prompt)}”`, { timeout: 5000 });
    }
    void closeWhenSaved();
  });
  channel.emit('quickGenerate', request);
}

/** The recent-runs list (the next quick action's prompt suggestions) is written after the images are placed. */
async function closeWhenSaved(): Promise<void> {
  await readRecentRuns().catch(() => undefined);
  figma.closePlugin();
}

export function readQuickAction(parameters: ParameterValues): { request: QuickGenerate } | { problem: string } {
  const prompt = typeof parameters.prompt === 'string' ? parameters.prompt.trim() : '';
  if (!prompt) return { problem: 'Type a prompt to generate images from.' };
  if (prompt.length > 10_000) return { problem: 'That prompt is too long; keep it under 10,000 characters.' };
  const typedModel = typeof parameters.model === 'string' ? parameters.model.trim() : '';
  const ref = typedModel ? parseModelRef(typedModel) : undefined;
  if (typedModel && !ref) return { problem: `“${short(typedModel)}” is not a model; use owner/name, like ${DEFAULT_MODEL}.` };
  const variants = parameters.variants === undefined || parameters.variants === '' ? DEFAULT_VARIANTS : Number(parameters.variants);
  if (!Number.isInteger(variants) || variants < 1 || variants > QUICK_ACTION_MAX_VARIANTS) {
    return { problem: `Variants: a whole number from 1 to ${QUICK_ACTION_MAX_VARIANTS}.` };
  }
  return { request: { prompt, model: ref ? formatModelRef(ref) : DEFAULT_MODEL, variants } };
}

function short(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > PROMPT_IN_MESSAGE ? `${chars.slice(0, PROMPT_IN_MESSAGE - 1).join('').trimEnd()}…` : chars.join('');
}
