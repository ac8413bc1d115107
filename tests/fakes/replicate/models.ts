/**
 * The fake's model catalogue: cog-style OpenAPI schemas (what `latest_version.openapi_schema`
 * holds on Replicate) and, per model, how its outputs are planned.
 *
 * Schemas follow what cog generates: `components.schemas.Input` with `properties` carrying
 * `title`, `type`, `x-order`, `default`, `minimum`/`maximum`, `description`; enum inputs as
 * `allOf: [{$ref: '#/components/schemas/<field>'}]` (no `type` on the property, as cog does)
 * pointing at `{type, enum, title, description: 'An enumeration.'}`.
 */
import { createHash } from 'node:crypto';
import { LANGUAGE_MODELS, type TextModel } from './language-models';
import { MODELS_2026 } from './models-2026';
import { ideogramAspectRatio, ideogramImage, ideogramMagicPrompt, ideogramMask, ideogramPlan, ideogramResolution, ideogramStyleReferences, ideogramStyleType } from './ideogram-fields';
import { TRAINERS } from './trainers';
import type { Rgb } from './palette';

export type OutputFormat = 'png' | 'jpeg' | 'webp' | 'svg';

export interface FieldSpec {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'uri' | 'uri[]' | 'object' | 'string[]' | 'object[]';
  description: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  enum?: (string | number)[];
  required?: boolean;
}

/** How to make the outputs of one prediction. Sizes are before `outputScale`. */
export interface OutputPlan {
  count: number;
  format: OutputFormat;
  /**
   * 'synth': picture from prompt+seed; 'svg': vector logo mark; 'cutout': input with its
   * background made transparent; 'upscale': input resampled; 'edit': input colour-graded towards
   * the prompt; 'fill': input with only its masked (or surrounding, when zooming out) pixels new;
   * 'vectorize': the input traced into flat-coloured SVG shapes (vectorize.ts).
   */
  mode: 'synth' | 'svg' | 'cutout' | 'upscale' | 'edit' | 'fill' | 'vectorize' | 'layerize';
  /**
   * For 'fill': the mask input, which colour in it this model repaints, and whether a mask of
   * another size is resized to the image (Ideogram) instead of rejected (FLUX Fill).
   */
  mask?: { field: string; repaint: 'white' | 'black'; resized?: boolean };
  /** For 'edit': how far the output may move from the input, 0..1 (prompt_strength). */
  strength?: number;
  /** Fixed size, or taken from an input image field (times `inputFactor`). */
  width?: number;
  height?: number;
  sizeFromInput?: string;
  inputFactor?: number;
  /** Outputs derived from an input image ignore outputScale (their size is the contract). */
  /** For 'synth': the model was asked for a transparent background (drawn as a cut-out). */
  transparent?: boolean;
  /** For 'synth' by a trained style: its colours, and how strongly they apply (trained-style.ts). */
  palette?: { colours: Rgb[]; strength: number };
}

export interface ModelDef {
  owner: string;
  name: string;
  description: string;
  runCount: number;
  fields: FieldSpec[];
  /** 'text': a language model's array of string pieces, written a token at a time (text-runs.ts). */
  output: 'array' | 'single' | 'text' | 'layers';
  /** Plan outputs from validated input (defaults applied). */
  plan(input: Record<string, unknown>): OutputPlan;
  /** Language models: what they answer and which field caps its length (language-models.ts). */
  text?: TextModel;
  /** Field holding the text prompt, if any (safety filter etc.). */
  promptField?: string;
  versionCreatedAt: string;
  cogVersion: string;
  /** A trainer: its version's schema also declares `TrainingInput` (the same fields), as Replicate's trainers do. */
  trainer?: boolean;
}

export interface ModelEntry extends ModelDef {
  id: string; // owner/name
  versionId: string;
  schema: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Sizes

/** cog-flux's table (predict.py ASPECT_RATIOS). */
const FLUX_SIZES: Record<string, [number, number]> = {
  '1:1': [1024, 1024],
  '16:9': [1344, 768],
  '21:9': [1536, 640],
  '3:2': [1216, 832],
  '2:3': [832, 1216],
  '4:5': [896, 1088],
  '5:4': [1088, 896],
  '3:4': [896, 1152],
  '4:3': [1152, 896],
  '9:16': [768, 1344],
  '9:21': [640, 1536],
};

/** ~1 megapixel for 'W:H', sides rounded to multiples of 16 (1:1 -> 1024x1024). */
export function sizeForRatio(ratio: string): [number, number] {
  const known = FLUX_SIZES[ratio];
  if (known) return known;
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(ratio);
  if (!m) return [1024, 1024];
  const r = Number(m[1]) / Number(m[2]);
  const w = Math.sqrt(1024 * 1024 * r);
  const h = w / r;
  return [Math.max(16, Math.round(w / 16) * 16), Math.max(16, Math.round(h / 16) * 16)];
}

function fmt(v: unknown, fallback: OutputFormat): OutputFormat {
  if (v === 'jpg' || v === 'jpeg') return 'jpeg';
  if (v === 'png' || v === 'webp') return v;
  return fallback;
}

function num(v: unknown, d: number): number {
  return typeof v === 'number' ? v : d;
}

const round32 = (n: number) => Math.max(32, Math.round(n / 32) * 32);

// ---------------------------------------------------------------------------------------------
// Field helpers

const ratiosFlux = ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21'];

const prompt = (required = true, description = 'Prompt for generated image'): FieldSpec => ({
  name: 'prompt',
  type: 'string',
  description,
  required,
});
const seed = (description = 'Random seed. Set for reproducible generation'): FieldSpec => ({
  name: 'seed',
  type: 'integer',
  description,
});

const fluxOutputFormat: FieldSpec = {
  name: 'output_format',
  type: 'string',
  enum: ['webp', 'jpg', 'png'],
  default: 'webp',
  description: 'Format of the output images',
};
const outputQuality: FieldSpec = {
  name: 'output_quality',
  type: 'integer',
  default: 80,
  minimum: 0,
  maximum: 100,
  description:
    'Quality when saving the output images, from 0 to 100. 100 is best quality, 0 is lowest quality. Not relevant for .png outputs',
};
const disableSafety: FieldSpec = {
  name: 'disable_safety_checker',
  type: 'boolean',
  default: false,
  description: 'Disable safety checker for generated images.',
};
const goFast: FieldSpec = {
  name: 'go_fast',
  type: 'boolean',
  default: true,
  description:
    'Run faster predictions with model optimized for speed (currently fp8 quantized); disable to run in original bf16',
};
const megapixels: FieldSpec = {
  name: 'megapixels',
  type: 'string',
  enum: ['1', '0.25'],
  default: '1',
  description: 'Approximate number of megapixels for generated image',
};

const fluxAspectRatio = (description: string): FieldSpec => ({ name: 'aspect_ratio', type: 'string', enum: ratiosFlux, default: '1:1', description });
const fluxNumOutputs: FieldSpec = { name: 'num_outputs', type: 'integer', default: 1, minimum: 1, maximum: 4, description: 'Number of outputs to generate' };
/** The fields FLUX.1 [schnell] and [dev] end with, in their order. */
const fluxTail = (): FieldSpec[] => [seed(), fluxOutputFormat, outputQuality, disableSafety, goFast, megapixels];

function fluxPlan(input: Record<string, unknown>, count: number): OutputPlan {
  const format = fmt(input.output_format, 'webp');
  if (typeof input.image === 'string') {
    return { count, format, mode: 'edit', sizeFromInput: 'image', inputFactor: 1, strength: num(input.prompt_strength, 0.8) };
  }
  let [width, height] = sizeForRatio(String(input.aspect_ratio ?? '1:1'));
  if (input.megapixels === '0.25') {
    width = Math.round(width / 32) * 16;
    height = Math.round(height / 32) * 16;
  }
  return { count, format, mode: 'synth', width, height };
}

// ---------------------------------------------------------------------------------------------
// Catalogue

const DEFS: ModelDef[] = [
  {
    owner: 'black-forest-labs',
    name: 'flux-schnell',
    description:
      'The fastest image generation model tailored for local development and personal use',
    runCount: 512345678,
    versionCreatedAt: '2024-08-01T12:00:00.000000Z',
    cogVersion: '0.9.24',
    output: 'array',
    promptField: 'prompt',
    fields: [
      prompt(),
      fluxAspectRatio('Aspect ratio for the generated image'),
      fluxNumOutputs,
      {
        name: 'num_inference_steps',
        type: 'integer',
        default: 4,
        minimum: 1,
        maximum: 4,
        description:
          'Number of denoising steps. 4 is recommended, and lower number of steps produce lower quality outputs, faster.',
      },
      ...fluxTail(),
    ],
    plan: (input) => fluxPlan(input, num(input.num_outputs, 1)),
  },
  {
    owner: 'black-forest-labs',
    name: 'flux-dev',
    description:
      'A 12 billion parameter rectified flow transformer capable of generating images from text descriptions',
    runCount: 23456789,
    versionCreatedAt: '2024-08-01T12:00:00.000000Z',
    cogVersion: '0.9.24',
    output: 'array',
    promptField: 'prompt',
    fields: [
      prompt(),
      fluxAspectRatio(
        'Aspect ratio for the generated image. If an image is given, this is ignored and the aspect ratio of the input image is used.',
      ),
      {
        name: 'image',
        type: 'uri',
        description:
          'Input image for image to image mode. The aspect ratio of your output will match this image',
      },
      {
        name: 'prompt_strength',
        type: 'number',
        default: 0.8,
        minimum: 0,
        maximum: 1,
        description:
          'Prompt strength when using img2img. 1.0 corresponds to full destruction of information in image',
      },
      fluxNumOutputs,
      {
        name: 'num_inference_steps',
        type: 'integer',
        default: 28,
        minimum: 1,
        maximum: 50,
        description:
          'Number of denoising steps. Recommended range is 28-50, and lower number of steps produce lower quality outputs, faster.',
      },
      {
        name: 'guidance',
        type: 'number',
        default: 3,
        minimum: 0,
        maximum: 10,
        description: 'Guidance for generated image',
      },
      ...fluxTail(),
    ],
    plan: (input) => fluxPlan(input, num(input.num_outputs, 1)),
  },
  {
    owner: 'black-forest-labs',
    name: 'flux-1.1-pro',
    description:
      'Faster, better FLUX Pro. Text-to-image model with excellent image quality, prompt adherence, and output diversity.',
    runCount: 34567890,
    versionCreatedAt: '2024-10-02T12:00:00.000000Z',
    cogVersion: '0.13.6',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt(true, 'Text prompt for image generation'),
      {
        name: 'aspect_ratio',
        type: 'string',
        enum: ['custom', '1:1', '16:9', '3:2', '2:3', '4:5', '5:4', '9:16', '3:4', '4:3'],
        default: '1:1',
        description: 'Aspect ratio for the generated image',
      },
      {
        name: 'width',
        type: 'integer',
        minimum: 256,
        maximum: 1440,
        description:
          "Width of the generated image in text-to-image mode. Only used when aspect_ratio=custom. Must be a multiple of 32 (if it's not, it will be rounded to nearest multiple of 32). Note: Ignored in img2img and inpainting modes.",
      },
      {
        name: 'height',
        type: 'integer',
        minimum: 256,
        maximum: 1440,
        description:
          "Height of the generated image in text-to-image mode. Only used when aspect_ratio=custom. Must be a multiple of 32 (if it's not, it will be rounded to nearest multiple of 32). Note: Ignored in img2img and inpainting modes.",
      },
      {
        name: 'image_prompt',
        type: 'uri',
        description:
          'Image to use with Flux Redux. This is used together with the text prompt to guide the generation towards the composition of the image_prompt. Must be jpeg, png, gif, or webp.',
      },
      {
        name: 'safety_tolerance',
        type: 'integer',
        default: 2,
        minimum: 1,
        maximum: 6,
        description: 'Safety tolerance, 1 is most strict and 6 is most permissive',
      },
      seed(),
      fluxOutputFormat,
      outputQuality,
      {
        name: 'prompt_upsampling',
        type: 'boolean',
        default: false,
        description:
          'Automatically modify the prompt for more creative generation',
      },
    ],
    plan: (input) => {
      const format = fmt(input.output_format, 'webp');
      if (input.aspect_ratio === 'custom') {
        const width = round32(num(input.width, 1024));
        const height = round32(num(input.height, 1024));
        return { count: 1, format, mode: 'synth', width, height };
      }
      const [width, height] = sizeForRatio(String(input.aspect_ratio ?? '1:1'));
      return { count: 1, format, mode: 'synth', width, height };
    },
  },
  {
    owner: 'recraft-ai',
    name: 'recraft-v3-svg',
    description:
      'Recraft V3 SVG (code-named red_panda) is a text-to-image model with the ability to generate high quality SVG images including logotypes, and icons.',
    runCount: 1234567,
    versionCreatedAt: '2024-10-30T12:00:00.000000Z',
    cogVersion: '0.13.6',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt(true, 'Text prompt for image generation'),
      {
        name: 'size',
        type: 'string',
        enum: [
          '1024x1024',
          '1365x1024',
          '1024x1365',
          '1536x1024',
          '1024x1536',
          '1820x1024',
          '1024x1820',
          '1024x2048',
          '2048x1024',
          '1434x1024',
          '1024x1434',
          '1024x1280',
          '1280x1024',
          '1024x1707',
          '1707x1024',
        ],
        default: '1024x1024',
        description: 'Width and height of the generated image. Size is ignored if an aspect ratio is set.',
      },
      {
        name: 'aspect_ratio',
        type: 'string',
        enum: ['Not set', '1:1', '4:3', '3:4', '3:2', '2:3', '16:9', '9:16', '1:2', '2:1', '7:5', '5:7', '4:5', '5:4', '3:5', '5:3'],
        default: 'Not set',
        description: 'Aspect ratio of the generated image',
      },
      {
        name: 'style',
        type: 'string',
        enum: ['any', 'engraving', 'line_art', 'line_circuit', 'linocut'],
        default: 'any',
        description: 'Style of the generated image.',
      },
    ],
    plan: (input) => {
      let width = 1024;
      let height = 1024;
      if (typeof input.aspect_ratio === 'string' && input.aspect_ratio !== 'Not set') {
        [width, height] = sizeForRatio(input.aspect_ratio);
      } else {
        const m = /^(\d+)x(\d+)$/.exec(String(input.size ?? '1024x1024'));
        if (m) [width, height] = [Number(m[1]), Number(m[2])];
      }
      return { count: 1, format: 'svg', mode: 'svg', width, height };
    },
  },
  {
    owner: 'ideogram-ai',
    name: 'ideogram-v3-turbo',
    description:
      'Turbo is the fastest and cheapest Ideogram v3. v3 creates images with stunning realism, creative designs, and consistent styles',
    runCount: 2345678,
    versionCreatedAt: '2025-03-26T12:00:00.000000Z',
    cogVersion: '0.14.3',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt(true, 'Text prompt for image generation'),
      ideogramAspectRatio,
      ideogramResolution,
      ideogramMagicPrompt,
      ideogramStyleType,
      ideogramImage,
      ideogramMask,
      ideogramStyleReferences,
      seed('Random seed. Set for reproducible generation'),
    ],
    plan: (input) => ideogramPlan(input, sizeForRatio),
  },
  {
    owner: 'black-forest-labs',
    name: 'flux-kontext-pro',
    description:
      'A state-of-the-art text-based image editing model that delivers high-quality outputs with excellent prompt following and consistent results for transforming images through natural language',
    runCount: 12345678,
    versionCreatedAt: '2025-05-29T12:00:00.000000Z',
    cogVersion: '0.14.3',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt(
        true,
        'Text description of what you want to generate, or the instruction on how to edit the given image.',
      ),
      {
        name: 'input_image',
        type: 'uri',
        description:
          'Image to use as reference. Must be jpeg, png, gif, or webp.',
      },
      {
        name: 'aspect_ratio',
        type: 'string',
        enum: ['match_input_image', '1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '4:5', '5:4', '21:9', '9:21', '2:1', '1:2'],
        default: 'match_input_image',
        description:
          'Aspect ratio of the generated image. Use \'match_input_image\' to match the aspect ratio of the input image.',
      },
      seed(),
      {
        name: 'output_format',
        type: 'string',
        enum: ['jpg', 'png'],
        default: 'png',
        description: 'Output format for the generated image',
      },
      {
        name: 'safety_tolerance',
        type: 'integer',
        default: 2,
        minimum: 0,
        maximum: 6,
        description:
          'Safety tolerance, 0 is most strict and 6 is most permissive. 2 is currently the maximum allowed when input images are used.',
      },
      {
        name: 'prompt_upsampling',
        type: 'boolean',
        default: false,
        description: 'Automatic prompt improvement',
      },
    ],
    plan: (input) => {
      const format = fmt(input.output_format, 'png');
      const ratio = String(input.aspect_ratio ?? 'match_input_image');
      if (ratio === 'match_input_image') {
        if (typeof input.input_image === 'string') {
          return { count: 1, format, mode: 'edit', sizeFromInput: 'input_image', inputFactor: 1 };
        }
        return { count: 1, format, mode: 'synth', width: 1024, height: 1024 };
      }
      const [width, height] = sizeForRatio(ratio);
      return { count: 1, format, mode: 'synth', width, height };
    },
  },
  {
    owner: 'black-forest-labs',
    name: 'flux-fill-pro',
    description:
      'Professional inpainting and outpainting model with state-of-the-art performance. Edit or extend images with natural, seamless results.',
    runCount: 3456789,
    versionCreatedAt: '2024-11-20T12:00:00.000000Z',
    cogVersion: '0.13.6',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt(false, 'Text prompt for image generation'),
      {
        name: 'image',
        type: 'uri',
        required: true,
        description:
          'The image to inpaint. Can contain an alpha mask. Must be jpeg, png, gif, or webp.',
      },
      {
        name: 'mask',
        type: 'uri',
        description:
          'A black-and-white image that describes the part of the image to inpaint. Black areas will be preserved while white areas will be inpainted. Must have the same size as image. Optional if you provide an alpha mask in the original image. Must be jpeg, png, gif, or webp.',
      },
      {
        name: 'outpaint',
        type: 'string',
        enum: ['None', 'Zoom out 1.5x', 'Zoom out 2x', 'Make square', 'Left outpaint', 'Right outpaint', 'Top outpaint', 'Bottom outpaint'],
        default: 'None',
        description: 'A quick option for outpainting an input image. Mask will be ignored.',
      },
      {
        name: 'steps',
        type: 'integer',
        default: 50,
        minimum: 15,
        maximum: 50,
        description: 'Number of diffusion steps. Higher values yield finer details but increase processing time.',
      },
      {
        name: 'guidance',
        type: 'number',
        default: 60,
        minimum: 1.5,
        maximum: 100,
        description:
          'Controls the balance between adherence to the text as well as image prompt and image quality/diversity. Higher values make the output more closely match the prompt but may reduce overall image quality.',
      },
      seed(),
      {
        name: 'output_format',
        type: 'string',
        enum: ['jpg', 'png'],
        default: 'jpg',
        description: 'Output format for the generated image',
      },
      {
        name: 'safety_tolerance',
        type: 'integer',
        default: 2,
        minimum: 1,
        maximum: 6,
        description: 'Safety tolerance, 1 is most strict and 6 is most permissive',
      },
      {
        name: 'prompt_upsampling',
        type: 'boolean',
        default: false,
        description: 'Automatically modify the prompt for more creative generation',
      },
    ],
    plan: (input) => {
      const o = String(input.outpaint ?? 'None');
      const factor = o === 'Zoom out 2x' ? 2 : o === 'Zoom out 1.5x' ? 1.5 : 1;
      const mask = o === 'None' && typeof input.mask === 'string' ? { field: 'mask', repaint: 'white' as const } : undefined;
      return { count: 1, format: fmt(input.output_format, 'jpeg'), mode: 'fill', mask, sizeFromInput: 'image', inputFactor: factor };
    },
  },
  {
    owner: 'recraft-ai',
    name: 'recraft-vectorize',
    description: 'Convert raster images to high-quality SVG format with precision and clean vector paths, perfect for logos, icons, and scalable graphics.',
    runCount: 123456,
    versionCreatedAt: '2025-04-10T12:00:00.000000Z',
    cogVersion: '0.14.3',
    output: 'single',
    fields: [
      {
        name: 'image',
        type: 'uri',
        required: true,
        description: 'Input image to vectorize. Must be less than 5 MB, under 16 MP, with sides between 256 and 4096 px.',
      },
    ],
    plan: () => ({ count: 1, format: 'svg', mode: 'vectorize', sizeFromInput: 'image', inputFactor: 1 }),
  },
  {
    owner: '851-labs',
    name: 'background-remover',
    description: 'Remove backgrounds from images.',
    runCount: 4567890,
    versionCreatedAt: '2024-09-01T12:00:00.000000Z',
    cogVersion: '0.9.21',
    output: 'single',
    fields: [
      { name: 'image', type: 'uri', required: true, description: 'Input image' },
      {
        name: 'format',
        type: 'string',
        enum: ['png', 'jpg'],
        default: 'png',
        description: 'Output format',
      },
      { name: 'reverse', type: 'boolean', default: false, description: 'Remove the foreground instead of the background' },
      {
        name: 'threshold',
        type: 'number',
        default: 0,
        minimum: 0,
        maximum: 1,
        description: 'Threshold for hard segmentation (0.0 = soft alpha)',
      },
      {
        name: 'background_type',
        type: 'string',
        enum: ['rgba', 'map', 'green', 'white', 'blur', 'overlay'],
        default: 'rgba',
        description: 'Background type',
      },
    ],
    plan: (input) => ({
      count: 1,
      format: input.format === 'jpg' ? 'jpeg' : 'png',
      mode: 'cutout',
      sizeFromInput: 'image',
      inputFactor: 1,
    }),
  },
  {
    owner: 'nightmareai',
    name: 'real-esrgan',
    description: 'Real-ESRGAN with optional face correction and adjustable upscale',
    runCount: 56789012,
    versionCreatedAt: '2023-09-15T12:00:00.000000Z',
    cogVersion: '0.8.6',
    output: 'single',
    fields: [
      { name: 'image', type: 'uri', required: true, description: 'Input image' },
      {
        name: 'scale',
        type: 'number',
        default: 4,
        minimum: 0,
        maximum: 10,
        description: 'Factor to scale image by',
      },
      { name: 'face_enhance', type: 'boolean', default: false, description: 'Run GFPGAN face enhancement along with upscaling' },
    ],
    plan: (input) => ({
      count: 1,
      format: 'png',
      mode: 'upscale',
      sizeFromInput: 'image',
      inputFactor: num(input.scale, 4),
    }),
  },
  {
    owner: 'acme',
    name: 'needs-style',
    description: 'Test model: a required input no adapter can guess (style_reference).',
    runCount: 12,
    versionCreatedAt: '2025-01-01T12:00:00.000000Z',
    cogVersion: '0.14.3',
    output: 'single',
    promptField: 'prompt',
    fields: [
      prompt(),
      {
        name: 'style_reference',
        type: 'uri',
        required: true,
        description: 'Image whose style the output copies',
      },
      {
        name: 'style_strength',
        type: 'number',
        default: 0.5,
        minimum: 0,
        maximum: 1,
        description: 'How strongly to apply the style reference',
      },
      seed(),
    ],
    plan: () => ({ count: 1, format: 'png', mode: 'synth', width: 1024, height: 1024 }),
  },
  {
    owner: 'stability-ai',
    name: 'sdxl',
    description: 'A text-to-image generative AI model that creates beautiful images',
    runCount: 78901234,
    versionCreatedAt: '2023-10-09T12:00:00.000000Z',
    cogVersion: '0.8.6',
    output: 'array',
    promptField: 'prompt',
    fields: [
      { name: 'prompt', type: 'string', default: 'An astronaut riding a rainbow unicorn', description: 'Input prompt' },
      { name: 'negative_prompt', type: 'string', default: '', description: 'Input Negative Prompt' },
      { name: 'image', type: 'uri', description: 'Input image for img2img or inpaint mode' },
      {
        name: 'mask',
        type: 'uri',
        description:
          'Input mask for inpaint mode. Black areas will be preserved, white areas will be inpainted.',
      },
      { name: 'width', type: 'integer', default: 1024, minimum: 256, maximum: 2048, multipleOf: 32, description: 'Width of output image' },
      { name: 'height', type: 'integer', default: 1024, minimum: 256, maximum: 2048, multipleOf: 32, description: 'Height of output image' },
      { name: 'num_outputs', type: 'integer', default: 1, minimum: 1, maximum: 4, description: 'Number of images to output.' },
      {
        name: 'scheduler',
        type: 'string',
        enum: ['DDIM', 'DPMSolverMultistep', 'HeunDiscrete', 'KarrasDPM', 'K_EULER_ANCESTRAL', 'K_EULER', 'PNDM'],
        default: 'K_EULER',
        description: 'scheduler',
      },
      { name: 'num_inference_steps', type: 'integer', default: 50, minimum: 1, maximum: 500, description: 'Number of denoising steps' },
      { name: 'guidance_scale', type: 'number', default: 7.5, minimum: 1, maximum: 50, description: 'Scale for classifier-free guidance' },
      {
        name: 'prompt_strength',
        type: 'number',
        default: 0.8,
        minimum: 0,
        maximum: 1,
        description:
          'Prompt strength when using img2img / inpaint. 1.0 corresponds to full destruction of information in image',
      },
      seed('Random seed. Leave blank to randomize the seed'),
      { name: 'apply_watermark', type: 'boolean', default: true, description: 'Applies a watermark to enable determining if an image is generated in downstream applications.' },
      disableSafety,
    ],
    plan: (input) => {
      const count = num(input.num_outputs, 1);
      if (typeof input.image === 'string') {
        const mask = typeof input.mask === 'string' ? { field: 'mask', repaint: 'white' as const } : undefined;
        const strength = num(input.prompt_strength, 0.8);
        return { count, format: 'png', mode: mask ? 'fill' : 'edit', mask, strength, sizeFromInput: 'image', inputFactor: 1 };
      }
      return { count, format: 'png', mode: 'synth', width: num(input.width, 1024), height: num(input.height, 1024) };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Schema building

function titleOf(name: string): string {
  return name
    .split('_')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}

export function buildSchema(def: ModelDef): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const enums: Record<string, unknown> = {};
  def.fields.forEach((f, i) => {
    const p: Record<string, unknown> = {};
    if (f.enum) {
      const enumType = typeof f.enum[0] === 'number' ? 'integer' : 'string';
      enums[f.name] = { type: enumType, enum: f.enum, title: f.name, description: 'An enumeration.' };
      p.allOf = [{ $ref: `#/components/schemas/${f.name}` }];
    } else if (f.type === 'uri') {
      p.type = 'string';
      p.format = 'uri';
    } else if (f.type === 'uri[]') {
      p.type = 'array';
      p.items = { type: 'string', format: 'uri' };
    } else if (f.type === 'string[]' || f.type === 'object[]') {
      p.type = 'array';
      p.items = { type: f.type === 'string[]' ? 'string' : 'object' };
    } else {
      p.type = f.type;
    }
    p.title = titleOf(f.name);
    if (f.default !== undefined) p.default = f.default;
    if (f.minimum !== undefined) p.minimum = f.minimum;
    if (f.maximum !== undefined) p.maximum = f.maximum;
    if (f.multipleOf !== undefined) p.multipleOf = f.multipleOf;
    p.description = f.description;
    p['x-order'] = i;
    properties[f.name] = p;
  });
  const required = def.fields.filter((f) => f.required).map((f) => f.name);
  const input: Record<string, unknown> = { type: 'object', title: 'Input', properties };
  if (required.length) input.required = required;
  const output =
    def.output === 'text'
      ? // cog's ConcatenateIterator[str]: streamed pieces the client joins.
        { type: 'array', items: { type: 'string' }, title: 'Output', 'x-cog-array-type': 'iterator', 'x-cog-array-display': 'concatenate' }
      : def.output === 'layers'
        ? LAYERS_OUTPUT
      : def.output === 'array'
        ? { type: 'array', items: { type: 'string', format: 'uri' }, title: 'Output' }
        : { type: 'string', format: 'uri', title: 'Output' };
  return {
    openapi: '3.0.2',
    info: { title: 'Cog', version: '0.1.0' },
    paths: {
      '/predictions': {
        post: {
          summary: 'Predict',
          operationId: 'predict_predictions_post',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictionRequest' } } } },
          responses: {
            '200': {
              description: 'Successful Response',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/PredictionResponse' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Input: input,
        Output: output,
        Status: {
          type: 'string',
          enum: ['starting', 'processing', 'succeeded', 'canceled', 'failed'],
          title: 'Status',
          description: 'An enumeration.',
        },
        ...enums,
        PredictionRequest: {
          type: 'object',
          title: 'PredictionRequest',
          properties: {
            id: { type: 'string', title: 'Id' },
            input: { $ref: '#/components/schemas/Input' },
            webhook: { type: 'string', title: 'Webhook', format: 'uri', maxLength: 65536, minLength: 1 },
            created_at: { type: 'string', title: 'Created At', format: 'date-time' },
            output_file_prefix: { type: 'string', title: 'Output File Prefix' },
          },
        },
        PredictionResponse: {
          type: 'object',
          title: 'PredictionResponse',
          properties: {
            id: { type: 'string', title: 'Id' },
            input: { $ref: '#/components/schemas/Input' },
            output: { $ref: '#/components/schemas/Output' },
            status: { $ref: '#/components/schemas/Status' },
            error: { type: 'string', title: 'Error' },
            logs: { type: 'string', title: 'Logs', default: '' },
            metrics: { type: 'object', title: 'Metrics' },
            version: { type: 'string', title: 'Version' },
            created_at: { type: 'string', title: 'Created At', format: 'date-time' },
            started_at: { type: 'string', title: 'Started At', format: 'date-time' },
            completed_at: { type: 'string', title: 'Completed At', format: 'date-time' },
          },
        },
      },
    },
  };
}

/** ideogram-ai/layerize's Output (replicate.com/ideogram-ai/layerize/versions/7a5ca3d9…/api). */
const LAYERS_OUTPUT = {
  type: 'object',
  title: 'Output',
  properties: {
    background_image: { type: 'string', title: 'Background Image', format: 'uri' },
    resolution: { type: 'string', title: 'Resolution' },
    seed: { type: 'integer', title: 'Seed' },
    text_containers: { type: 'string', title: 'Text Containers' },
    text_html: { type: 'string', title: 'Text Html' },
  },
  required: ['background_image', 'text_html', 'text_containers', 'seed', 'resolution'],
};

/** A catalogue entry for a model def (also used for the versions trainings create). */
export function entryOf(d: ModelDef, versionId = versionIdOf(d)): ModelEntry {
  const schema = buildSchema(d);
  if (d.trainer) {
    const schemas = (schema.components as { schemas: Record<string, unknown> }).schemas;
    schemas.TrainingInput = { ...(schemas.Input as object), title: 'TrainingInput' };
  }
  return { ...d, id: `${d.owner}/${d.name}`, versionId, schema };
}

function versionIdOf(def: ModelDef): string {
  return createHash('sha256').update(`${def.owner}/${def.name}@${def.versionCreatedAt}`).digest('hex');
}

export const MODELS: ReadonlyMap<string, ModelEntry> = new Map(
  [...DEFS, ...MODELS_2026, ...LANGUAGE_MODELS, ...TRAINERS].map((d) => [`${d.owner}/${d.name}`, entryOf(d)]),
);

export function findModel(owner: string, name: string): ModelEntry | undefined {
  return MODELS.get(`${owner}/${name}`);
}

/** Accepts a 64-hex version id, 'owner/name:id' or 'owner/name' (official model). */
export function findByVersion(version: string): ModelEntry | undefined {
  const colon = version.indexOf(':');
  if (colon >= 0) {
    const m = MODELS.get(version.slice(0, colon));
    return m && m.versionId === version.slice(colon + 1) ? m : undefined;
  }
  if (version.includes('/')) return MODELS.get(version);
  for (const m of MODELS.values()) if (m.versionId === version) return m;
  return undefined;
}

export function versionJson(m: ModelEntry): Record<string, unknown> {
  return { id: m.versionId, created_at: m.versionCreatedAt, cog_version: m.cogVersion, openapi_schema: m.schema };
}

export function modelJson(m: ModelEntry): Record<string, unknown> {
  return {
    url: `https://replicate.com/${m.id}`,
    owner: m.owner,
    name: m.name,
    description: m.description,
    visibility: 'public',
    github_url: null,
    paper_url: null,
    license_url: null,
    run_count: m.runCount,
    cover_image_url: `https://replicate.delivery/covers/${m.owner}-${m.name}.webp`,
    default_example: null,
    latest_version: versionJson(m),
  };
}
