import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import { isGone } from '../node-info';
import { PLACEHOLDER_KEY, showPlaceholderState } from './placeholder';
import { getRun } from './runs';

/**
 * A target that will get no image. While the rest of its run is still on the way, its
 * placeholder says why on the canvas; it goes when the run ends (the panel keeps the
 * reason). A selected node that was to be filled in place is left exactly as it was.
 */
export async function failTarget(request: PayloadOf<PluginRequests, 'failTarget'>): Promise<undefined> {
  const run = getRun(request.runId);
  const target = run?.targets.get(request.nodeId);
  if (target) target.state = 'failed';
  const node = target?.node ?? (await figma.getNodeByIdAsync(request.nodeId));
  const othersWaiting = !!run && [...run.targets.values()].some((t) => t.state === 'waiting');
  if (othersWaiting && node && !isGone(node)) {
    showPlaceholderState(node as SceneNode, { state: 'failed', reason: request.reason });
  } else {
    removeIfPlaceholder(node);
  }
  return undefined;
}

/** Synchronous, so the close handler can use it. */
export function removeIfPlaceholder(node: BaseNode | null | undefined): void {
  if (!node || isGone(node)) return;
  if (node.getPluginData(PLACEHOLDER_KEY)) node.remove();
}
