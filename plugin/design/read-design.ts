import { parseDesignRecipe, DESIGN_RECIPE_KEY, type DesignRecipe } from '../../shared/design/recipe';
import { NamedError } from '../../shared/errors';
import { isGone } from '../node-info';
import { DESIGN_PATH_KEY, DESIGN_SLOT_KEY, type SlotInfo } from './build-node';

/** A generated design's recipe and its image slots, for New images and Redesign section. */
export async function readDesign(frameId: string): Promise<{ recipe?: DesignRecipe; slots: SlotInfo[] }> {
  const frame = await figma.getNodeByIdAsync(frameId);
  if (!frame || isGone(frame) || frame.type !== 'FRAME') throw new NamedError('DesignGone', 'That design was deleted.');
  const recipe = parseDesignRecipe(frame.getPluginData(DESIGN_RECIPE_KEY));
  const slots = frame
    .findAll((n) => !!n.getPluginData(DESIGN_SLOT_KEY))
    .map((n) => ({ nodeId: n.id, prompt: n.getPluginData(DESIGN_SLOT_KEY), name: n.name, width: n.width, height: n.height }));
  return { ...(recipe ? { recipe } : {}), slots };
}

/** The design a node belongs to, and its place in the spec: for the panel's selection. */
export function designOf(node: SceneNode): { frameId: string; path: string } | undefined {
  const path = node.getPluginData(DESIGN_PATH_KEY);
  if (!path) return undefined;
  let at: BaseNode | null = node;
  while (at && at.type !== 'PAGE') {
    if (at.getPluginData(DESIGN_RECIPE_KEY)) return { frameId: at.id, path };
    at = at.parent;
  }
  return undefined;
}
