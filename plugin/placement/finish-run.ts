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
  // The person may have gone to another page meanwhile: a page can only select its own
  // nodes, so each page gets its results selected, and the next run goes beside the
  // results on the page in view.
  const byPage = new Map<string, { page: PageNode; nodes: SceneNode[] }>();
  for (const node of nodes) {
    const page = pageOf(node);
    if (!page) continue;
    const entry = byPage.get(page.id) ?? { page, nodes: [] };
    entry.nodes.push(node);
    byPage.set(page.id, entry);
  }
  for (const { page, nodes: onPage } of byPage.values()) page.selection = onPage;
  const here = byPage.get(figma.currentPage.id);
  if (here) rememberResults(bounds(here.nodes.map(boxOf)));
  figma.commitUndo();
  return { placed: nodes.map((n) => n.id) };
}

function pageOf(node: BaseNode): PageNode | undefined {
  let at: BaseNode | null = node;
  while (at && at.type !== 'PAGE') at = at.parent;
  return at ? (at as PageNode) : undefined;
}
