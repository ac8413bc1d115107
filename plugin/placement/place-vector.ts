import type { PlaceOutcome } from '../../shared/messages/contract';
import type { Placement } from '../../shared/messages/placement-messages';
import { NamedError } from '../../shared/errors';
import { layerName } from '../../shared/layer-name';
import { uncleanSvgReason } from '../../shared/images/svg';
import { writeRecipe } from '../recipe-store';
import { PLACEHOLDER_KEY } from './placeholder';
import { markPlaced, resolveTarget } from './resolve-target';

type VectorPlacement = Extract<Placement, { kind: 'vector' }>;

/**
 * An SVG result becomes editable vectors. It takes its placeholder's spot (the placeholder
 * goes); in a selected frame it is added inside, scaled to cover; a selected shape that
 * cannot hold children gets it laid on top, at the same size.
 */
export async function placeVector(runId: string, request: VectorPlacement): Promise<PlaceOutcome> {
  // The panel rebuilt the SVG from an allow-list (ui/images/sanitize-svg.ts); this only
  // refuses anything that plainly did not come out of it.
  const unclean = uncleanSvgReason(request.svg);
  if (unclean) {
    throw new NamedError('UnsafeSvg', `The model's SVG was not cleaned by the panel (${unclean}), so it was not placed.`);
  }
  let vectors: FrameNode;
  try {
    vectors = figma.createNodeFromSvg(request.svg);
  } catch {
    throw new NamedError('UnsupportedImage', "The model's SVG could not be turned into Figma vectors.");
  }
  const destination = await resolveTarget({ runId, ...request });
  const { node: target } = destination;
  const box = { x: target.x, y: target.y, width: target.width, height: target.height };
  const scale = destination.kind === 'placeholder'
    ? box.width / vectors.width
    : Math.max(box.width / vectors.width, box.height / vectors.height);
  vectors.rescale(scale);
  vectors.name = request.name || layerName(request.recipe.prompt);

  if (destination.kind === 'selection' && target.type === 'FRAME') {
    (target as FrameNode).appendChild(vectors);
    vectors.x = (box.width - vectors.width) / 2;
    vectors.y = (box.height - vectors.height) / 2;
  } else {
    const parent = target.parent ?? figma.currentPage;
    (parent as ChildrenMixin).insertChild((parent as ChildrenMixin).children.indexOf(target) + 1, vectors);
    vectors.x = box.x;
    vectors.y = box.y;
    if (destination.kind === 'placeholder' && target.getPluginData(PLACEHOLDER_KEY)) target.remove();
  }
  writeRecipe(vectors, request.recipe);
  markPlaced(destination, vectors.id);
  return destination.note ? { nodeId: vectors.id, note: destination.note } : { nodeId: vectors.id };
}
