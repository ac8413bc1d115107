import { rgbToHex } from '../../shared/logo/brand-kit';
import { hasImageFill } from '../node-info';

/**
 * Reads and rewrites the solid colours of a mark (a node and everything in it): the fills
 * and strokes an SVG import or a designer's vectors carry.
 */
type Painted = SceneNode & MinimalFillsMixin & Partial<MinimalStrokesMixin>;

function* paintedNodes(node: SceneNode): Generator<Painted> {
  if ('fills' in node) yield node as Painted;
  if ('children' in node) for (const child of (node as ChildrenMixin).children) yield* paintedNodes(child);
}

const hexOf = (c: RGB) => rgbToHex(c.r * 255, c.g * 255, c.b * 255);

function solidHexes(paints: ReadonlyArray<Paint> | typeof figma.mixed | undefined): string[] {
  if (!Array.isArray(paints)) return [];
  return (paints as Paint[]).filter((p): p is SolidPaint => p.type === 'SOLID' && p.visible !== false).map((p) => hexOf(p.color));
}

/** Every distinct solid colour in the mark, in the order first met. */
export function markColours(node: SceneNode): string[] {
  const seen = new Set<string>();
  for (const n of paintedNodes(node)) {
    for (const c of solidHexes(n.fills)) seen.add(c);
    for (const c of solidHexes(n.strokes)) seen.add(c);
  }
  return [...seen];
}

/** A bitmap has no colours to map: the mark must be vectorized first. */
export function isBitmapOnly(node: SceneNode): boolean {
  return hasImageFill(node) || markColours(node).length === 0;
}

/**
 * The mark's background: its bottom-most shape when that covers (nearly) the whole mark
 * with one solid colour, as an SVG logo's backdrop rectangle does.
 */
export function backgroundColour(node: SceneNode): string | undefined {
  if (!('children' in node)) return undefined;
  const first = (node as ChildrenMixin).children[0];
  if (!first || !('fills' in first)) return undefined;
  const covers = first.width * first.height >= node.width * node.height * 0.97;
  const [colour] = solidHexes((first as Painted).fills);
  return covers ? colour : undefined;
}

/** Rewrites every solid fill and stroke through `map`; `paintFor` may bind it to a variable. */
export function applyColourMap(
  node: SceneNode,
  map: Map<string, string>,
  paintFor: (hex: string) => SolidPaint = (hex) => solid(hex),
): void {
  const remap = (paints: ReadonlyArray<Paint> | typeof figma.mixed | undefined): Paint[] | undefined => {
    if (!Array.isArray(paints)) return undefined;
    return (paints as Paint[]).map((p) => {
      if (p.type !== 'SOLID') return p;
      const to = map.get(hexOf(p.color));
      if (!to) return p;
      const next = paintFor(to);
      return { ...next, opacity: p.opacity ?? 1, visible: p.visible ?? true };
    });
  };
  for (const n of paintedNodes(node)) {
    const fills = remap(n.fills);
    if (fills) n.fills = fills;
    if ('strokes' in n) {
      const strokes = remap(n.strokes);
      if (strokes) (n as MinimalStrokesMixin).strokes = strokes;
    }
  }
}

export function solid(hex: string): SolidPaint {
  const n = parseInt(hex.slice(1), 16);
  return { type: 'SOLID', color: { r: ((n >> 16) & 255) / 255, g: ((n >> 8) & 255) / 255, b: (n & 255) / 255 } };
}
