import { bounds, type Rect } from '../../shared/layout';
import { boxOf, isGone } from '../node-info';
import { lastResultsBounds } from './runs';

/**
 * What new results go beside: the node asked for, else the selection, else the previous
 * results (else nothing, and the caller centres them in view).
 */
export async function anchorBeside(besideNodeId?: string): Promise<Rect | undefined> {
  if (besideNodeId) {
    const node = await figma.getNodeByIdAsync(besideNodeId);
    if (node && !isGone(node) && 'absoluteBoundingBox' in node) return boxOf(node as SceneNode);
  }
  const selection = figma.currentPage.selection;
  if (selection.length > 0) return bounds(selection.map(boxOf));
  return lastResultsBounds();
}
