import { placeGrid, type Size } from '../../shared/layout';
import { RECIPE_VERSION, type Recipe } from '../../shared/recipe';
import type { LocalLogoTool } from '../../shared/logo/local-tools';
import { boxOf, obstaclesOn, readRecipe } from '../node-info';
import { RELAUNCH, writeRecipe } from '../recipe-store';
import { PICK_KEY } from './picks';
import { commitUndoStep } from '../undo-step';

/**
 * What every local logo tool does with its results: placed beside the source without
 * covering anything, named after it, with a recipe whose parent is the source (lineage) and
 * whose input holds the tool's settings. There is no model to run again, so no Regenerate.
 */
export function placeBeside(source: SceneNode, nodes: SceneNode[]): void {
  const cells: Size[] = nodes.map((n) => ({ width: n.width, height: n.height }));
  const rects = placeGrid({ cells, anchor: boxOf(source), obstacles: obstaclesOn(figma.currentPage) });
  nodes.forEach((node, i) => {
    if (node.parent !== figma.currentPage) figma.currentPage.appendChild(node);
    node.x = rects[i].x;
    node.y = rects[i].y;
  });
}

export function markDerived(node: SceneNode, source: SceneNode, tool: LocalLogoTool, input: Record<string, unknown>): void {
  const recipe: Recipe = {
    v: RECIPE_VERSION,
    tool,
    model: '',
    prompt: readRecipe(source)?.prompt ?? '',
    input,
    outputIndex: 0,
    predictionId: '',
    createdAt: new Date().toISOString(),
    parentId: source.id,
  };
  writeRecipe(node, recipe);
  // A copy is not a pick just because its source was.
  node.setPluginData(PICK_KEY, '');
  const { lineage, pick, open } = RELAUNCH;
  node.setRelaunchData({ pick, lineage, open });
}

/** A copy of the mark, in the same place: its source's ★ Pick does not come with it. */
export function copyMark(source: SceneNode): SceneNode {
  const copy = source.clone();
  copy.setPluginData(PICK_KEY, '');
  return copy;
}

/** Scales a copy with everything in it (stickies and the like cannot be scaled: left as they are). */
export function rescaleMark(node: SceneNode, scale: number): void {
  if ('rescale' in node && Number.isFinite(scale) && scale > 0) (node as FrameNode).rescale(Math.max(0.01, scale));
}

/** "Fox mark" → "Fox mark · Mono"; a result of a result does not pile up suffixes. */
export function derivedName(source: SceneNode, suffix: string): string {
  return `${source.name.replace(/ · (Recolor|Mono|Inverse)$/, '')} · ${suffix}`;
}

/** One tool press, one undo step, results selected and in view. */
export function finishLocal(nodes: SceneNode[]): void {
  if (nodes.length === 0) return;
  figma.currentPage.selection = nodes;
  figma.viewport.scrollAndZoomIntoView(nodes);
  commitUndoStep();
}
