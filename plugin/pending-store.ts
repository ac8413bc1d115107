import type { PendingPrediction } from '../shared/messages/contract';

/**
 * Predictions created but not yet placed. Kept in clientStorage (per user: another person
 * opening the file has neither our token nor our predictions) and mirrored in memory, so
 * the close handler can ask synchronously which placeholders still have work coming.
 */
const KEY = 'pending-predictions';
const DOCUMENT_KEY = 'document-key';
const pending = new Map<string, PendingPrediction>();
let writes: Promise<void> = Promise.resolve();

export async function loadPending(): Promise<PendingPrediction[]> {
  const stored = await figma.clientStorage.getAsync(KEY);
  pending.clear();
  if (Array.isArray(stored)) {
    for (const item of stored as PendingPrediction[]) {
      if (item && typeof item.predictionId === 'string') pending.set(item.predictionId, item);
    }
  }
  return [...pending.values()];
}

export function trackPrediction(item: PendingPrediction): Promise<void> {
  pending.set(item.predictionId, { ...item, document: documentKey() });
  return persist();
}

/**
 * Names this file, so a launch in another file leaves this file's predictions alone. Kept
 * in the document's plugin data: not a secret, just a random tag.
 */
export function documentKey(): string {
  let key = figma.root.getPluginData(DOCUMENT_KEY);
  if (!key) {
    key = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    figma.root.setPluginData(DOCUMENT_KEY, key);
  }
  return key;
}

export function untrackPrediction(predictionId: string): Promise<void> {
  if (!pending.delete(predictionId)) return writes;
  return persist();
}

/** True when a placeholder is waiting on a prediction that already exists upstream. */
export function hasPendingWork(nodeId: string): boolean {
  for (const item of pending.values()) if (item.slots.some((s) => s.nodeId === nodeId)) return true;
  return false;
}

function persist(): Promise<void> {
  // One write at a time, each with the whole current list: no lost updates.
  writes = writes.then(() => figma.clientStorage.setAsync(KEY, [...pending.values()])).catch(() => undefined);
  return writes;
}
