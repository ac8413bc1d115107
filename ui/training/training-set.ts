import { zipSync } from 'fflate';
import { withTrigger } from '../../shared/training/style';

/**
 * The training set as FLUX LoRA trainers read it (replicate/flux-fine-tuner train.py): one zip
 * of images with a `.txt` caption of the same name beside each. Captions are the recipe's
 * prompt with the trigger word, so the style is tied to the word and not to the subjects.
 * Stored, not deflated: PNGs are compressed already and the zip is built in the panel.
 */
export interface TrainingImage {
  name: string;
  png: Uint8Array;
  prompt: string;
}

export function buildTrainingSet(images: TrainingImage[], trigger: string): { zip: Uint8Array; captions: string[] } {
  const files: Record<string, Uint8Array> = {};
  const captions: string[] = [];
  const encoder = new TextEncoder();
  images.forEach((image, i) => {
    const stem = `${String(i + 1).padStart(2, '0')}-${slug(image.name)}`;
    const caption = withTrigger(image.prompt.replace(/\s+/g, ' '), trigger);
    files[`${stem}.png`] = image.png;
    files[`${stem}.txt`] = encoder.encode(caption);
    captions.push(caption);
  });
  return { zip: zipSync(files, { level: 0 }), captions };
}

/** A file name safe in any zip tool: ASCII, no separators. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'image';
}
