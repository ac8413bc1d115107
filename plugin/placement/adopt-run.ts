import type { Target } from '../../shared/messages/contract';
import { boxOf, isGone } from '../node-info';
import { PLACEHOLDER_FIT_KEY, PLACEHOLDER_KEY, showPlaceholderState } from './placeholder';
import { openRun, type RunTarget } from './runs';
import { commitUndoStep } from '../undo-step';

/** Takes over placeholders an earlier launch left waiting, as the targets of a new run. */
export async function adoptRun(runId: string, nodeIds: string[]): Promise<{ targets: Target[] }> {
  commitUndoStep();
  const targets: RunTarget[] = [];
  for (const nodeId of nodeIds) {
    const node = await figma.getNodeByIdAsync(nodeId);
    if (!node || isGone(node) || !node.getPluginData(PLACEHOLDER_KEY)) continue;
    const scene = node as SceneNode;
    const exact = scene.getPluginData(PLACEHOLDER_FIT_KEY) === 'exact';
    targets.push({ nodeId, node: scene, kind: 'placeholder', rect: boxOf(scene), state: 'waiting', exact });
    // It said "Waiting for Replicate… (reopen Diffusion)": it is being worked on again.
    showPlaceholderState(scene, { state: 'running' });
  }
  openRun(runId, targets);
  return { targets: targets.map((t) => ({ nodeId: t.nodeId, width: t.rect.width, height: t.rect.height, kind: t.kind })) };
}
