import type { NodeSummary } from '../../shared/messages/contract';
import { parseRatio } from '../../shared/models/capabilities';
import { TOOL_SPECS, type RefineTool } from '../../shared/tools';
import type { JobSpec } from './job-spec';
import { recipeModel } from '../../shared/recipe';
import { withoutDemoSuffix } from '../../shared/layer-name';
import { isOfficialPreset } from '../../shared/models/catalogue';

/** What the Refine controls hold. */
export interface RefineOptions {
  prompt: string;
  strength: number;
  count: number;
  /** A `w:h` ratio, or 'frame' to fill the frame the image sits in. */
  expandTo: string;
  scale: number;
}

const FALLBACK_PROMPT: Partial<Record<RefineTool, string>> = {
  vary: 'A close variation of this image',
  expand: 'Extend the scene naturally, matching its style and lighting',
};

/**
 * Turns a tool, the selection and the Refine controls into a job, or says in one sentence
 * what the selection is missing. Pure, so every rule here is tested without a canvas.
 */
export function refineSpec(tool: RefineTool, selection: NodeSummary[], options: RefineOptions): JobSpec | { problem: string } {
  const spec = TOOL_SPECS[tool];
  const picked = pickSource(tool, selection);
  if ('problem' in picked) return picked;
  const { source, mask } = picked;

  const typed = options.prompt.trim();
  const prompt = typed || source.recipe?.prompt || FALLBACK_PROMPT[tool] || '';
  const base = {
    tool,
    count: spec.count > 1 ? Math.max(1, Math.min(8, Math.round(options.count))) : 1,
    besideNodeId: source.id,
    parentId: source.id,
    name: prompt && spec.prompt !== 'none' ? prompt : `${withoutDemoSuffix(source.name)} · ${spec.label}`,
  };

  // "More like this" for a generated layer: its own recipe again, with new seeds.
  if (tool === 'vary' && source.recipe && !source.recipe.input.image && !typed) {
    const recipe = source.recipe;
    return {
      ...base,
      model: recipeModel(recipe, isOfficialPreset),
      prompt: recipe.prompt,
      name: recipe.prompt,
      shape: { kind: 'size', width: source.width, height: source.height },
      baseInput: recipe.input,
    };
  }

  let shape: JobSpec['shape'] = { kind: 'size', width: source.width, height: source.height };
  let expand: NonNullable<JobSpec['source']>['expand'];
  if (tool === 'expand') {
    if (options.expandTo === 'frame') {
      expand = { kind: 'frame' };
    } else {
      const ratio = parseRatio(options.expandTo);
      if (!ratio) return { problem: 'Pick a ratio to expand to.' };
      const size = enclosing(source.width, source.height, ratio);
      if (size.width <= source.width + 0.5 && size.height <= source.height + 0.5) {
        return { problem: `The image is already ${options.expandTo}; pick a ratio with more room.` };
      }
      expand = { kind: 'size', ...size };
      shape = { kind: 'size', ...size };
    }
  }

  return {
    ...base,
    model: spec.model,
    prompt: spec.prompt === 'none' ? '' : prompt,
    shape,
    source: { nodeId: source.id, ...(mask ? { maskNodeId: mask.id } : {}), ...(expand ? { expand } : {}) },
    ...(spec.strength !== undefined ? { strength: options.strength } : {}),
    ...(tool === 'upscale' ? { scale: options.scale } : {}),
  };
}

function pickSource(
  tool: RefineTool,
  selection: NodeSummary[],
): { source: NodeSummary; mask?: NodeSummary } | { problem: string } {
  if (tool === 'inpaint') {
    if (selection.length !== 2) {
      return { problem: 'Draw a shape over the part to repaint, then select the image and the shape together.' };
    }
    const [a, b] = selection;
    const image = a.hasImage && !b.hasImage ? a : b.hasImage && !a.hasImage ? b : a.width * a.height >= b.width * b.height ? a : b;
    return { source: image, mask: image === a ? b : a };
  }
  if (selection.length === 0) return { problem: 'Select an image, a sketch or a frame to refine.' };
  if (selection.length > 1) return { problem: 'Select one layer (group several layers first to use them together).' };
  const [source] = selection;
  if ((tool === 'upscale' || tool === 'remove-background' || tool === 'edit') && !source.hasImage && !source.recipe) {
    return { problem: `${TOOL_SPECS[tool].label} works on an image: select a layer with an image fill.` };
  }
  return { source };
}

/** The smallest box of ratio `r` that contains a `w`×`h` box. */
function enclosing(w: number, h: number, r: number): { width: number; height: number } {
  return w / h < r ? { width: Math.round(h * r), height: h } : { width: w, height: Math.round(w / r) };
}
