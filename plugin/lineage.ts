import { isGone, readRecipe } from './node-info';

/** Selects a layer's ancestors by following recipe parents; counts the ones deleted since. */
export async function showLineage(nodeId: string): Promise<{ selected: number; missing: number }> {
  const found: SceneNode[] = [];
  let missing = 0;
  const seen = new Set<string>();
  let current = await figma.getNodeByIdAsync(nodeId);
  while (current && !isGone(current) && !seen.has(current.id)) {
    seen.add(current.id);
    const parentId = readRecipe(current)?.parentId;
    if (!parentId) break;
    const parent = await figma.getNodeByIdAsync(parentId);
    if (!parent || isGone(parent) || !('visible' in parent)) {
      missing++;
      break;
    }
    found.push(parent as SceneNode);
    current = parent;
  }
  const onPage = found.filter((n) => isOnCurrentPage(n));
  if (onPage.length > 0) {
    figma.currentPage.selection = onPage;
    figma.viewport.scrollAndZoomIntoView(onPage);
  }
  return { selected: onPage.length, missing };
}

function isOnCurrentPage(node: BaseNode): boolean {
  let at: BaseNode | null = node;
  while (at && at.type !== 'PAGE') at = at.parent;
  return at === figma.currentPage;
}

/** "Show lineage" needs no panel: select, say what happened, close. */
export async function lineageCommand(): Promise<void> {
  const [node] = figma.currentPage.selection;
  if (!node) {
    figma.closePlugin('Select a generated layer to see what it was made from.');
    return;
  }
  const { selected, missing } = await showLineage(node.id);
  const parts = [
    selected ? `Selected ${selected} ${selected === 1 ? 'ancestor' : 'ancestors'}` : 'This layer has no ancestors on this page',
    missing ? `${missing} was deleted` : '',
  ].filter(Boolean);
  figma.closePlugin(parts.join('; ') + '.');
}
