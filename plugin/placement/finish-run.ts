import { bounds } from '../../shared/layout';
import { boxOf, isGone } from '../node-info';
import { removeIfPlaceholder } from './fail-target';
import { closeRun, getRun, rememberResults } from './runs';

/** Ends a run: one undo step, the results selected, no placeholder left behind. */
export async function finishRun(runId: string): Promise<{ placed: string[] }> {
  const run = getRun(runId);
  if (!run) return { placed: [] };
  for (const target of run.targets.values()) {
    if (target.state === 'waiting') removeIfPlaceholder(target.node);
  }
  const nodes: SceneNode[] = [];
  for (const id of run.placed) {
    const node = await figma.getNodeByIdAsync(id);
    if (node && !isGone(node)) nodes.push(node as SceneNode);
  }
  closeRun(runId);
  if (nodes.length > 0) {
    figma.currentPage.selection = nodes;
    rememberResults(bounds(nodes.map(boxOf)));
  }
  figma.commitUndo();
  return { placed: nodes.map((n) => n.id) };
}
