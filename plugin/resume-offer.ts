import type { PendingPrediction } from '../shared/messages/contract';
import { RETENTION_MS } from '../shared/retention';
import { isGone } from './node-info';
import { documentKey, untrackPrediction } from './pending-store';

/**
 * Hands the panel what an earlier launch left running. Items whose placeholders were all
 * deleted since are dropped (the person removed them), and counted so the panel can say so.
 */
export async function offerResume(
  channel: { emit(name: 'resume', payload: { items: PendingPrediction[]; skipped: number }): void },
  loading: Promise<PendingPrediction[]>,
): Promise<void> {
  const items = await loading;
  if (items.length === 0) return;
  const here = documentKey();
  const live: PendingPrediction[] = [];
  let skipped = 0;
  for (const item of items) {
    if (item.document && item.document !== here) {
      // Another file's: left for it, unless Replicate has deleted its outputs by now.
      if (Date.now() - item.createdAt > RETENTION_MS) await untrackPrediction(item.predictionId);
      continue;
    }
    let anyLeft = false;
    for (const slot of item.slots) {
      const node = await figma.getNodeByIdAsync(slot.nodeId);
      if (node && !isGone(node)) anyLeft = true;
    }
    if (anyLeft) live.push(item);
    else {
      skipped++;
      await untrackPrediction(item.predictionId);
    }
  }
  if (live.length > 0 || skipped > 0) channel.emit('resume', { items: live, skipped });
}
