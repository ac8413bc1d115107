import type { NodeSummary } from '../shared/messages/contract';
import type { Rect } from '../shared/layout';
import { parseRecipe, RECIPE_KEY, type Recipe } from '../shared/recipe';
import { designOf } from './design/read-design';
import { isPicked } from './logo/picks';

export type FillableNode = SceneNode & MinimalFillsMixin;

export function canHoldFills(node: SceneNode): node is FillableNode {
  return 'fills' in node && node.type !== 'TEXT';
}

export function hasImageFill(node: SceneNode): boolean {
  if (!canHoldFills(node)) return false;
  const fills = node.fills;
  return Array.isArray(fills) && fills.some((paint: Paint) => paint.type === 'IMAGE');
}

export function readRecipe(node: BaseNode): Recipe | undefined {
  return parseRecipe(node.getPluginData(RECIPE_KEY));
}

export function boxOf(node: SceneNode): Rect {
  const box = node.absoluteBoundingBox;
  if (box) return { x: box.x, y: box.y, width: box.width, height: box.height };
  return { x: node.x, y: node.y, width: node.width, height: node.height };
}

export function summarize(node: SceneNode): NodeSummary {
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    width: node.width,
    height: node.height,
    hasImage: hasImageFill(node),
    locked: node.locked,
    recipe: readRecipe(node),
    ...(isPicked(node) ? { picked: true } : {}),
    design: designOf(node),
  };
}

/** Everything visible at the top of a page: what new results must not cover. */
export function obstaclesOn(page: PageNode): Rect[] {
  return page.children.filter((n) => n.visible).map(boxOf);
}

/** A node that was removed (by a person, or by another plugin) throws on most reads. */
export function isGone(node: BaseNode | null): boolean {
  if (!node) return true;
  try {
    return node.removed;
  } catch {
    return true;
  }
}

/** The page a node is on, however deep; undefined for a removed node or the document. */
export function pageOf(node: BaseNode): PageNode | undefined {
  let at: BaseNode | null = node;
  while (at && at.type !== 'PAGE') at = at.parent;
  return at?.type === 'PAGE' ? (at as PageNode) : undefined;
}
