import sharp from 'sharp';
import { unzipSync } from 'fflate';
import { buildTrainingSet } from '../../ui/training/training-set';
import { trainerInput } from '../../ui/training/trainer-input';
import { triggerFor, withTrigger } from '../../shared/training/style';

async function png(colour: string, width = 40, height = 30): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer());
}

describe('the training set zip', () => {
  it('holds each image as exported and a caption of the same name with the prompt and the trigger word', async () => {
    const images = [
      { name: 'Poster / hero', png: await png('#ff0000'), prompt: 'a bold poster of a lighthouse' },
      { name: 'Poster / hero', png: await png('#00ff00', 30, 40), prompt: '' },
      { name: 'Ünïcode ★ name', png: await png('#0000ff'), prompt: 'a mug,\n  flat colours in the style of TOK_ACME' },
    ];
    const { zip } = buildTrainingSet(images, 'TOK_ACME');
    const entries = unzipSync(zip);
    const names = Object.keys(entries).sort();
    expect(names).toEqual(['01-poster-hero.png', '01-poster-hero.txt', '02-poster-hero.png', '02-poster-hero.txt', '03-n-code-name.png', '03-n-code-name.txt']);
    expect(Buffer.from(entries['01-poster-hero.png']).equals(Buffer.from(images[0].png))).toBe(true);
    expect(await sharp(entries['02-poster-hero.png']).metadata()).toMatchObject({ width: 30, height: 40, format: 'png' });
    const caption = (n: string) => new TextDecoder().decode(entries[n]);
    expect(caption('01-poster-hero.txt')).toBe('a bold poster of a lighthouse, in the style of TOK_ACME');
    expect(caption('02-poster-hero.txt')).toBe('in the style of TOK_ACME');
    // Already carries the trigger: not added twice; whitespace folded to one line.
    expect(caption('03-n-code-name.txt')).toBe('a mug, flat colours in the style of TOK_ACME');
  });

  it('stores the images rather than deflating them (PNGs are compressed already)', async () => {
    const image = await png('#123456', 200, 200);
    const { zip } = buildTrainingSet([{ name: 'a', png: image, prompt: 'x' }], 'TOK_A');
    const view = new DataView(zip.buffer, zip.byteOffset);
    expect(view.getUint32(0, true)).toBe(0x04034b50); // local file header
    expect(view.getUint16(8, true)).toBe(0); // method 0: stored
    expect(zip.length).toBeGreaterThan(image.length);
  });
});

describe('trigger words', () => {
  it('are short unique tokens from the style name, added to a prompt once', () => {
    expect(triggerFor('Acme posters 2026!')).toBe('TOK_ACMEPOSTERS2');
    expect(triggerFor('★')).toBe('TOK_STYLE');
    expect(withTrigger('a cat', 'TOK_A')).toBe('a cat, in the style of TOK_A');
    expect(withTrigger('TOK_A a cat', 'TOK_A')).toBe('TOK_A a cat');
    expect(withTrigger('a TOK_AB cat', 'TOK_A')).toBe('a TOK_AB cat, in the style of TOK_A');
  });
});

describe('trainer inputs from the trainer schema', () => {
  const enums = { lora_type: ['subject', 'style'] };
  it('fills fast-flux-trainer’s fields: a style LoRA, training_steps', () => {
    const trainer = {
      id: 'replicate/fast-flux-trainer',
      version: 'v',
      enums,
      inputs: { input_images: { type: 'string', format: 'uri' }, trigger_word: { type: 'string' }, lora_type: { allOf: [{ $ref: '#/components/schemas/lora_type' }] }, training_steps: { type: 'integer' } },
    };
    expect(trainerInput(trainer, { zipUrl: 'https://f/z.zip', trigger: 'TOK_A', steps: 500 })).toEqual({
      input_images: 'https://f/z.zip',
      trigger_word: 'TOK_A',
      lora_type: 'style',
      training_steps: 500,
    });
  });
  it('turns autocaption off (the captions are the recipes’) and leaves steps to the trainer when not set', () => {
    const trainer = { id: 'ostris/flux-dev-lora-trainer', version: 'v', enums: {}, inputs: { input_images: { format: 'uri' }, trigger_word: {}, autocaption: {}, steps: {} } };
    expect(trainerInput(trainer, { zipUrl: 'u', trigger: 'TOK_A' })).toEqual({ input_images: 'u', trigger_word: 'TOK_A', autocaption: false });
  });
});
