import type { PlaceOutcome } from '../../shared/messages/contract';
import type { Placement } from '../../shared/messages/placement-messages';
import { NamedError } from '../../shared/errors';
import { layerName } from '../../shared/layer-name';
import { readImageInfo, FIGMA_IMAGE_FORMATS, FIGMA_MAX_IMAGE_SIDE } from '../../shared/images/image-info';
import { writeRecipe } from '../recipe-store';
import { PLACEHOLDER_FIT_KEY, PLACEHOLDER_KEY, PLACEHOLDER_LABEL_KEY } from './placeholder';
import { markPlaced, resolveTarget } from './resolve-target';

type ImagePlacement = Extract<Placement, { kind: 'image' }>;

/** Fills a run's target with an image (see place-images.ts). */
export async function placeImage(runId: string, request: ImagePlacement): Promise<PlaceOutcome> {
  const image = createFigmaImage(request.bytes);
  const destination = await resolveTarget({ runId, ...request });
  const { node } = destination;
  node.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  if (destination.kind === 'placeholder') {
    // A placeholder made at a frame's size stays exactly that size (the image is cropped
    // to fill it); any other keeps its width and takes the image's true proportions, since
    // a model's sizes only approximate the ratio asked for (1216×832 for 3:2).
    if (!destination.exact) {
      const height = Math.max(1, Math.round((node.width * request.height) / request.width));
      if ('resize' in node) (node as RectangleNode).resize(node.width, height);
    }
    node.name = request.name || layerName(request.recipe.prompt);
    node.setPluginData(PLACEHOLDER_LABEL_KEY, '');
    node.setPluginData(PLACEHOLDER_FIT_KEY, '');
  }
  node.setPluginData(PLACEHOLDER_KEY, '');
  writeRecipe(node, request.recipe);
  markPlaced(destination, node.id);
  return destination.note ? { nodeId: node.id, note: destination.note } : { nodeId: node.id };
}

export function createFigmaImage(bytes: Uint8Array): Image {
  const info = readImageInfo(bytes);
  if (!FIGMA_IMAGE_FORMATS.includes(info.format)) {
    throw new NamedError('UnsupportedImage', `Figma can't place ${info.format.toUpperCase()} images; expected PNG, JPEG or GIF.`);
  }
  if (info.width > FIGMA_MAX_IMAGE_SIDE || info.height > FIGMA_MAX_IMAGE_SIDE) {
    throw new NamedError('ImageTooLarge', `The image is ${info.width}×${info.height}; Figma takes at most ${FIGMA_MAX_IMAGE_SIDE} px a side.`);
  }
  return figma.createImage(bytes);
}
