/**
 * A logo mark for the demo: one centred, balanced geometric figure (rings, petals, a cube,
 * rays...) in two or three colours derived from prompt+seed, on a plain light background.
 * Only absolute coordinates, circles and polygons with hex fills, so every SVG reader (and the
 * Figma fake's import, which ignores transforms) draws it the same.
 */
import { hex, hslToRgb, promptHue } from './palette';
import { hash32, rng } from './random';

interface Palette {
  background: string;
  primary: string;
  secondary: string;
  dark: string;
}

type Pt = [number, number];
type Draw = (cx: number, cy: number, R: number, p: Palette, r: () => number) => string[];

const f = (n: number) => n.toFixed(1);
const circle = (x: number, y: number, radius: number, fill: string) => `<circle cx="${f(x)}" cy="${f(y)}" r="${f(radius)}" fill="${fill}"/>`;
const polygon = (pts: Pt[], fill: string) => `<polygon points="${pts.map(([x, y]) => `${f(x)},${f(y)}`).join(' ')}" fill="${fill}"/>`;
const polar = (cx: number, cy: number, radius: number, angle: number): Pt => [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];

function regular(cx: number, cy: number, radius: number, sides: number, turn: number): Pt[] {
  return Array.from({ length: sides }, (_, i) => polar(cx, cy, radius, turn + (i * 2 * Math.PI) / sides));
}

/** A ring segment as a polygon (arcs as short chords, which every reader draws alike). */
function sector(cx: number, cy: number, inner: number, outer: number, from: number, to: number): Pt[] {
  const steps = Math.max(6, Math.ceil(((to - from) * 180) / Math.PI / 4));
  const out: Pt[] = [];
  for (let i = 0; i <= steps; i++) out.push(polar(cx, cy, outer, from + ((to - from) * i) / steps));
  for (let i = steps; i >= 0; i--) out.push(polar(cx, cy, inner, from + ((to - from) * i) / steps));
  return out;
}

const UP = -Math.PI / 2;

const MARKS: Draw[] = [
  // Petals around a centre.
  (cx, cy, R, p, r) => {
    const n = [3, 4, 5, 6, 8][Math.floor(r() * 5)];
    // An odd count reaches higher than it hangs low: centre the figure's box, not its hub.
    const low = Math.max(...Array.from({ length: n }, (_, i) => Math.sin(UP + (i * 2 * Math.PI) / n)));
    cy += (R * 0.52 * (1 - low)) / 2;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const [x, y] = polar(cx, cy, R * 0.52, UP + (i * 2 * Math.PI) / n);
      out.push(circle(x, y, R * 0.46, i % 2 && n % 2 === 0 ? p.secondary : p.primary));
    }
    return [...out, circle(cx, cy, R * 0.3, p.background), circle(cx, cy, R * 0.16, p.dark)];
  },
  // A ring holding a polygon.
  (cx, cy, R, p, r) => {
    const sides = 3 + Math.floor(r() * 4);
    return [
      circle(cx, cy, R, p.primary),
      circle(cx, cy, R * 0.8, p.background),
      polygon(regular(cx, cy, R * 0.66, sides, UP), p.secondary),
      circle(cx, cy, R * 0.18, p.dark),
    ];
  },
  // Nested diamonds.
  (cx, cy, R, p) => [
    polygon(regular(cx, cy, R, 4, UP), p.primary),
    polygon(regular(cx, cy, R * 0.64, 4, UP), p.background),
    polygon(regular(cx, cy, R * 0.4, 4, UP), p.secondary),
  ],
  // An isometric cube: a hexagon of three rhombi.
  (cx, cy, R, p) => {
    const h = regular(cx, cy, R, 6, UP);
    const c: Pt = [cx, cy];
    return [
      polygon([h[0], h[1], c, h[5]], p.secondary),
      polygon([h[1], h[2], h[3], c], p.primary),
      polygon([h[3], h[4], h[5], c], p.dark),
    ];
  },
  // A sunburst.
  (cx, cy, R, p, r) => {
    const n = 8 + 2 * Math.floor(r() * 5);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = UP + (i * 2 * Math.PI) / n;
      const w = Math.PI / n / 1.6;
      out.push(polygon([polar(cx, cy, R * 0.5, a - w), polar(cx, cy, R, a), polar(cx, cy, R * 0.5, a + w)], i % 2 ? p.secondary : p.primary));
    }
    return [...out, circle(cx, cy, R * 0.48, p.primary), circle(cx, cy, R * 0.3, p.background), circle(cx, cy, R * 0.18, p.secondary)];
  },
  // A segmented ring around a dot.
  (cx, cy, R, p, r) => {
    const n = 3 + Math.floor(r() * 4);
    const gap = 0.18;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const from = UP + (i * 2 * Math.PI) / n + gap / 2;
      out.push(polygon(sector(cx, cy, R * 0.62, R, from, from + (2 * Math.PI) / n - gap), i % 2 && n % 2 === 0 ? p.secondary : p.primary));
    }
    return [...out, circle(cx, cy, R * 0.36, p.dark), circle(cx, cy, R * 0.14, p.secondary)];
  },
  // A rounded tile with a ring inside.
  (cx, cy, R, p) => {
    const s = R * 0.9;
    const k = s * 0.3;
    const tile: Pt[] = [];
    for (const [qx, qy, a0] of [[1, 1, 0], [-1, 1, Math.PI / 2], [-1, -1, Math.PI], [1, -1, (3 * Math.PI) / 2]] as const) {
      for (let i = 0; i <= 6; i++) tile.push(polar(cx + qx * (s - k), cy + qy * (s - k), k, a0 + (i * Math.PI) / 12));
    }
    return [polygon(tile, p.primary), circle(cx, cy, s * 0.62, p.secondary), circle(cx, cy, s * 0.36, p.primary), circle(cx, cy, s * 0.16, p.background)];
  },
];

export function logoPalette(prompt: string, key: string): Palette {
  const r = rng(hash32(key + '#palette'));
  const hue = promptHue(prompt, key);
  const turn = [35, 150, 180, 200, 320][Math.floor(r() * 5)];
  return {
    background: hex(hslToRgb(hue, 0.3, 0.96)),
    primary: hex(hslToRgb(hue, 0.65, 0.42)),
    secondary: hex(hslToRgb(hue + turn, 0.75, 0.56)),
    dark: hex(hslToRgb(hue, 0.4, 0.18)),
  };
}

export function logoMarkSvg(width: number, height: number, prompt: string, key: string): string {
  const r = rng(hash32(key));
  const p = logoPalette(prompt, key);
  const draw = MARKS[Math.floor(r() * MARKS.length)];
  const R = Math.min(width, height) * 0.3;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${p.background}"/>`,
    ...draw(width / 2, height / 2, R, p, r),
    '</svg>',
  ].join('');
}

const LOGO_WORDS = /\b(logos?|logotypes?|icons?|marks?|emblems?|monograms?|badges?|wordmarks?|favicons?|symbols?|insignias?|crests?)\b/i;

export function asksForLogo(prompt: string): boolean {
  return LOGO_WORDS.test(prompt);
}
