/**
 * Turns the colours language models actually write (3-digit hex, rgb(), hsl(), common CSS
 * names) into the spec's `#rrggbb`, and finds the nearest palette colour for a raw colour
 * a model put on a node. Alpha is dropped: palette tokens are opaque.
 */

// The names models use in practice; the full CSS list would cost both bundles for little.
const NAMED: Record<string, string> = {
  black: '#000000', white: '#ffffff', red: '#ff0000', green: '#008000', blue: '#0000ff',
  yellow: '#ffff00', orange: '#ffa500', purple: '#800080', pink: '#ffc0cb', brown: '#a52a2a',
  gray: '#808080', grey: '#808080', lightgray: '#d3d3d3', lightgrey: '#d3d3d3', darkgray: '#a9a9a9',
  darkgrey: '#a9a9a9', silver: '#c0c0c0', navy: '#000080', teal: '#008080', cyan: '#00ffff',
  aqua: '#00ffff', magenta: '#ff00ff', fuchsia: '#ff00ff', lime: '#00ff00', olive: '#808000',
  maroon: '#800000', indigo: '#4b0082', violet: '#ee82ee', gold: '#ffd700', beige: '#f5f5dc',
  ivory: '#fffff0', cream: '#fffdd0', tan: '#d2b48c', coral: '#ff7f50', salmon: '#fa8072',
  crimson: '#dc143c', tomato: '#ff6347', chocolate: '#d2691e', sienna: '#a0522d', khaki: '#f0e68c',
  lavender: '#e6e6fa', turquoise: '#40e0d0', skyblue: '#87ceeb', royalblue: '#4169e1',
  slategray: '#708090', slategrey: '#708090', whitesmoke: '#f5f5f5', gainsboro: '#dcdcdc',
  charcoal: '#36454f', offwhite: '#faf9f6', forestgreen: '#228b22', darkgreen: '#006400',
  midnightblue: '#191970', darkblue: '#00008b', steelblue: '#4682b4', linen: '#faf0e6',
  snow: '#fffafa', ghostwhite: '#f8f8ff', wheat: '#f5deb3', peru: '#cd853f', firebrick: '#b22222',
};

const clamp255 = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
const hex2 = (n: number) => clamp255(n).toString(16).padStart(2, '0');
const toHex = (r: number, g: number, b: number) => `#${hex2(r)}${hex2(g)}${hex2(b)}`;

/** `#rrggbb` (lower case) for a colour written any common way, or undefined. */
export function parseColor(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!s) return undefined;
  const hexMatch = /^#?([0-9a-f]{3,8})$/.exec(s);
  if (hexMatch) {
    const h = hexMatch[1];
    if (h.length === 3 || h.length === 4) return `#${h[0]}${h[0]}${h[1]}${h[1]}${h[2]}${h[2]}`;
    if (h.length === 6 || h.length === 8) return `#${h.slice(0, 6)}`;
    return undefined;
  }
  const fn = /^(rgba?|hsla?)\((.*)\)$/.exec(s);
  if (fn) {
    const parts = fn[2].split(/[\s,/]+/).filter(Boolean).slice(0, 3);
    if (parts.length < 3) return undefined;
    if (fn[1].startsWith('rgb')) {
      const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
      const [r, g, b] = parts.map(channel);
      return [r, g, b].every(Number.isFinite) ? toHex(r, g, b) : undefined;
    }
    const h = parseFloat(parts[0]);
    const sat = parseFloat(parts[1]) / 100;
    const light = parseFloat(parts[2]) / 100;
    if (![h, sat, light].every(Number.isFinite)) return undefined;
    return hslToHex(h, Math.min(1, Math.max(0, sat)), Math.min(1, Math.max(0, light)));
  }
  return NAMED[s.replace(/[\s_-]/g, '')];
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255;
  };
  return toHex(f(0), f(8), f(4));
}

function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The key of `palette` whose colour is closest to `hex` (weighted RGB distance). */
export function nearestColor<K extends string>(hex: string, palette: Record<K, string>): K | undefined {
  const [r, g, b] = rgbOf(hex);
  let best: K | undefined;
  let bestDistance = Infinity;
  for (const key of Object.keys(palette) as K[]) {
    const [pr, pg, pb] = rgbOf(palette[key]);
    // Red-mean weighting: closer to perceived difference than plain RGB, and cheap.
    const rm = (r + pr) / 2;
    const d = (2 + rm / 256) * (r - pr) ** 2 + 4 * (g - pg) ** 2 + (2 + (255 - rm) / 256) * (b - pb) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = key;
    }
  }
  return best;
}
