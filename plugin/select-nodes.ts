import { isGone, pageOf } from './node-info';

/**
 * Selects the given layers and scrolls them into view, as clicking them on the canvas would.
 * Figma selects on one page only: layers on the current page win; when there are none, the
 * page holding the first one still there is opened. Deleted ones are counted, not an error.
 */
export async function selectNodes(nodeIds: string[]): Promise<{ selected: number; missing: number }> {
  const found: SceneNode[] = [];
  for (const nodeId of new Set(nodeIds)) {
    const node = await figma.getNodeByIdAsync(nodeId);
    if (node && !isGone(node) && pageOf(node)) found.push(node as SceneNode);
  }
  const missing = new Set(nodeIds).size - found.length;
  let onPage = found.filter((node) => pageOf(node) === figma.currentPage);
  if (onPage.length === 0 && found.length > 0) {
    const page = pageOf(found[0])!;
    await figma.setCurrentPageAsync(page);
    onPage = found.filter((node) => pageOf(node) === page);
  }
  if (onPage.length > 0) {
    figma.currentPage.selection = onPage;
    figma.viewport.scrollAndZoomIntoView(onPage);
  }
  return { selected: onPage.length, missing };
}

