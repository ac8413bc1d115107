import type { PayloadOf, ResultOf } from '../shared/messages/channel';
import type { PluginRequests } from '../shared/messages/contract';
import { NamedError } from '../shared/errors';
import { boxOf, canHoldFills, isGone } from './node-info';

type ExportSource = PayloadOf<PluginRequests, 'exportSource'>;
type Exported = ResultOf<PluginRequests, 'exportSource'>;
type Box = { x: number; y: number; width: number; height: number };

const KEEP: Record<'white' | 'black', RGB> = { white: { r: 0, g: 0, b: 0 }, black: { r: 1, g: 1, b: 1 } };
const REPAINT: Record<'white' | 'black', RGB> = { white: { r: 1, g: 1, b: 1 }, black: { r: 0, g: 0, b: 0 } };
/** Scratch frames live far from anyone's work for the moment they exist. */
const SCRATCH_ORIGIN = { x: -1_000_000, y: -1_000_000 };

/**
 * Exports what a refinement starts from, as the person sees it on the canvas. The image and
 * its mask are exported from same-sized frames at the same scale, so their pixel sizes match.
 */
export async function exportSource(request: ExportSource): Promise<Exported> {
  const source = await getSource(request.sourceId);
  const { outer, inner } = expandGeometry(source, request);
  const scale = Math.min(await pixelScale(source), request.maxSide / Math.max(outer.width, outer.height));
  const constraint: ExportSettingsConstraints = { type: 'SCALE', value: scale };

  const scratch: SceneNode[] = [];
  try {
    let image: Uint8Array;
    if (request.expand?.kind === 'size') {
      const canvas = scratchFrame(outer, { r: 0.5, g: 0.5, b: 0.5 }, scratch);
      const copy = source.clone();
      canvas.appendChild(copy);
      copy.x = inner.x;
      copy.y = inner.y;
      image = await canvas.exportAsync({ format: 'PNG', constraint });
    } else {
      image = await source.exportAsync({ format: 'PNG', constraint });
    }

    let mask: Uint8Array | undefined;
    if (request.maskId) {
      mask = await exportMask(source, await getMaskShape(request.maskId, source), request.maskRepaint, constraint, scratch);
    } else if (request.expand) {
      const frame = scratchFrame(outer, REPAINT[request.maskRepaint], scratch);
      const keep = figma.createRectangle();
      frame.appendChild(keep);
      keep.resize(inner.width, inner.height);
      keep.x = inner.x;
      keep.y = inner.y;
      keep.fills = [{ type: 'SOLID', color: KEEP[request.maskRepaint] }];
      mask = await frame.exportAsync({ format: 'PNG', constraint });
    }
    return {
      image,
      width: Math.round(outer.width * scale),
      height: Math.round(outer.height * scale),
      ...(mask ? { mask } : {}),
      box: { width: outer.width, height: outer.height },
    };
  } finally {
    for (const node of scratch) if (!isGone(node)) node.remove();
  }
}

async function getSource(id: string): Promise<SceneNode> {
  const node = await figma.getNodeByIdAsync(id);
  if (!node || isGone(node) || !('exportAsync' in node) || node.type === 'PAGE') {
    throw new NamedError('SourceGone', 'The selected layer is gone. Select an image and try again.');
  }
  // The id can come from a recipe in the document, which anyone editing the file can write:
  // only what the person can see is exported and uploaded, never a layer elsewhere.
  if (!seenOnCurrentPage(node as SceneNode)) {
    throw new NamedError('SourceNotShown', 'The layer it starts from is hidden or on another page. Show it on this page and try again.');
  }
  return node as SceneNode;
}

function onCurrentPage(node: SceneNode): boolean {
  let at: BaseNode | null = node;
  while (at && at.type !== 'PAGE') at = at.parent;
  return at?.id === figma.currentPage.id;
}

/** On the page the person is looking at, and neither it nor anything around it hidden. */
export function seenOnCurrentPage(node: SceneNode): boolean {
  for (let at: BaseNode | null = node; at; at = at.parent) {
    if (at.type === 'PAGE') return at.id === figma.currentPage.id;
    if ('visible' in at && !(at as SceneNode).visible) return false;
  }
  return false;
}

async function getMaskShape(id: string, source: SceneNode): Promise<SceneNode> {
  const shape = await figma.getNodeByIdAsync(id);
  if (!shape || isGone(shape) || !('absoluteBoundingBox' in shape)) {
    throw new NamedError('MaskGone', 'The shape drawn for the mask is gone. Draw one over the image and select both.');
  }
  if (!onCurrentPage(shape as SceneNode)) {
    throw new NamedError('MaskGone', 'The shape drawn for the mask is on another page. Draw one over the image and select both.');
  }
  const a = boxOf(shape as SceneNode);
  const b = boxOf(source);
  const overlaps = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  if (!overlaps) throw new NamedError('MaskOutside', 'The mask shape does not overlap the image. Draw it over the part to repaint.');
  return shape as SceneNode;
}

/** The shape's outline, in the repaint colour, on a keep-coloured frame the size of the source. */
async function exportMask(
  source: SceneNode,
  shape: SceneNode,
  repaint: 'white' | 'black',
  constraint: ExportSettingsConstraints,
  scratch: SceneNode[],
): Promise<Uint8Array> {
  const sourceBox = boxOf(source);
  const frame = scratchFrame({ width: sourceBox.width, height: sourceBox.height }, KEEP[repaint], scratch);
  const outline = shape.clone();
  frame.appendChild(outline);
  const shapeBox = boxOf(shape);
  outline.x = shapeBox.x - sourceBox.x;
  outline.y = shapeBox.y - sourceBox.y;
  if (canHoldFills(outline)) outline.fills = [{ type: 'SOLID', color: REPAINT[repaint] }];
  if ('strokes' in outline) outline.strokes = [];
  if ('opacity' in outline) outline.opacity = 1;
  return frame.exportAsync({ format: 'PNG', constraint });
}

function scratchFrame(size: { width: number; height: number }, color: RGB, scratch: SceneNode[]): FrameNode {
  const frame = figma.createFrame();
  scratch.push(frame);
  frame.resize(size.width, size.height);
  frame.x = SCRATCH_ORIGIN.x;
  frame.y = SCRATCH_ORIGIN.y;
  frame.fills = [{ type: 'SOLID', color }];
  frame.clipsContent = true;
  return frame;
}

function expandGeometry(source: SceneNode, request: ExportSource): { outer: Box; inner: Box } {
  const own = { x: 0, y: 0, width: source.width, height: source.height };
  if (!request.expand) return { outer: own, inner: own };
  if (request.expand.kind === 'size') {
    const { width, height } = request.expand;
    if (width < source.width || height < source.height) {
      throw new NamedError('ExpandTooSmall', 'Expand needs a larger size than the image.');
    }
    const inner = { x: (width - source.width) / 2, y: (height - source.height) / 2, width: source.width, height: source.height };
    return { outer: { x: 0, y: 0, width, height }, inner };
  }
  const child = source.type === 'FRAME' ? (source as FrameNode).children.find((c) => c.visible) : undefined;
  if (!child || (child.width >= source.width && child.height >= source.height)) {
    throw new NamedError('ExpandNeedsFrame', 'To expand into a frame, select a frame with a smaller image inside it.');
  }
  return { outer: own, inner: { x: child.x, y: child.y, width: child.width, height: child.height } };
}

/** Pixels per canvas unit: an image layer's own resolution, else 2× for a crisp export. */
async function pixelScale(node: SceneNode): Promise<number> {
  const target = node.type === 'FRAME' && !hasImage(node) ? (node as FrameNode).children.find(hasImage) : node;
  if (target && canHoldFills(target) && Array.isArray(target.fills)) {
    const paint = (target.fills as Paint[]).find((p): p is ImagePaint => p.type === 'IMAGE' && !!p.imageHash);
    const image = paint?.imageHash ? figma.getImageByHash(paint.imageHash) : null;
    if (image) {
      const size = await image.getSizeAsync();
      return Math.max(size.width / target.width, size.height / target.height);
    }
  }
  return 2;
}

function hasImage(node: SceneNode): boolean {
  return canHoldFills(node) && Array.isArray(node.fills) && (node.fills as Paint[]).some((p) => p.type === 'IMAGE');
}
