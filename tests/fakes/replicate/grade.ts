/**
 * The demo's edit-by-instruction and image-to-image: the source stays recognisable, moved
 * towards the prompt by a colour grade (an overlay of the prompt's colour: "make it night"
 * goes dark blue, "sunset" warm), a light falling from a seed-chosen side (so variants differ)
 * and, at high strength, a posterised look. `strength` (prompt_strength) sets how far it moves.
 */
import type { OutputFormat } from './models';
import { hslToRgb, promptColour, promptHue, type Rgb } from './palette';
import { decodeRgba, encodeRgba } from './pixels';
import { hash32, rng } from './random';

export async function renderGrade(args: {
  input: Buffer;
  width: number;
  height: number;
  prompt: string;
  key: string;
  strength: number;
  format: OutputFormat;
  quality?: number;
}): Promise<Buffer> {
  const { width: w, height: h } = args;
  const img = await decodeRgba(args.input, { width: w, height: h });
  const strength = Math.max(0, Math.min(1, args.strength));
  const tint: Rgb = promptColour(args.prompt) ?? hslToRgb(promptHue(args.prompt, args.key), 0.65, 0.5);
  const amount = 0.05 + 0.45 * strength;
  const r = rng(hash32(args.key));
  const lx = r() * w;
  const ly = r() * h * 0.6;
  const reach = Math.max(w, h) * 0.9;
  const light = 0.02 + 0.1 * strength;
  const levels = strength > 0.6 ? Math.round(6 + (1 - strength) * 40) : 0;
  // A dark prompt colour ("night") also dims the picture, a light one brightens it.
  const tone = 1 + amount * 1.2 * ((0.2126 * tint[0] + 0.7152 * tint[1] + 0.0722 * tint[2]) / 255 - 0.5);
  const data = img.data;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const glow = 1 + light * (1 - 2 * Math.min(1, Math.hypot(x - lx, y - ly) / reach));
      for (let k = 0; k < 3; k++) {
        const s = data[o + k] / 255;
        const t = tint[k] / 255;
        const overlay = s < 0.5 ? 2 * s * t : 1 - 2 * (1 - s) * (1 - t);
        let v = (s + amount * (overlay - s)) * glow * tone;
        if (levels) v = 0.5 * v + 0.5 * (Math.round(v * levels) / levels);
        data[o + k] = Math.max(0, Math.min(255, Math.round(v * 255)));
      }
    }
  }
  return encodeRgba(img, args.format, args.quality);
}
