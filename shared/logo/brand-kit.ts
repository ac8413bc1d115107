import * as v from 'valibot';
import { parseColor } from '../design/color';

/**
 * A file's brand kit: its palette (kept as a Figma variable collection, so it is the file's
 * own and anyone can edit it in Figma's variables panel), an optional brand name and font
 * (kept as document plugin data: a name and a font are not colours).
 */
export const BRAND_KIT_COLLECTION = 'Brand kit';
export const MAX_BRAND_COLOURS = 8;
export const DEFAULT_BRAND_FONT = 'Inter';

const hex = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/));
export const BrandKitSchema = v.object({
  colors: v.pipe(v.array(hex), v.maxLength(MAX_BRAND_COLOURS)),
  name: v.pipe(v.string(), v.maxLength(80)),
  font: v.pipe(v.string(), v.maxLength(80)),
});
export type BrandKit = v.InferOutput<typeof BrandKitSchema>;

export const EMPTY_BRAND_KIT: BrandKit = { colors: [], name: '', font: DEFAULT_BRAND_FONT };

/**
 * Reads a palette as people type it: hex codes (with or without #, 3 or 6 digits), rgb(),
 * or CSS names, separated by commas, spaces or new lines. Duplicates are dropped.
 */
export function parseColourList(text: string): { colors: string[]; problem?: string } {
  const words = text
    .split(/[\s,;]+(?![^(]*\))/)
    .map((w) => w.trim())
    .filter(Boolean);
  const colors: string[] = [];
  const bad: string[] = [];
  for (const word of words) {
    const colour = parseColor(word);
    if (!colour) bad.push(word);
    else if (!colors.includes(colour)) colors.push(colour);
  }
  if (bad.length > 0) {
    return { colors, problem: `“${bad[0]}” is not a colour; use hex codes like #1d3557, separated by commas.` };
  }
  if (colors.length > MAX_BRAND_COLOURS) {
    return { colors: colors.slice(0, MAX_BRAND_COLOURS), problem: `A brand kit holds at most ${MAX_BRAND_COLOURS} colours; ${colors.length} were given.` };
  }
  return { colors };
}

export function hexToRgb255(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function rgbToHex(r: number, g: number, b: number): string {
  const h = (x: number) => Math.max(0, Math.min(255, Math.round(x))).toString(16).padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

/** WCAG relative luminance, 0 (black) .. 1 (white), of 0..255 channels. */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
