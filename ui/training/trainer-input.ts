import type { Trainer } from '../replicate/training-access';

/**
 * A trainer's input, from its own `TrainingInput` schema: the zip goes to `input_images` (or
 * its one file field), the trigger word to `trigger_word`, a style LoRA where the trainer asks
 * which kind (`lora_type`), our captions kept (`autocaption` off), and steps where the person
 * set them, under whichever name the trainer uses (`steps`, `training_steps`).
 */
export function trainerInput(trainer: Trainer, args: { zipUrl: string; trigger: string; steps?: number }): Record<string, unknown> {
  const fields = trainer.inputs;
  const zipField = 'input_images' in fields ? 'input_images' : Object.keys(fields).find((k) => fields[k].format === 'uri');
  if (!zipField) throw new Error(`${trainer.id} takes no file of training images.`);
  const input: Record<string, unknown> = { [zipField]: args.zipUrl };
  if ('trigger_word' in fields) input.trigger_word = args.trigger;
  if ('lora_type' in fields && choicesOf(trainer, 'lora_type').includes('style')) input.lora_type = 'style';
  if ('autocaption' in fields) input.autocaption = false;
  const stepsField = ['steps', 'training_steps', 'max_train_steps'].find((k) => k in fields);
  if (stepsField && args.steps !== undefined) input[stepsField] = args.steps;
  return input;
}

function choicesOf(trainer: Trainer, field: string): unknown[] {
  const schema = trainer.inputs[field];
  if (Array.isArray(schema.enum)) return schema.enum;
  const ref = schema.allOf?.[0]?.$ref?.split('/').pop();
  return (ref && trainer.enums[ref]) || [];
}
