import type { Target } from '../../shared/messages/contract';
import { boxOf, isGone } from '../node-info';
import { PLACEHOLDER_KEY } from './placeholder';
import { openRun, type RunTarget } from './runs';

/** Takes over placeholders an earlier launch left waiting, as the targets of a new run. */
export async function adoptRun(runId: string, nodeIds: string[]): Promise<{ targets: Target[] }> {
  figma.commitUndo();
  const targets: RunTarget[] = [];
  for (const nodeId of nodeIds) {
    const node = await figma.getNodeByIdAsync(nodeId);
    if (!node || isGone(node) || !node.getPluginData(PLACEHOLDER_KEY)) continue;
    const scene = node as SceneNode;
    targets.push({ nodeId, node: scene, kind: 'placeholder', rect: boxOf(scene), state: 'waiting' });
  }
  openRun(runId, targets);
  return { targets: targets.map((t) => ({ nodeId: t.nodeId, width: t.rect.width, height: t.rect.height, kind: t.kind })) };
}
