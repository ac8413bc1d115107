/**
 * FLUX LoRA trainers and the models they make. Trainer inputs follow replicate/flux-fine-tuner's
 * train.py (FACTS.md): a zip of images with a `.txt` caption beside each, a trigger word, steps;
 * fast-flux-trainer's are similar (its `lora_type` and `training_steps` are the fake's reading of
 * its page, unverified). A trained version takes what a FLUX-dev LoRA model takes: `prompt` with
 * the trigger word, `lora_scale`, `extra_lora`, aspect ratio, outputs, seed.
 * Only types come from models.ts: it imports this file while building its catalogue.
 */
import type { FieldSpec, ModelDef, OutputPlan } from './models';
import type { Rgb } from './palette';

const RATIOS = ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21'];
const SIZES: Record<string, [number, number]> = {
  '1:1': [1024, 1024], '16:9': [1344, 768], '21:9': [1536, 640], '3:2': [1216, 832], '2:3': [832, 1216],
  '4:5': [896, 1088], '5:4': [1088, 896], '3:4': [896, 1152], '4:3': [1152, 896], '9:16': [768, 1344], '9:21': [640, 1536],
};

const inputImages: FieldSpec = {
  name: 'input_images',
  type: 'uri',
  required: true,
  description: 'A zip file containing the images that will be used for training. Captions may be given as .txt files with the same name as each image.',
};
const triggerWord: FieldSpec = {
  name: 'trigger_word',
  type: 'string',
  default: 'TOK',
  description: 'The trigger word refers to the object, style or concept you are training on. Pick a string that is not a real word.',
};

/** Never run as predictions: a trainer's prediction is a no-op here. */
const noOutputs = (): OutputPlan => ({ count: 0, format: 'png', mode: 'synth' });

export const TRAINERS: ModelDef[] = [
  {
    owner: 'replicate',
    name: 'fast-flux-trainer',
    description: 'Train subjects or styles faster than ever',
    runCount: 45678,
    versionCreatedAt: '2025-05-01T12:00:00.000000Z',
    cogVersion: '0.14.1',
    output: 'single',
    trainer: true,
    fields: [
      inputImages,
      triggerWord,
      { name: 'lora_type', type: 'string', enum: ['subject', 'style'], default: 'subject', description: 'Type of LoRA to train' },
      { name: 'training_steps', type: 'integer', default: 1000, minimum: 100, maximum: 6000, description: 'Number of training steps' },
    ],
    plan: noOutputs,
  },
  {
    owner: 'ostris',
    name: 'flux-dev-lora-trainer',
    description: 'Fine-tune FLUX.1-dev using ai-toolkit',
    runCount: 234567,
    versionCreatedAt: '2024-10-01T12:00:00.000000Z',
    cogVersion: '0.9.24',
    output: 'single',
    trainer: true,
    fields: [
      inputImages,
      triggerWord,
      { name: 'autocaption', type: 'boolean', default: true, description: 'Automatically caption images using Llava v1.5 13B' },
      { name: 'steps', type: 'integer', default: 1000, minimum: 3, maximum: 6000, description: 'Number of training steps. Recommended range 500-4000' },
      { name: 'lora_rank', type: 'integer', default: 16, minimum: 1, maximum: 128, description: 'Higher ranks take longer to train but can capture more complex features.' },
      { name: 'learning_rate', type: 'number', default: 0.0004, description: 'Learning rate' },
    ],
    plan: noOutputs,
  },
];

/** The fields of a trained FLUX-dev LoRA version. */
const LORA_FIELDS: FieldSpec[] = [
  { name: 'prompt', type: 'string', required: true, description: 'Prompt for generated image. If you include the `trigger_word` used in the training process you are more likely to activate the trained object, style, or concept in the resulting image.' },
  { name: 'aspect_ratio', type: 'string', enum: RATIOS, default: '1:1', description: 'Aspect ratio for the generated image.' },
  { name: 'num_outputs', type: 'integer', default: 1, minimum: 1, maximum: 4, description: 'Number of outputs to generate' },
  { name: 'lora_scale', type: 'number', default: 1, minimum: -1, maximum: 3, description: 'Determines how strongly the main LoRA should be applied. Sane results between 0 and 1 for base inference.' },
  { name: 'extra_lora', type: 'string', description: 'Load LoRA weights. Supports Replicate models in the format <owner>/<username> or <owner>/<username>/<version>, HuggingFace URLs, CivitAI URLs or arbitrary .safetensors URLs' },
  { name: 'extra_lora_scale', type: 'number', default: 1, minimum: -1, maximum: 3, description: 'Determines how strongly the extra LoRA should be applied.' },
  { name: 'num_inference_steps', type: 'integer', default: 28, minimum: 1, maximum: 50, description: 'Number of denoising steps. More steps can give more detailed images, but take longer.' },
  { name: 'guidance_scale', type: 'number', default: 3, minimum: 0, maximum: 10, description: 'Guidance scale for the diffusion process.' },
  { name: 'seed', type: 'integer', description: 'Random seed. Set for reproducible generation' },
  { name: 'output_format', type: 'string', enum: ['webp', 'jpg', 'png'], default: 'webp', description: 'Format of the output images' },
  { name: 'output_quality', type: 'integer', default: 80, minimum: 0, maximum: 100, description: 'Quality when saving the output images, from 0 to 100.' },
  { name: 'go_fast', type: 'boolean', default: false, description: 'Run faster predictions with model optimized for speed (currently fp8 quantized)' },
  { name: 'disable_safety_checker', type: 'boolean', default: false, description: 'Disable safety checker for generated images.' },
];

/**
 * A version a training made: a FLUX LoRA model whose pictures take the training set's colours,
 * fully with the trigger word in the prompt, half as much without it, scaled by `lora_scale`.
 */
export function trainedStyleDef(args: { owner: string; name: string; description: string; trigger: string; palette: Rgb[]; createdAt: string }): ModelDef {
  return {
    owner: args.owner,
    name: args.name,
    description: args.description,
    runCount: 0,
    versionCreatedAt: args.createdAt,
    cogVersion: '0.9.24',
    output: 'array',
    promptField: 'prompt',
    fields: LORA_FIELDS,
    plan(input) {
      const [width, height] = SIZES[String(input.aspect_ratio ?? '1:1')] ?? [1024, 1024];
      const format = input.output_format === 'jpg' ? 'jpeg' : input.output_format === 'png' ? 'png' : 'webp';
      const prompt = String(input.prompt ?? '');
      const triggered = prompt.toLowerCase().includes(args.trigger.toLowerCase());
      const scale = typeof input.lora_scale === 'number' ? input.lora_scale : 1;
      const count = typeof input.num_outputs === 'number' ? input.num_outputs : 1;
      return { count, format, mode: 'synth', width, height, palette: { colours: args.palette, strength: Math.max(0, Math.min(1, scale)) * (triggered ? 0.85 : 0.4) } };
    },
  };
}
