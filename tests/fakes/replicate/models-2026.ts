/**
 * The current presets' schemas (shared/models/catalogue.ts), as Replicate publishes them:
 * field names, types, enums, defaults and descriptions copied from each model's API page
 * (replicate.com/<owner>/<name>/versions/<id>/api) or, where noted, from a listing that
 * mirrors that page. Looked up on 2026-12-01. Where a page gave an enum's default but not
 * its values, the values are marked ASSUMED.
 *
 * Outputs are drawn by the same demo renderers as the older models (predictions.ts).
 */
import type { FieldSpec, ModelDef, OutputFormat, OutputPlan } from './models';
import { ideogramAspectRatio, ideogramImage, ideogramMagicPrompt, ideogramMask, ideogramPlan, ideogramResolution, ideogramStyleReferences, ideogramStyleType } from './ideogram-fields';

const fmt = (v: unknown, fallback: OutputFormat): OutputFormat =>
  v === 'jpg' || v === 'jpeg' ? 'jpeg' : v === 'png' || v === 'webp' ? v : fallback;

/** About `megapixels` MP at the ratio 'W:H', sides multiples of 16. */
function sizeAt(ratio: string, megapixels = 1): [number, number] {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(ratio);
  const r = m ? Number(m[1]) / Number(m[2]) : 1;
  const w = Math.sqrt(megapixels * 1024 * 1024 * r);
  return [Math.max(16, Math.round(w / 16) * 16), Math.max(16, Math.round(w / r / 16) * 16)];
}

/** 1K → 1, 2K → 4, 4K → 16 megapixels; '2 MP' → 2. */
function megapixelsOf(tier: unknown, fallback: number): number {
  const m = /^(\d+(?:\.\d+)?)\s*(K|MP)$/i.exec(String(tier ?? ''));
  if (!m) return fallback;
  return m[2].toUpperCase() === 'K' ? Number(m[1]) ** 2 : Number(m[1]);
}

function firstImage(input: Record<string, unknown>, field: string): boolean {
  const v = input[field];
  return Array.isArray(v) ? v.length > 0 : typeof v === 'string';
}

/** Edits follow the (first) input image; text-to-image draws at the asked ratio and tier. */
function referencePlan(
  input: Record<string, unknown>,
  opts: { images: string; format: OutputFormat; megapixels: number; count?: number; ratioField?: string },
): OutputPlan {
  const count = opts.count ?? 1;
  const ratio = String(input[opts.ratioField ?? 'aspect_ratio'] ?? '1:1');
  const transparent = input.background === 'transparent';
  if (firstImage(input, opts.images) && ratio === 'match_input_image') {
    return { count, format: opts.format, mode: 'edit', sizeFromInput: opts.images, inputFactor: 1 };
  }
  const [width, height] = sizeAt(ratio === 'match_input_image' ? '1:1' : ratio, opts.megapixels);
  return { count, format: opts.format, mode: 'synth', width, height, ...(transparent ? { transparent: true } : {}) };
}

const prompt = (description: string, required = true): FieldSpec => ({ name: 'prompt', type: 'string', description, required });
const seed: FieldSpec = { name: 'seed', type: 'integer', description: 'Random seed. Set for reproducible generation' };
const googleRatios = ['match_input_image', '1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
/** Google's image models' fields (Nano Banana, Nano Banana Pro, Imagen 4), worded as their pages word them. */
const googleAspectRatio = (ratios: string[], fallback: string): FieldSpec => ({
  name: 'aspect_ratio',
  type: 'string',
  enum: ratios,
  default: fallback,
  description: 'Aspect ratio of the generated image',
});
const googleImageInput = (supports: string): FieldSpec => ({
  name: 'image_input',
  type: 'uri[]',
  default: [],
  description: `Input images to transform or use as reference (supports ${supports})`,
});
const googleOutputFormat: FieldSpec = { name: 'output_format', type: 'string', enum: ['jpg', 'png'], default: 'jpg', description: 'Format of the output image' };
const safetyFilter: FieldSpec = {
  name: 'safety_filter_level',
  type: 'string',
  enum: ['block_low_and_above', 'block_medium_and_above', 'block_only_high'],
  default: 'block_only_high',
  description:
    'block_low_and_above is strictest, block_medium_and_above blocks some prompts, block_only_high is most permissive but some prompts will still be blocked',
};

export const MODELS_2026: ModelDef[] = [
  {
    // replicate.com/black-forest-labs/flux-2-pro/versions/285631b5…/api. aspect_ratio and
    // resolution values ASSUMED beyond the documented 'match_input_image', 'custom', '1 MP', up to 4 MP.
    owner: 'black-forest-labs',
    name: 'flux-2-pro',
    description: 'High-quality image generation and editing with support for eight reference images',
    runCount: 4567890,
    versionCreatedAt: '2025-11-25T12:00:00.000000Z',
    cogVersion: '0.16.8',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt('Text prompt for image generation'),
      {
        name: 'input_images',
        type: 'uri[]',
        default: [],
        description: 'List of input images for image-to-image generation. Maximum 8 images. Must be jpeg, png, gif, or webp.',
      },
      {
        name: 'aspect_ratio',
        type: 'string',
        enum: ['match_input_image', 'custom', '1:1', '16:9', '3:2', '2:3', '4:5', '5:4', '9:16', '3:4', '4:3'],
        default: '1:1',
        description: "Aspect ratio for the generated image. Use 'match_input_image' to match the first input image's aspect ratio.",
      },
      {
        name: 'resolution',
        type: 'string',
        enum: ['match_input_image', '0.5 MP', '1 MP', '2 MP', '4 MP'],
        default: '1 MP',
        description:
          "Resolution in megapixels. Up to 4 MP is possible, but 2 MP or below is recommended. The maximum image size is 2048x2048, which means that high-resolution images may not respect the resolution if aspect ratio is not 1:1. Resolution is not used when aspect_ratio is 'custom'. When aspect_ratio is 'match_input_image', use 'match_input_image' to match the input image's resolution (clamped to 0.5-4 MP).",
      },
      {
        name: 'width',
        type: 'integer',
        minimum: 256,
        maximum: 2048,
        description: "Width of the generated image. Only used when aspect_ratio=custom. Must be a multiple of 32 (if it's not, it will be rounded to nearest multiple of 32).",
      },
      {
        name: 'height',
        type: 'integer',
        minimum: 256,
        maximum: 2048,
        description: "Height of the generated image. Only used when aspect_ratio=custom. Must be a multiple of 32 (if it's not, it will be rounded to nearest multiple of 32).",
      },
      { name: 'safety_tolerance', type: 'integer', default: 2, minimum: 1, maximum: 5, description: 'Safety tolerance, 1 is most strict and 5 is most permissive' },
      seed,
      { name: 'output_format', type: 'string', enum: ['webp', 'jpg', 'png'], default: 'webp', description: 'Format of the output images.' },
      {
        name: 'output_quality',
        type: 'integer',
        default: 80,
        minimum: 0,
        maximum: 100,
        description: 'Quality when saving the output images, from 0 to 100. 100 is best quality, 0 is lowest quality. Not relevant for .png outputs',
      },
    ],
    plan: (input) => {
      if (input.aspect_ratio === 'custom') {
        const r32 = (n: unknown) => Math.max(256, Math.round((typeof n === 'number' ? n : 1024) / 32) * 32);
        return { count: 1, format: fmt(input.output_format, 'webp'), mode: 'synth', width: r32(input.width), height: r32(input.height) };
      }
      return referencePlan(input, { images: 'input_images', format: fmt(input.output_format, 'webp'), megapixels: megapixelsOf(input.resolution, 1) });
    },
  },
  {
    // replicate.com/google/nano-banana/versions/f0a9d34b…/api (prompt, image_input, output_format);
    // aspect_ratio as listed for the Replicate model by api.core.today (default 1:1).
    owner: 'google',
    name: 'nano-banana',
    description: "Google's latest image editing model in Gemini 2.5",
    runCount: 23456789,
    versionCreatedAt: '2025-08-26T12:00:00.000000Z',
    cogVersion: '0.16.3',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt('A text description of the image you want to generate'),
      googleImageInput('multiple images'),
      googleAspectRatio(googleRatios, '1:1'),
      googleOutputFormat,
    ],
    plan: (input) => referencePlan(input, { images: 'image_input', format: fmt(input.output_format, 'jpeg'), megapixels: 1 }),
  },
  {
    // replicate.com/google/nano-banana-pro/versions/f5318740…/api; enum values as listed by api.core.today.
    owner: 'google',
    name: 'nano-banana-pro',
    description: "Google's state of the art image generation and editing model built on Gemini 3 Pro",
    runCount: 3456789,
    versionCreatedAt: '2025-11-20T12:00:00.000000Z',
    cogVersion: '0.16.8',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt('A text description of the image you want to generate'),
      googleImageInput('up to 14 images'),
      googleAspectRatio(googleRatios, 'match_input_image'),
      { name: 'resolution', type: 'string', enum: ['1K', '2K', '4K'], default: '2K', description: 'Resolution of the generated image' },
      googleOutputFormat,
      safetyFilter,
    ],
    plan: (input) =>
      referencePlan(input, { images: 'image_input', format: fmt(input.output_format, 'jpeg'), megapixels: megapixelsOf(input.resolution, 4) }),
  },
  {
    // replicate.com/bytedance/seedream-4/versions/e6cff243…/api and 3ee3b70d…/api (enum values there).
    owner: 'bytedance',
    name: 'seedream-4',
    description: 'Unified text-to-image generation and precise single-sentence editing at up to 4K resolution',
    runCount: 3600000,
    versionCreatedAt: '2025-10-01T12:00:00.000000Z',
    cogVersion: '0.16.7',
    output: 'array',
    promptField: 'prompt',
    fields: [
      prompt('Text prompt for image generation'),
      {
        name: 'image_input',
        type: 'uri[]',
        default: [],
        description: 'Input image(s) for image-to-image generation. List of 1-10 images for single or multi-reference generation.',
      },
      {
        name: 'size',
        type: 'string',
        enum: ['1K', '2K', '4K', 'custom'],
        default: '2K',
        description: "Image resolution: 1K (1024px), 2K (2048px), 4K (4096px), or 'custom' for specific dimensions.",
      },
      {
        name: 'aspect_ratio',
        type: 'string',
        enum: ['match_input_image', '1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9'],
        default: 'match_input_image',
        description: "Image aspect ratio. Only used when size is not 'custom'. Use 'match_input_image' to automatically match the input image's aspect ratio.",
      },
      { name: 'width', type: 'integer', default: 2048, minimum: 1024, maximum: 4096, description: "Custom image width (only used when size='custom'). Range: 1024-4096 pixels." },
      { name: 'height', type: 'integer', default: 2048, minimum: 1024, maximum: 4096, description: "Custom image height (only used when size='custom'). Range: 1024-4096 pixels." },
      {
        name: 'sequential_image_generation',
        type: 'string',
        enum: ['disabled', 'auto'],
        default: 'disabled',
        description:
          "Group image generation mode. 'disabled' generates a single image. 'auto' lets the model decide whether to generate multiple related images (e.g., story scenes, character variations).",
      },
      {
        name: 'max_images',
        type: 'integer',
        default: 1,
        minimum: 1,
        maximum: 15,
        description: "Maximum number of images to generate when sequential_image_generation='auto'. Range: 1-15. Total images (input + generated) cannot exceed 15.",
      },
      { name: 'enhance_prompt', type: 'boolean', default: true, description: 'Enable prompt enhancement for higher quality results, this will take longer to generate.' },
    ],
    plan: (input) => referencePlan(input, { images: 'image_input', format: 'jpeg', megapixels: megapixelsOf(input.size, 4) }),
  },
  {
    // The Replicate schema of openai/gpt-image-1.5 as mirrored by cinemasetfree.com and
    // cloudernative.com (the API page itself was not in the search index).
    owner: 'openai',
    name: 'gpt-image-1.5',
    description: "OpenAI's latest image generation model with better instruction following and adherence to prompts",
    runCount: 1234567,
    versionCreatedAt: '2025-12-16T12:00:00.000000Z',
    cogVersion: '0.16.9',
    output: 'array',
    promptField: 'prompt',
    fields: [
      { name: 'openai_api_key', type: 'string', description: 'Your OpenAI API key (optional - uses proxy if not provided)' },
      prompt('A text description of the desired image'),
      { name: 'aspect_ratio', type: 'string', enum: ['1:1', '3:2', '2:3'], default: '1:1', description: 'The aspect ratio of the generated image' },
      { name: 'input_images', type: 'uri[]', description: 'A list of images to use as input for the generation' },
      { name: 'number_of_images', type: 'integer', default: 1, minimum: 1, maximum: 10, description: 'Number of images to generate (1-10)' },
      { name: 'quality', type: 'string', enum: ['low', 'medium', 'high', 'auto'], default: 'auto', description: 'The quality of the generated image' },
      { name: 'background', type: 'string', enum: ['auto', 'transparent', 'opaque'], default: 'auto', description: 'Set whether the background is transparent or opaque or choose automatically' },
      { name: 'output_compression', type: 'integer', default: 90, minimum: 0, maximum: 100, description: 'Compression level (0-100%)' },
      { name: 'output_format', type: 'string', enum: ['png', 'jpeg', 'webp'], default: 'webp', description: 'Output format' },
      {
        name: 'input_fidelity',
        type: 'string',
        enum: ['low', 'high'],
        default: 'low',
        description: 'Control how much effort the model will exert to match the style and features, especially facial features, of input images',
      },
      { name: 'moderation', type: 'string', enum: ['auto', 'low'], default: 'auto', description: 'Content moderation level' },
      { name: 'user_id', type: 'string', description: 'An optional unique identifier representing your end-user. This helps OpenAI monitor and detect abuse.' },
    ],
    plan: (input) =>
      referencePlan(input, {
        images: 'input_images',
        format: fmt(input.output_format, 'webp'),
        megapixels: 1.5,
        count: typeof input.number_of_images === 'number' ? input.number_of_images : 1,
      }),
  },
  {
    // Listed for replicate.com/google/imagen-4 by docs.kkiai.com and docs.anyapi.vip; the same
    // fields as replicate.com/google/imagen-4-ultra/versions/eb08b03f…/api.
    owner: 'google',
    name: 'imagen-4',
    description: "Google's Imagen 4 flagship model",
    runCount: 5678901,
    versionCreatedAt: '2025-06-01T12:00:00.000000Z',
    cogVersion: '0.15.9',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt('Text prompt for image generation'),
      googleAspectRatio(['1:1', '9:16', '16:9', '3:4', '4:3'], '1:1'),
      safetyFilter,
      googleOutputFormat,
    ],
    plan: (input) => {
      const [width, height] = sizeAt(String(input.aspect_ratio ?? '1:1'));
      return { count: 1, format: fmt(input.output_format, 'jpeg'), mode: 'synth', width, height };
    },
  },
  {
    // replicate.com/ideogram-ai/ideogram-v3-quality/versions/03944eb9…/api (resolution list shortened
    // to the sizes that page lists at about one megapixel).
    owner: 'ideogram-ai',
    name: 'ideogram-v3-quality',
    description: 'The highest quality Ideogram v3 model. v3 creates images with stunning realism, creative designs, and consistent styles',
    runCount: 1234567,
    versionCreatedAt: '2025-03-26T12:00:00.000000Z',
    cogVersion: '0.14.3',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt('Text prompt for image generation'),
      ideogramAspectRatio,
      ideogramResolution,
      ideogramMagicPrompt,
      ideogramImage,
      ideogramMask,
      ideogramStyleType,
      ideogramStyleReferences,
      { ...seed, maximum: 2147483647 },
    ],
    plan: (input) => ideogramPlan(input, (ratio) => sizeAt(ratio)),
  },
  {
    // The Replicate model as listed by api.core.today (provider replicate): RMBG 2.0.
    owner: 'bria',
    name: 'remove-background',
    description:
      'Bria RMBG 2.0 enables seamless removal of backgrounds from images with 256 levels of transparency for natural-looking results.',
    runCount: 2345678,
    versionCreatedAt: '2025-07-01T12:00:00.000000Z',
    cogVersion: '0.15.9',
    output: 'single',
    fields: [
      { name: 'image', type: 'uri', description: 'Image file' },
      { name: 'image_url', type: 'string', description: 'Image URL' },
      {
        name: 'preserve_alpha',
        type: 'boolean',
        default: true,
        description: 'Preserve alpha channel in output. When true, maintains original transparency. When false, output is fully opaque.',
      },
      { name: 'content_moderation', type: 'boolean', default: false, description: 'Enable content moderation' },
      {
        name: 'preserve_partial_alpha',
        type: 'boolean',
        default: true,
        description: '[DEPRECATED] Preserve partial alpha. No longer used in V2 API - use preserve_alpha instead.',
      },
    ],
    plan: () => ({ count: 1, format: 'png', mode: 'cutout', sizeFromInput: 'image', inputFactor: 1 }),
  },
  {
    // replicate.com/ideogram-ai/layerize/versions/7a5ca3d9…/api: inputs and Output as published
    // there (an object; `text_containers` is JSON text, drawn in layerize.ts). The background's
    // file format is not stated: PNG here.
    owner: 'ideogram-ai',
    name: 'layerize',
    description: 'Turn a flat graphic into editable text containers and a text-free background',
    runCount: 45678,
    versionCreatedAt: '2026-02-10T12:00:00.000000Z',
    cogVersion: '0.16.9',
    output: 'layers',
    promptField: 'prompt',
    fields: [
      { name: 'flat_graphic_image', type: 'uri', required: true, description: 'The flat graphic image to layerize. Supports JPEG, PNG, and WebP formats (max 10MB).' },
      prompt('Text prompt to guide the layerization.', false),
      { ...seed, maximum: 2147483647 },
      { name: 'font_name_h1', type: 'string', description: 'Font name for heading 1 (h1) text. Mutually exclusive with font file uploads.' },
      { name: 'font_name_h2', type: 'string', description: 'Font name for heading 2 (h2) text. Mutually exclusive with font file uploads.' },
      { name: 'font_name_body', type: 'string', description: 'Font name for body text. Mutually exclusive with font file uploads.' },
      { name: 'font_name_small', type: 'string', description: 'Font name for small text. Mutually exclusive with font file uploads.' },
    ],
    plan: () => ({ count: 1, format: 'png', mode: 'layerize', sizeFromInput: 'flat_graphic_image', inputFactor: 1 }),
  },
];
