import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import { DESIGN_RECIPE_KEY, serializeDesignRecipe } from '../../shared/design/recipe';
import { layerName } from '../../shared/layer-name';
import { boxOf, isGone, pageOf } from '../node-info';
import { rememberResults } from '../placement/runs';
import { closeDesign, getDesign } from './design-sessions';
import { commitUndoStep } from '../undo-step';

type FinishDesign = PayloadOf<PluginRequests, 'finishDesign'>;

/** Relaunch buttons on a generated design's frame (see manifest.json). */
export const DESIGN_RELAUNCH = {
  'regenerate-design': 'A new alternative of this design beside it',
  'new-images': 'Generate this design’s images again',
  open: 'Generate more with Diffusion',
} as const;

/**
 * Ends a design. Done: it takes its title, keeps its recipe, gets its relaunch buttons, is
 * selected, and the whole build is one undo step. Canceled or failed: the frame goes, so
 * no half-built design is left on the canvas.
 */
export async function finishDesign(request: FinishDesign): Promise<{ frameId?: string }> {
  const session = getDesign(request.designId);
  if (!session) return {};
  closeDesign(request.designId);
  const { frame } = session;
  if (isGone(frame)) return {};
  if (request.outcome !== 'done' || !request.recipe) {
    frame.remove();
    return {};
  }
  const { recipe } = request;
  frame.name = layerName(recipe.spec?.title ?? recipe.prompt, { demo: recipe.demo });
  frame.setPluginData(DESIGN_RECIPE_KEY, serializeDesignRecipe({ ...recipe, ...(session.parentId ? { parentId: session.parentId } : {}) }));
  frame.setRelaunchData({ ...DESIGN_RELAUNCH });
  if (pageOf(frame) === session.page) {
    session.page.selection = [frame];
    if (session.page === figma.currentPage) rememberResults(boxOf(frame));
  }
  commitUndoStep();
  return { frameId: frame.id };
}
