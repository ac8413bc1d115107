/**
 * The input fields Ideogram v3's models share (Turbo in models.ts, Quality in models-2026.ts),
 * as replicate.com/ideogram-ai/<model>/versions/<id>/api lists them, and how their demo output
 * is sized. Each model keeps its own field order: it is the schema's x-order.
 */
import type { FieldSpec, OutputPlan } from './models';

export const ideogramAspectRatio: FieldSpec = {
  name: 'aspect_ratio',
  type: 'string',
  enum: ['1:3', '3:1', '1:2', '2:1', '9:16', '16:9', '10:16', '16:10', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '1:1'],
  default: '1:1',
  description: 'Aspect ratio. Ignored if a resolution or inpainting image is given.',
};

export const ideogramResolution: FieldSpec = {
  name: 'resolution',
  type: 'string',
  enum: ['None', '512x1536', '576x1408', '640x1344', '704x1152', '768x1280', '832x1216', '896x1152', '960x1088', '1024x1024', '1088x960', '1152x896', '1216x832', '1280x768', '1344x640', '1408x576', '1536x512'],
  default: 'None',
  description: 'Resolution. Overrides aspect ratio. Ignored if an inpainting image is given.',
};

export const ideogramMagicPrompt: FieldSpec = {
  name: 'magic_prompt_option',
  type: 'string',
  enum: ['Auto', 'On', 'Off'],
  default: 'Auto',
  description:
    'Magic Prompt will interpret your prompt and optimize it to maximize variety and quality of the images generated. You can also use it to write prompts in different languages.',
};

export const ideogramStyleType: FieldSpec = {
  name: 'style_type',
  type: 'string',
  enum: ['None', 'Auto', 'General', 'Realistic', 'Design'],
  default: 'None',
  description: 'The styles help define the specific aesthetic of the image you want to generate.',
};

export const ideogramImage: FieldSpec = { name: 'image', type: 'uri', description: 'An image file to use for inpainting. You must also use a mask.' };

export const ideogramMask: FieldSpec = {
  name: 'mask',
  type: 'uri',
  description: 'A black and white image. Black pixels are inpainted, white pixels are preserved. The mask will be resized to match the image size.',
};

export const ideogramStyleReferences: FieldSpec = { name: 'style_reference_images', type: 'uri[]', description: 'A list of images to use as style references.' };

/** An edit (or, with a mask, a fill painted where the mask is black) follows its image; otherwise the resolution, else the ratio at `sizeOfRatio`. */
export function ideogramPlan(input: Record<string, unknown>, sizeOfRatio: (ratio: string) => [number, number]): OutputPlan {
  if (typeof input.image === 'string') {
    const mask = typeof input.mask === 'string' ? { field: 'mask', repaint: 'black' as const, resized: true } : undefined;
    return { count: 1, format: 'png', mode: mask ? 'fill' : 'edit', mask, sizeFromInput: 'image', inputFactor: 1 };
  }
  const m = /^(\d+)x(\d+)$/.exec(String(input.resolution ?? 'None'));
  const [width, height] = m ? [Number(m[1]), Number(m[2])] : sizeOfRatio(String(input.aspect_ratio ?? '1:1'));
  return { count: 1, format: 'png', mode: 'synth', width, height };
}
