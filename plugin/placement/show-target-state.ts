import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import { isGone } from '../node-info';
import { showPlaceholderState } from './placeholder';
import { getRun } from './runs';

/** Progress from the panel, shown on a target's placeholder while the target still waits. */
export async function showTargetState(request: PayloadOf<PluginRequests, 'showTargetState'>): Promise<undefined> {
  const target = getRun(request.runId)?.targets.get(request.nodeId);
  // A late update must not relabel a node that is already placed, failed or someone else's.
  if (!target || target.state !== 'waiting' || target.kind !== 'placeholder' || isGone(target.node)) return undefined;
  showPlaceholderState(target.node, request.state);
  return undefined;
}
