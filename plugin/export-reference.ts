import type { PayloadOf, ResultOf } from '../shared/messages/channel';
import type { PluginRequests } from '../shared/messages/contract';
import { NamedError } from '../shared/errors';
import { isGone } from './node-info';
import { seenOnCurrentPage } from './export-source';

type ExportReference = PayloadOf<PluginRequests, 'exportReference'>;
type Exported = ResultOf<PluginRequests, 'exportReference'>;

/** Scratch copies live far from anyone's work for the moment they exist. */
const SCRATCH_ORIGIN = { x: -1_000_000, y: -1_000_000 };
/** A small layer is exported at up to 2× for a crisp reference, never past maxSide. */
const MAX_SCALE = 2;

/**
 * A reference image from the canvas: a layer as the person sees it, or (`surrounding`) the
 * frame a result will go into, with that spot emptied. Emptied rather than kept: the spot
 * holds a grey placeholder or the image being replaced, and a model given it as a reference
 * copies it; empty, the frame gives only what the result should fit: its light and palette.
 */
export async function exportReference(request: ExportReference): Promise<Exported> {
  const node = await figma.getNodeByIdAsync(request.nodeId);
  if (!node || isGone(node) || node.type === 'PAGE' || node.type === 'DOCUMENT' || !('exportAsync' in node)) {
    throw new NamedError('ReferenceGone', 'A reference layer was deleted, so it was not sent.');
  }
  const scene = node as SceneNode;
  // The id can come from a recipe in the document, which anyone editing the file can write:
  // only what the person can see on this page is exported and uploaded.
  if (!seenOnCurrentPage(scene)) {
    throw new NamedError('ReferenceNotShown', `“${scene.name}” is hidden or on another page, so it was not sent as a reference.`);
  }
  if (!request.surrounding) return exportScaled(scene, request.maxSide);

  const frame = outermostFrame(scene);
  if (!frame) throw new NamedError('NoFrame', `“${scene.name}” is not inside a frame, so there was no frame to match.`);
  const copy = frame.clone();
  try {
    copy.x = SCRATCH_ORIGIN.x;
    copy.y = SCRATCH_ORIGIN.y;
    figma.currentPage.appendChild(copy);
    const spot = follow(copy, pathFrom(frame, scene));
    if (spot && !isGone(spot)) spot.remove();
    const exported = await exportScaled(copy, request.maxSide);
    return { ...exported, nodeId: frame.id };
  } finally {
    if (!isGone(copy)) copy.remove();
  }
}

async function exportScaled(node: SceneNode, maxSide: number): Promise<Exported> {
  const long = Math.max(node.width, node.height, 1);
  const scale = Math.min(MAX_SCALE, maxSide / long);
  const image = await node.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: scale } });
  return {
    image,
    width: Math.max(1, Math.round(node.width * scale)),
    height: Math.max(1, Math.round(node.height * scale)),
    nodeId: node.id,
  };
}

/** The frame the node sits in that sits on the page itself (a design's frame, a screen). */
function outermostFrame(node: SceneNode): FrameNode | undefined {
  let found: FrameNode | undefined;
  for (let at = node.parent; at && at.type !== 'PAGE' && at.type !== 'DOCUMENT'; at = at.parent) {
    if (at.type === 'FRAME') found = at as FrameNode;
  }
  return found;
}

/** Child indexes from `ancestor` down to `node`. */
function pathFrom(ancestor: BaseNode, node: SceneNode): number[] {
  const path: number[] = [];
  for (let at: BaseNode = node; at !== ancestor && at.parent; at = at.parent) {
    path.unshift((at.parent as ChildrenMixin).children.indexOf(at as SceneNode));
  }
  return path;
}

function follow(root: SceneNode, path: number[]): SceneNode | undefined {
  let at: SceneNode | undefined = root;
  for (const index of path) {
    at = at && 'children' in at ? (at as ChildrenMixin).children[index] : undefined;
  }
  return at === root ? undefined : at;
}
