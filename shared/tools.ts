/**
 * The refinement tools, as data. Each is a job like any other (same runner, placement,
 * recipe and messages); what differs is the default model, what it needs from the
 * selection, and which panel controls it shows. Field names still come from each model's
 * schema (capabilities.ts), so swapping a tool's model needs no code.
 */
export const REFINE_TOOLS = ['vary', 'img2img', 'edit', 'inpaint', 'expand', 'upscale', 'remove-background', 'vectorize', 'layerize'] as const;
export type RefineTool = (typeof REFINE_TOOLS)[number];

export interface ToolSpec {
  id: RefineTool;
  label: string;
  hint: string;
  /** The default model: the first of `models`. */
  model: string;
  /**
   * The models the Refine tab offers for this tool, default first (presets in
   * shared/models/catalogue.ts); each is driven by its own schema, so any works.
   */
  models?: readonly string[];
  /** 'required': the panel asks for it; 'optional': a fallback is used when empty; 'none': hidden. */
  prompt: 'required' | 'optional' | 'none';
  promptLabel: string;
  /** Default for the model's strength field (how far the result may stray). */
  strength?: number;
  needsMask?: boolean;
  /** Inputs are scaled down so their longest side is at most this, in pixels. */
  maxInputSide: number;
  /** Variants by default. */
  count: number;
  /** Output formats in order of preference, where the default (JPEG first) would lose alpha. */
  outputFormats?: readonly string[];
  /**
   * What it runs on: 'each' selected layer on its own (one job per layer, each result beside
   * its own source); 'one' layer (several would be ambiguous: group them first); or an
   * 'image-and-mask' pair.
   */
  selects: 'each' | 'one' | 'image-and-mask';
  /** What its results are called after the source's name or prompt ("Fox · No background"). */
  nameSuffix: string;
}

export const TOOL_SPECS: Record<RefineTool, ToolSpec> = {
  vary: {
    id: 'vary', label: 'Vary', hint: 'More like this: the same recipe with new seeds, or a close variation of any image',
    model: 'black-forest-labs/flux-dev', prompt: 'optional', promptLabel: 'Prompt', strength: 0.35, maxInputSide: 1536, count: 4, selects: 'each', nameSuffix: 'Vary',
  },
  img2img: {
    id: 'img2img', label: 'Image to image', hint: 'Render the selection (a sketch, wireframe, photo or group) from a prompt',
    model: 'black-forest-labs/flux-dev', models: ['black-forest-labs/flux-dev', 'black-forest-labs/flux-2-pro', 'google/nano-banana'],
    prompt: 'required', promptLabel: 'Prompt', strength: 0.8, maxInputSide: 1536, count: 2, selects: 'one', nameSuffix: 'Image to image',
  },
  edit: {
    id: 'edit', label: 'Edit', hint: 'Change the image by instruction: “make it night”, “remove the text”',
    // Checked on Replicate 2026-12-01 (catalogue.ts); Kontext stays as the older choice.
    model: 'google/nano-banana', models: ['google/nano-banana', 'google/nano-banana-pro', 'bytedance/seedream-4', 'black-forest-labs/flux-2-pro', 'black-forest-labs/flux-kontext-pro'],
    prompt: 'required', promptLabel: 'Instruction', maxInputSide: 1536, count: 1, selects: 'each', nameSuffix: 'Edit',
  },
  inpaint: {
    id: 'inpaint', label: 'Inpaint', hint: 'Draw a shape over the image, select both: the part under the shape is repainted',
    model: 'black-forest-labs/flux-fill-pro', models: ['black-forest-labs/flux-fill-pro', 'ideogram-ai/ideogram-v3-quality', 'ideogram-ai/ideogram-v3-turbo'],
    prompt: 'required', promptLabel: 'Prompt', needsMask: true, maxInputSide: 1536, count: 2, selects: 'image-and-mask', nameSuffix: 'Inpaint',
  },
  expand: {
    id: 'expand', label: 'Expand', hint: 'Generate around the image: to a larger ratio, or to fill the frame it sits in',
    model: 'black-forest-labs/flux-fill-pro', prompt: 'optional', promptLabel: 'Prompt', maxInputSide: 1536, count: 1, selects: 'each', nameSuffix: 'Expand',
  },
  upscale: {
    id: 'upscale', label: 'Upscale', hint: 'More pixels at the same size on the canvas (Figma takes at most 4096 px a side)',
    model: 'nightmareai/real-esrgan', prompt: 'none', promptLabel: 'Prompt', maxInputSide: 2048, count: 1, selects: 'each', nameSuffix: 'Upscale',
    // An upscaled logo or cut-out keeps its transparency.
    outputFormats: ['png', 'webp'],
  },
  'remove-background': {
    id: 'remove-background', label: 'Remove background', hint: 'Cut out the subject; the result keeps transparency',
    model: 'bria/remove-background', models: ['bria/remove-background', '851-labs/background-remover'], prompt: 'none', promptLabel: 'Prompt', maxInputSide: 2048, count: 1, selects: 'each', nameSuffix: 'No background',
    outputFormats: ['png', 'webp'],
  },
  vectorize: {
    id: 'vectorize', label: 'Vectorize', hint: 'Trace the image into editable vectors (SVG) beside it: best on flat logos and icons',
    // Recraft's vectorizer takes images up to 4096 px and 16 MP; 2048 keeps uploads small.
    model: 'recraft-ai/recraft-vectorize', prompt: 'none', promptLabel: 'Prompt', maxInputSide: 2048, count: 1, selects: 'each', nameSuffix: 'Vectors',
  },
  layerize: {
    id: 'layerize', label: 'Split into layers', hint: 'Lettering becomes real text layers over a text-free image, in a frame beside it',
    // replicate.com/ideogram-ai/layerize: `flat_graphic_image` (max 10 MB) and an optional guiding prompt.
    model: 'ideogram-ai/layerize', prompt: 'optional', promptLabel: 'What the text says (optional)', maxInputSide: 2048, count: 1, selects: 'each', nameSuffix: 'Layers',
  },
};

/** What the Refine tab offers for a tool, default first. */
export function toolModels(tool: RefineTool): readonly string[] {
  const spec = TOOL_SPECS[tool];
  return spec.models?.length ? spec.models : [spec.model];
}

export function isRefineTool(value: string): value is RefineTool {
  return (REFINE_TOOLS as readonly string[]).includes(value);
}
