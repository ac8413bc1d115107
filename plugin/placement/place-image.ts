import type { PayloadOf } from '../../shared/messages/channel';
import type { PlaceOutcome, PluginRequests } from '../../shared/messages/contract';
import { NamedError } from '../../shared/errors';
import { placeGrid, type Rect } from '../../shared/layout';
import { readImageInfo, FIGMA_IMAGE_FORMATS, FIGMA_MAX_IMAGE_SIDE } from '../../shared/images/image-info';
import { boxOf, canHoldFills, isGone, type FillableNode } from '../node-info';
import { writeRecipe } from '../recipe-store';
import { layerName } from '../../shared/layer-name';
import { PLACEHOLDER_KEY } from './placeholder';
import { getRun, type RunTarget } from './runs';

type PlaceImage = PayloadOf<PluginRequests, 'placeImage'>;

/**
 * Fills a run's target with an image as soon as it arrives. If the target was deleted or
 * locked meanwhile, the image still lands (in a new node) and the outcome says where.
 */
export async function placeImage(request: PlaceImage): Promise<PlaceOutcome> {
  const image = createFigmaImage(request.bytes);
  const run = getRun(request.runId);
  const target = run?.targets.get(request.nodeId);
  const found = await figma.getNodeByIdAsync(request.nodeId);

  let node: FillableNode;
  let note: string | undefined;
  if (isGone(found) || !found || !('type' in found) || !canHoldFills(found as SceneNode)) {
    node = createResultNode(fallbackRect(target, request));
    note = 'Its placeholder was deleted, so the image was placed on its own.';
  } else if ((found as SceneNode).locked) {
    const locked = found as SceneNode;
    node = createResultNode(besideRect(boxOf(locked), request));
    note = `"${locked.name}" is locked, so the image was placed beside it.`;
  } else {
    node = found as FillableNode;
  }

  const kind = node === found ? (target?.kind ?? 'placeholder') : 'placeholder';
  node.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  if (kind === 'placeholder') {
    // Keep the placeholder's width and take the image's true proportions.
    const height = Math.max(1, Math.round((node.width * request.height) / request.width));
    if ('resize' in node) (node as RectangleNode).resize(node.width, height);
    node.name = request.name || layerName(request.recipe.prompt);
  }
  node.setPluginData(PLACEHOLDER_KEY, '');
  writeRecipe(node, request.recipe);

  if (target) target.state = 'placed';
  run?.placed.push(node.id);
  return note ? { nodeId: node.id, note } : { nodeId: node.id };
}

function createFigmaImage(bytes: Uint8Array): Image {
  const info = readImageInfo(bytes);
  if (!FIGMA_IMAGE_FORMATS.includes(info.format)) {
    throw new NamedError('UnsupportedImage', `Figma can't place ${info.format.toUpperCase()} images; expected PNG, JPEG or GIF.`);
  }
  if (info.width > FIGMA_MAX_IMAGE_SIDE || info.height > FIGMA_MAX_IMAGE_SIDE) {
    throw new NamedError('ImageTooLarge', `The image is ${info.width}×${info.height}; Figma takes at most ${FIGMA_MAX_IMAGE_SIDE} px a side.`);
  }
  return figma.createImage(bytes);
}

function createResultNode(rect: Rect): RectangleNode {
  const node = figma.createRectangle();
  node.resize(rect.width, rect.height);
  node.x = rect.x;
  node.y = rect.y;
  figma.currentPage.appendChild(node);
  return node;
}

function fallbackRect(target: RunTarget | undefined, request: PlaceImage): Rect {
  if (target && target.kind === 'placeholder') {
    const free = placeGrid({ cells: [target.rect], anchor: undefined, center: centerOf(target.rect), obstacles: obstacles() });
    return free[0];
  }
  if (target) return besideRect(target.rect, request);
  return placeGrid({ cells: [naturalSize(request)], center: figma.viewport.center, obstacles: obstacles() })[0];
}

function besideRect(anchor: Rect, request: PlaceImage): Rect {
  const size = { width: anchor.width, height: Math.round((anchor.width * request.height) / request.width) };
  return placeGrid({ cells: [size], anchor, obstacles: obstacles() })[0];
}

function naturalSize(request: PlaceImage) {
  return { width: request.width, height: request.height };
}

function centerOf(rect: Rect) {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

function obstacles(): Rect[] {
  return figma.currentPage.children.filter((n) => n.visible).map(boxOf);
}
