import { RECIPE_KEY, serializeRecipe, type Recipe } from '../shared/recipe';
import { recordGeneration } from './history-store';

/** Relaunch buttons shown on generated layers in Figma's properties panel (see manifest.json). */
export const RELAUNCH = {
  regenerate: 'Run this layer’s recipe again with a new seed',
  vary: 'More like this',
  upscale: 'More pixels, same size on the canvas',
  'remove-background': 'Cut out the subject',
  vectorize: 'Trace into editable vectors beside it',
  pick: 'Star or unstar this result as a pick',
  lineage: 'Select the layers this one was made from',
  open: 'Generate more with Diffusion',
} as const;

export function writeRecipe(node: SceneNode, recipe: Recipe): void {
  // A layer without a recipe has no entry in the history index to replace.
  const replacing = node.getPluginData(RECIPE_KEY) !== '';
  node.setPluginData(RECIPE_KEY, serializeRecipe(recipe));
  node.setRelaunchData({ ...RELAUNCH });
  // History lists what a model made; a local logo tool's layer names no model.
  if (recipe.model) recordGeneration(node, recipe, replacing);
}
