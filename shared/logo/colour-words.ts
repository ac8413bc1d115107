import { hexToRgb255 } from './brand-kit';

/**
 * Colours said in words, for models with no colour input: "deep blue (#1d3557)". Image
 * models follow colour names far better than hex codes, and the codes stay for the ones
 * that read them.
 */
const HUES: [number, string][] = [
  [15, 'red'], [40, 'orange'], [65, 'yellow'], [160, 'green'], [190, 'teal'], [255, 'blue'], [290, 'purple'], [335, 'pink'], [360, 'red'],
];

export function colourName(hex: string): string {
  const [r, g, b] = hexToRgb255(hex).map((c) => c / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  if (s < 0.12 || d < 0.06) {
    return l > 0.92 ? 'white' : l < 0.1 ? 'black' : l > 0.7 ? 'light grey' : l < 0.3 ? 'charcoal' : 'grey';
  }
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (h * 60 + 360) % 360;
  let hue = HUES.find(([limit]) => h < limit)![1];
  if (hue === 'orange' && l < 0.35) hue = 'brown';
  const tone = l < 0.3 ? 'deep ' : l > 0.75 ? 'pale ' : l > 0.6 ? 'light ' : s > 0.75 && l > 0.4 ? 'bright ' : '';
  return tone + hue;
}

/** ", using only these colours: deep blue (#1d3557), coral red (#e63946)". */
export function colourPhrase(colors: readonly string[]): string {
  if (colors.length === 0) return '';
  return `, using only these colours: ${colors.map((c) => `${colourName(c)} (${c})`).join(', ')}`;
}
