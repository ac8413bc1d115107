import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import { isGone } from '../node-info';
import { PLACEHOLDER_KEY } from './placeholder';
import { getRun } from './runs';

/**
 * A target that will get no image. Its placeholder goes (the panel says why); a selected
 * node that was to be filled in place is left exactly as it was.
 */
export async function failTarget(request: PayloadOf<PluginRequests, 'failTarget'>): Promise<undefined> {
  const target = getRun(request.runId)?.targets.get(request.nodeId);
  if (target) target.state = 'failed';
  removeIfPlaceholder(target?.node ?? (await figma.getNodeByIdAsync(request.nodeId)));
  return undefined;
}

/** Synchronous, so the close handler can use it. */
export function removeIfPlaceholder(node: BaseNode | null | undefined): void {
  if (!node || isGone(node)) return;
  if (node.getPluginData(PLACEHOLDER_KEY)) node.remove();
}
