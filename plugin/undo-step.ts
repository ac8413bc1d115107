import { writeQueuedEntries } from './history-store';

/**
 * Ends the plugin's current undo step. The History index queues what a run placed and writes it a
 * moment later (plugin/history-store.ts); written here first, it stays in the step of the layers
 * it lists, so undoing a run takes its entries with it and undoing the next action does not.
 */
export function commitUndoStep(): void {
  writeQueuedEntries();
  figma.commitUndo();
}
