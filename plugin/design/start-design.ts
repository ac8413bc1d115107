import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import { NamedError } from '../../shared/errors';
import { layerName } from '../../shared/layer-name';
import { intersects, placeGrid, type Rect } from '../../shared/layout';
import { boxOf, isGone, obstaclesOn } from '../node-info';
import { anchorBeside } from '../placement/anchor';
import { DESIGN_PATH_KEY } from './build-node';
import { openDesign } from './design-sessions';
import { commitUndoStep } from '../undo-step';

type StartDesign = PayloadOf<PluginRequests, 'startDesign'>;

/** Name of a design frame while it is being built; it takes its title when done. */
export function buildingName(label: string): string {
  return `Designing… · ${layerName(label)}`;
}

/**
 * The design's frame, at once: a vertical auto-layout frame of the target's width that
 * grows with its sections (never shorter than the target), beside the selection or the
 * previous results, never over anything. A redesign starts from a copy of the original.
 */
export async function startDesign(request: StartDesign): Promise<{ frameId: string }> {
  commitUndoStep();
  if (request.redesign) return startRedesign(request, request.redesign);
  const frame = figma.createFrame();
  frame.name = buildingName(request.label);
  frame.layoutMode = 'VERTICAL';
  frame.resize(request.width, request.height);
  frame.layoutSizingHorizontal = 'FIXED';
  frame.layoutSizingVertical = 'HUG';
  frame.minHeight = request.height;
  frame.fills = [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }];
  frame.clipsContent = true;
  frame.setPluginData(DESIGN_PATH_KEY, 'root');
  const into = request.intoFrameId ? await emptyFrame(request.intoFrameId) : undefined;
  if (into) {
    // An empty frame the person picked is filled in place, like Match selection fills one.
    into.appendChild(frame);
    frame.x = 0;
    frame.y = 0;
  } else {
    const rect = await placeBeside({ width: request.width, height: request.height }, request.intoFrameId ?? request.besideNodeId);
    frame.x = rect.x;
    frame.y = rect.y;
    figma.currentPage.appendChild(frame);
  }
  revealIfOffScreen(frame);
  openDesign({ id: request.designId, frame, page: figma.currentPage, into: undefined });
  return { frameId: frame.id };
}

async function startRedesign(request: StartDesign, redesign: { frameId: string; path: string }): Promise<{ frameId: string }> {
  const original = await figma.getNodeByIdAsync(redesign.frameId);
  if (!original || isGone(original) || original.type !== 'FRAME') {
    throw new NamedError('DesignGone', 'The design to redesign was deleted.');
  }
  const copy = original.clone();
  const rect = await placeBeside({ width: original.width, height: original.height }, original.id);
  copy.x = rect.x;
  copy.y = rect.y;
  figma.currentPage.appendChild(copy);
  copy.name = buildingName(request.label);
  const old = copy.findOne((n) => n.getPluginData(DESIGN_PATH_KEY) === redesign.path);
  if (!old || !old.parent || !('layoutMode' in old.parent)) {
    copy.remove();
    throw new NamedError('SectionGone', 'That section is no longer in the design.');
  }
  const parent = old.parent as FrameNode;
  const index = parent.children.indexOf(old as SceneNode);
  old.remove();
  revealIfOffScreen(copy);
  openDesign({
    id: request.designId,
    frame: copy,
    page: figma.currentPage,
    into: { parent, index, path: redesign.path },
    parentId: original.id,
  });
  return { frameId: copy.id };
}

/** The frame to design into, if it is there, unlocked, empty and not laid out by auto layout. */
async function emptyFrame(id: string): Promise<FrameNode | undefined> {
  const node = await figma.getNodeByIdAsync(id);
  if (!node || isGone(node) || node.type !== 'FRAME') return undefined;
  if (node.locked || node.children.length > 0 || node.layoutMode !== 'NONE') return undefined;
  return node;
}

async function placeBeside(size: { width: number; height: number }, besideNodeId?: string): Promise<Rect> {
  const anchor = await anchorBeside(besideNodeId);
  return placeGrid({ cells: [size], anchor, center: figma.viewport.center, obstacles: obstaclesOn(figma.currentPage) })[0];
}

function revealIfOffScreen(frame: FrameNode): void {
  const view = figma.viewport.bounds;
  if (!intersects(boxOf(frame), view)) figma.viewport.scrollAndZoomIntoView([frame]);
}
