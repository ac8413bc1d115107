import { hexToRgb255, luminance, rgbToHex } from '../../shared/logo/brand-kit';

/**
 * The colour arithmetic of the local logo tools, pure so each rule is tested on its own.
 * Colours are `#rrggbb`; each function returns, for every colour of a mark, its new colour.
 */

const lum = (hex: string) => luminance(hexToRgb255(hex));
const byLuminance = (colors: readonly string[]) => [...colors].sort((a, b) => lum(a) - lum(b));

/**
 * Recolor to palette: the mark's colours and the palette are each ranked dark to light, and
 * the k-th darkest colour of the mark takes the colour at the same relative rank in the
 * palette, so light stays light and dark stays dark (the mark still reads) whatever the
 * number of colours on either side.
 */
export function mapByLuminanceRank(markColors: readonly string[], palette: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (palette.length === 0) return out;
  const from = byLuminance([...new Set(markColors)]);
  const to = byLuminance([...new Set(palette)]);
  from.forEach((colour, rank) => {
    const at = from.length === 1 ? 0 : Math.round((rank * (to.length - 1)) / (from.length - 1));
    out.set(colour, to[at]);
  });
  return out;
}

/**
 * Mono: every colour becomes the one ink, except the mark's background and the shapes that
 * let it show through (same colour as the background), which become paper.
 */
export function monoMap(markColors: readonly string[], ink: string, background?: string, paper = '#ffffff'): Map<string, string> {
  return new Map(markColors.map((c) => [c, background && c === background ? paper : ink]));
}

/**
 * Inverse, for dark backgrounds: each colour keeps its hue and saturation and takes the
 * opposite lightness, so a light ground turns dark, a dark outline light, and a mid-tone
 * accent stays recognisably itself.
 */
export function inverseColour(hex: string): string {
  const [r, g, b] = hexToRgb255(hex).map((c) => c / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d !== 0) h = ((max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4) * 60 + 360) % 360;
  const l2 = 1 - l;
  const c = (1 - Math.abs(2 * l2 - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const [r1, g1, b1] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  const m = l2 - c / 2;
  return rgbToHex((r1 + m) * 255, (g1 + m) * 255, (b1 + m) * 255);
}

export function inverseMap(markColors: readonly string[]): Map<string, string> {
  return new Map(markColors.map((c) => [c, inverseColour(c)]));
}

/** The darkest colour of a palette (Mono's default ink), or undefined for none. */
export function darkest(palette: readonly string[]): string | undefined {
  return byLuminance(palette)[0];
}
