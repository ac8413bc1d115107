import type { Target } from '../../shared/messages/contract';
import { boxOf, canHoldFills, isGone } from '../node-info';
import { openRun, type RunTarget } from './runs';

/**
 * A run whose targets are a design's image slots: each filled in place at its own size.
 * Quiet: no undo step and no selection of its own, because it is part of the design,
 * whose finish is the one undo step and selects the design.
 */
export async function startSlotRun(runId: string, slotIds: string[]): Promise<{ targets: Target[] }> {
  const targets: RunTarget[] = [];
  for (const nodeId of slotIds) {
    const node = await figma.getNodeByIdAsync(nodeId);
    if (!node || isGone(node) || !('type' in node) || !canHoldFills(node as SceneNode)) continue;
    const scene = node as SceneNode;
    targets.push({ nodeId, node: scene, kind: 'selection', rect: boxOf(scene), state: 'waiting', exact: true });
  }
  openRun(runId, targets, { quiet: true });
  return { targets: targets.map((t) => ({ nodeId: t.nodeId, width: t.rect.width, height: t.rect.height, kind: t.kind })) };
}
