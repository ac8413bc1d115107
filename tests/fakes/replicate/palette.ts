/**
 * Colours the demo derives from a prompt: a named colour in the prompt wins ("a red balloon",
 * "make it night"), otherwise the hue comes from the hash of prompt+seed, so the same request
 * always looks the same and different prompts look different.
 */
import { hash32 } from './random';

export type Rgb = [number, number, number];

const WORD_COLOURS: [RegExp, Rgb][] = [
  [/\b(night|midnight|moon|dark)\b/i, [40, 56, 120]],
  [/\b(sunset|dusk|warm|autumn|fall|orange)\b/i, [240, 130, 50]],
  [/\b(gold|golden|yellow|sunny|summer)\b/i, [240, 200, 60]],
  [/\b(red|fire|rose|cherry)\b/i, [215, 45, 50]],
  [/\b(pink|blossom)\b/i, [235, 120, 170]],
  [/\b(purple|violet|lavender)\b/i, [140, 80, 200]],
  [/\b(blue|ocean|sea|sky|water|cold|winter|ice)\b/i, [50, 110, 220]],
  [/\b(green|forest|leaf|grass|spring|nature)\b/i, [60, 160, 80]],
  [/\b(teal|cyan|turquoise)\b/i, [30, 170, 170]],
  [/\b(brown|wood|coffee|earth)\b/i, [130, 85, 50]],
  [/\b(black|noir)\b/i, [30, 30, 34]],
  [/\b(white|snow)\b/i, [245, 245, 245]],
  [/\b(grey|gray|monochrome|black and white)\b/i, [128, 128, 128]],
];

/** The colour a prompt names, if it names one. */
export function promptColour(prompt: string): Rgb | undefined {
  return WORD_COLOURS.find(([re]) => re.test(prompt))?.[1];
}

/** A hue in degrees: the named colour's, else one from the hash of `key`. */
export function promptHue(prompt: string, key: string): number {
  const named = promptColour(prompt);
  return named ? hueOf(named) : hash32(key) % 360;
}

export function hslToRgb(h: number, s: number, l: number): Rgb {
  const hh = (((h % 360) + 360) % 360) / 60;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((hh % 2) - 1));
  const [r, g, b] = hh < 1 ? [c, x, 0] : hh < 2 ? [x, c, 0] : hh < 3 ? [0, c, x] : hh < 4 ? [0, x, c] : hh < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as Rgb;
}

export function hex([r, g, b]: Rgb): string {
  return '#' + [r, g, b].map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0')).join('');
}

export function hueOf([r, g, b]: Rgb): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}
