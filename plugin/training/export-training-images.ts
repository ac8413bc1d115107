import { isGone, readRecipe } from '../node-info';

/**
 * The training set's pixels: each picked layer exported as the person sees it (PNG, long side
 * `maxSide`), with its recipe's prompt for the caption. Layers deleted since they were picked
 * are counted, not fatal: the panel says how many images it has and whether that is enough.
 */
export async function exportTrainingImages(nodeIds: string[], maxSide: number) {
  const images: { nodeId: string; name: string; png: Uint8Array; prompt: string }[] = [];
  let missing = 0;
  for (const id of new Set(nodeIds)) {
    const node = await figma.getNodeByIdAsync(id);
    if (!node || isGone(node) || node.type === 'PAGE' || node.type === 'DOCUMENT' || !('exportAsync' in node)) {
      missing++;
      continue;
    }
    const scene = node as SceneNode;
    const wide = scene.width >= scene.height;
    const png = await scene.exportAsync({ format: 'PNG', constraint: { type: wide ? 'WIDTH' : 'HEIGHT', value: maxSide } });
    images.push({ nodeId: id, name: scene.name, png, prompt: readRecipe(scene)?.prompt ?? '' });
  }
  return { images, missing };
}
