import { bounds } from '../../shared/layout';
import { boxOf, isGone, pageOf } from '../node-info';
import { removeIfPlaceholder } from './fail-target';
import { closeRun, getRun, rememberResults, type Run } from './runs';
import { commitUndoStep } from '../undo-step';

/**
 * Ends a run: one undo step, the results selected, no placeholder left behind. The mask
 * shape of an inpainting goes only when the person asked for it and a result was placed.
 */
export async function finishRun(runId: string, deleteMaskId?: string, batch?: string): Promise<{ placed: string[] }> {
  const run = getRun(runId);
  if (!run) return { placed: [] };
  for (const target of run.targets.values()) {
    if (target.state !== 'placed') removeIfPlaceholder(target.node);
  }
  if (deleteMaskId && run.placed.length > 0) await deleteMask(deleteMaskId, run);
  // An Explore grid with no image is only labels: it goes, like its placeholders.
  if (run.section && run.placed.length === 0 && !isGone(run.section)) run.section.remove();
  const nodes: SceneNode[] = [];
  for (const id of run.placed) {
    const node = await figma.getNodeByIdAsync(id);
    if (node && !isGone(node)) nodes.push(node as SceneNode);
  }
  closeRun(runId);
  if (run.quiet) return { placed: nodes.map((n) => n.id) };
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
  for (const { page, nodes: onPage } of byPage.values()) page.selection = batch ? withBatch(batch, page, onPage) : onPage;
  const here = byPage.get(figma.currentPage.id);
  if (here) rememberResults(bounds(here.nodes.map(boxOf)));
  commitUndoStep();
  return { placed: nodes.map((n) => n.id) };
}

/**
 * What the newest batch's last run left selected: the batch's next run adds to it. Only the
 * newest is kept: an older batch's runs have all ended by the time anyone starts another.
 */
let lastBatch: { batch: string; pageId: string; ids: string[] } | undefined;

/**
 * A batch's runs end one after another; each adds its results to what the batch's earlier
 * runs selected, as long as the person has not selected something else meanwhile.
 */
function withBatch(batch: string, page: PageNode, results: SceneNode[]): SceneNode[] {
  const before = lastBatch?.batch === batch ? lastBatch : undefined;
  const current = page.selection.map((n) => n.id);
  const untouched = before?.pageId === page.id && current.length === before.ids.length && current.every((id) => before.ids.includes(id));
  const selected = untouched ? [...page.selection, ...results.filter((n) => !before.ids.includes(n.id))] : results;
  lastBatch = { batch, pageId: page.id, ids: selected.map((n) => n.id) };
  return selected;
}

async function deleteMask(id: string, run: Run): Promise<void> {
  const mask = await figma.getNodeByIdAsync(id);
  // Never one of this run's own results or targets, whatever id the panel sent.
  if (!mask || isGone(mask) || mask.type === 'PAGE' || mask.type === 'DOCUMENT') return;
  if (run.placed.includes(id) || run.targets.has(id)) return;
  (mask as SceneNode).remove();
}

