import type { NodeSummary } from '../../shared/messages/contract';
import { parseRatio } from '../../shared/models/capabilities';
import { TOOL_SPECS, toolModels, type RefineTool } from '../../shared/tools';
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
  /** Delete the inpainting mask shape once a result is placed (a checkbox, off by default). */
  deleteMask?: boolean;
  /** One of the tool's models (toolModels); its default when absent or not offered. */
  model?: string;
}

const FALLBACK_PROMPT: Partial<Record<RefineTool, string>> = {
  vary: 'A close variation of this image',
  expand: 'Extend the scene naturally, matching its style and lighting',
};

/**
 * Turns a tool, the selection and the Refine controls into jobs (one per selected layer
 * for tools that work per image, so each result lands beside its own source with its own
 * lineage), or says in one sentence what the selection is missing. Pure, so every rule
 * here is tested without a canvas.
 */
export function refineSpec(tool: RefineTool, selection: NodeSummary[], options: RefineOptions): JobSpec[] | { problem: string } {
  const picked = pickSources(tool, selection);
  if ('problem' in picked) return picked;
  const specs: JobSpec[] = [];
  for (const { source, mask } of picked) {
    const spec = specFor(tool, source, mask, options, picked.length > 1);
    if ('problem' in spec) return spec;
    specs.push(spec);
  }
  return specs;
}

function specFor(
  tool: RefineTool,
  source: NodeSummary,
  mask: NodeSummary | undefined,
  options: RefineOptions,
  several: boolean,
): JobSpec | { problem: string } {
  const spec = TOOL_SPECS[tool];
  const typed = options.prompt.trim();
  // A required prompt is never borrowed from the source's recipe: an old generation prompt
  // is not an instruction, and it would be paid for.
  if (spec.prompt === 'required' && !typed) {
    return { problem: spec.promptLabel === 'Instruction' ? 'Type an instruction first, like “make it night”.' : 'Type a prompt first.' };
  }
  const prompt = typed || source.recipe?.prompt || FALLBACK_PROMPT[tool] || '';
  const base = {
    tool,
    count: spec.count > 1 ? Math.max(1, Math.min(8, Math.round(options.count))) : 1,
    besideNodeId: source.id,
    parentId: source.id,
    // A typed prompt says what changed; otherwise the result is a version of its source.
    name: typed && spec.prompt !== 'none' ? typed : withoutDemoSuffix(source.name),
    nameSuffix: tool === 'upscale' ? `${spec.nameSuffix} ${options.scale}×` : spec.nameSuffix,
  };

  // "More like this" for a generated layer: its own recipe again, with new seeds.
  if (tool === 'vary' && source.recipe?.model && !source.recipe.input.image && !typed) {
    const recipe = source.recipe;
    return {
      ...base,
      model: recipeModel(recipe, isOfficialPreset),
      prompt: recipe.prompt,
      shape: { kind: 'size', width: source.width, height: source.height },
      baseInput: recipe.input,
      // An Explore cell's variations keep its axis values.
      ...(recipe.axes ? { axes: recipe.axes } : {}),
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
        const what = several ? `“${source.name}” is` : 'The image is';
        return { problem: `${what} already ${options.expandTo}; pick a ratio with more room.` };
      }
      expand = { kind: 'size', ...size };
      shape = { kind: 'size', ...size };
    }
  }

  return {
    ...base,
    model: options.model && toolModels(tool).includes(options.model) ? options.model : spec.model,
    prompt: spec.prompt === 'none' ? '' : prompt,
    shape,
    source: {
      nodeId: source.id,
      ...(mask ? { maskNodeId: mask.id } : {}),
      ...(mask && options.deleteMask ? { deleteMask: true } : {}),
      ...(expand ? { expand } : {}),
    },
    ...(spec.strength !== undefined ? { strength: options.strength } : {}),
    ...(tool === 'upscale' ? { scale: options.scale } : {}),
  };
}

type Picked = { source: NodeSummary; mask?: NodeSummary };

function pickSources(tool: RefineTool, selection: NodeSummary[]): Picked[] | { problem: string } {
  const spec = TOOL_SPECS[tool];
  if (spec.selects === 'image-and-mask') {
    if (selection.length !== 2) {
      const had = selection.length === 0 ? '' : ` (${selection.length} ${selection.length === 1 ? 'layer is' : 'layers are'} selected)`;
      return {
        problem: `${spec.label} needs exactly two layers${had}: draw a shape over the part to repaint, then select the image and the shape together.`,
      };
    }
    const [a, b] = selection;
    const image = a.hasImage && !b.hasImage ? a : b.hasImage && !a.hasImage ? b : a.width * a.height >= b.width * b.height ? a : b;
    return [{ source: image, mask: image === a ? b : a }];
  }
  const needsImage = tool === 'upscale' || tool === 'remove-background' || tool === 'edit' || tool === 'vectorize';
  if (selection.length === 0) {
    return { problem: needsImage ? `Select one or more images to ${spec.label.toLowerCase()}.` : 'Select an image, a sketch or a frame to refine.' };
  }
  if (spec.selects === 'one' && selection.length > 1) {
    return {
      problem: `${spec.label} works on one layer and ${selection.length} are selected: select one, or group several layers first to use them together.`,
    };
  }
  const notImages = needsImage ? selection.filter((node) => !node.hasImage && !node.recipe) : [];
  if (notImages.length > 0) {
    const which = selection.length === 1 ? 'select a layer with an image fill' : `“${notImages[0].name}” has none; deselect it`;
    return { problem: `${spec.label} works on an image: ${which}.` };
  }
  return selection.map((source) => ({ source }));
}

/** The smallest box of ratio `r` that contains a `w`×`h` box. */
function enclosing(w: number, h: number, r: number): { width: number; height: number } {
  return w / h < r ? { width: Math.round(h * r), height: h } : { width: w, height: Math.round(w / r) };
}
