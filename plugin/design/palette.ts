import { COLOR_TOKENS, type ColorToken, type Palette } from '../../shared/design/spec';

/**
 * The design's colours as things Figma can re-theme: by default one variable collection
 * per design, with a COLOR variable per palette token, and every fill bound to its
 * variable, so changing "primary" once changes every button. With "Use this file's
 * styles", tokens whose name matches one of the file's own colour variables or paint
 * styles are bound to those instead.
 */
export interface PaletteBinding {
  /** A paint bound to the token's variable (or the style's paint, for a stroke). */
  paint(token: ColorToken): SolidPaint;
  /** Fills a node with the token: linked to the file's paint style when one matched. */
  fill(node: MinimalFillsMixin, token: ColorToken): Promise<void>;
  /** What each token was bound to, for the notes. */
  boundTo: Partial<Record<ColorToken, string>>;
  collectionId?: string;
}

/** Words a file's own colour names use for each token. */
const SYNONYMS: Record<ColorToken, string[]> = {
  background: ['background', 'bg', 'canvas', 'page'],
  surface: ['surface', 'card', 'panel', 'elevated'],
  primary: ['primary', 'brand', 'action'],
  onPrimary: ['on primary', 'on-primary', 'onprimary', 'on brand', 'primary foreground', 'primary text'],
  text: ['text', 'foreground', 'fg', 'body', 'ink'],
  muted: ['muted', 'secondary text', 'subtle', 'tertiary'],
  accent: ['accent', 'highlight', 'secondary'],
  border: ['border', 'stroke', 'divider', 'outline'],
};

export async function bindPalette(
  palette: Palette,
  title: string,
  useFileStyles: boolean,
  /** A redesigned copy binds the variables its original already has. */
  existingCollectionId?: string,
): Promise<PaletteBinding> {
  const boundTo: PaletteBinding['boundTo'] = {};
  const variables = new Map<ColorToken, Variable>();
  const styles = new Map<ColorToken, PaintStyle>();

  const existing = existingCollectionId ? await figma.variables.getVariableCollectionByIdAsync(existingCollectionId) : null;
  if (existing) {
    for (const variableId of existing.variableIds) {
      const variable = await figma.variables.getVariableByIdAsync(variableId);
      const token = COLOR_TOKENS.find((t) => t === variable?.name);
      if (variable && token) variables.set(token, variable);
    }
  }

  if (useFileStyles && !existing) {
    const fileVariables = await figma.variables.getLocalVariablesAsync('COLOR');
    const fileStyles = await figma.getLocalPaintStylesAsync();
    for (const token of COLOR_TOKENS) {
      const variable = bestMatch(fileVariables, token);
      if (variable) {
        variables.set(token, variable);
        boundTo[token] = variable.name;
        continue;
      }
      const style = bestMatch(fileStyles.filter(isSolidStyle), token);
      if (style) {
        styles.set(token, style);
        boundTo[token] = style.name;
      }
    }
  }

  let collectionId = existing?.id;
  const missing = COLOR_TOKENS.filter((t) => !variables.has(t) && !styles.has(t));
  if (missing.length > 0 && !existing) {
    const collection = figma.variables.createVariableCollection(`${title} · palette`);
    collectionId = collection.id;
    const mode = collection.defaultModeId;
    for (const token of missing) {
      const variable = figma.variables.createVariable(token, collection, 'COLOR');
      variable.setValueForMode(mode, { ...hexToRgb(palette[token]), a: 1 });
      variables.set(token, variable);
    }
  }

  const paint = (token: ColorToken): SolidPaint => {
    const style = styles.get(token);
    if (style) return { ...(style.paints[0] as SolidPaint) };
    const base: SolidPaint = { type: 'SOLID', color: hexToRgb(palette[token]) };
    const variable = variables.get(token);
    return variable ? figma.variables.setBoundVariableForPaint(base, 'color', variable) : base;
  };
  return {
    boundTo,
    collectionId,
    paint,
    async fill(node, token) {
      const style = styles.get(token);
      if (style) await node.setFillStyleIdAsync(style.id);
      else node.fills = [paint(token)];
    },
  };
}

function bestMatch<T extends { name: string }>(items: T[], token: ColorToken): T | undefined {
  const words = SYNONYMS[token];
  const norm = (s: string) => s.toLowerCase().replace(/[_/.]+/g, ' ').trim();
  // The last path segment counts most ("Brand/Primary" is primary); exact before contains.
  const last = (s: string) => norm(s).split(' ').slice(-2).join(' ');
  return (
    items.find((i) => words.includes(norm(i.name)) || words.includes(last(i.name)) || words.includes(norm(i.name).split(' ').pop()!)) ??
    items.find((i) => words.some((w) => w.length > 3 && norm(i.name).includes(w)))
  );
}

function isSolidStyle(style: PaintStyle): boolean {
  return style.paints.length > 0 && style.paints[0].type === 'SOLID';
}

export function hexToRgb(hex: string): RGB {
  const n = parseInt(hex.replace('#', ''), 16);
  return { r: ((n >> 16) & 255) / 255, g: ((n >> 8) & 255) / 255, b: (n & 255) / 255 };
}
