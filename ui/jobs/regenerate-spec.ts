import { isOfficialPreset } from '../../shared/models/catalogue';
import { recipeModel, type Recipe } from '../../shared/recipe';
import { isRefineTool } from '../../shared/tools';
import { cellLabel } from '../../shared/explore/cell-name';
import type { JobSpec } from './job-spec';

/**
 * "Regenerate" on a layer: its recipe again with a new seed, placed beside it. A recipe
 * made from another layer (inpaint, edit, upscale…) is run again from that layer, because
 * the images it sent are gone (Replicate keeps inputs an hour; the recipe keeps no pixels).
 */
export function regenerateSpec(nodeId: string, recipe: Recipe, size?: { width: number; height: number }): JobSpec {
  const base: JobSpec = {
    tool: 'regenerate',
    model: recipeModel(recipe, isOfficialPreset),
    prompt: recipe.prompt,
    count: 1,
    shape: size ? { kind: 'size', ...size } : { kind: 'ratio', ratio: '1:1' },
    besideNodeId: nodeId,
    parentId: nodeId,
    baseInput: recipe.input,
    // Its reference layers are exported again (the controller sends only ones shown on this page).
    ...(recipe.references?.length ? { references: recipe.references } : {}),
  };
  if (recipe.axes && !isRefineTool(recipe.tool)) {
    // An Explore cell again, beside it: its axis values kept (its seed too, when the seed
    // is one of them), named like its neighbours.
    const keepSeed = recipe.axes.seed !== undefined && recipe.seed !== undefined;
    return {
      ...base,
      cells: [{ prompt: recipe.prompt, model: base.model, axes: recipe.axes, label: cellLabel(recipe.axes, recipe.model), ...(keepSeed ? { seed: recipe.seed } : {}) }],
    };
  }
  if (!isRefineTool(recipe.tool) || !recipe.parentId || !sentAnImage(recipe.input)) return base;
  return {
    ...base,
    tool: recipe.tool,
    parentId: recipe.parentId,
    source: {
      nodeId: recipe.parentId,
      ...(recipe.maskId ? { maskNodeId: recipe.maskId } : {}),
      ...(recipe.tool === 'expand' && size ? { expand: { kind: 'size' as const, ...size } } : {}),
    },
  };
}

function sentAnImage(input: Record<string, unknown>): boolean {
  return Object.values(input).some(
    (value) => typeof value === 'string' && (/^(data:|https?:\/\/)/.test(value) || value === '(inline image omitted)'),
  );
}
