import { BRAND_KIT_COLLECTION, DEFAULT_BRAND_FONT, EMPTY_BRAND_KIT, rgbToHex, type BrandKit } from '../../shared/logo/brand-kit';
import { solid } from './mark-paints';

/**
 * The brand kit lives in the file: the palette as the "Brand kit" variable collection (one
 * COLOR variable per colour, so designers can edit it in Figma and bind to it), the name and
 * font as plugin data on the document.
 */
const META_KEY = 'brandKit';

async function collection(): Promise<VariableCollection | undefined> {
  const all = await figma.variables.getLocalVariableCollectionsAsync();
  return all.find((c) => c.name === BRAND_KIT_COLLECTION);
}

/** The kit's colour variables in order, with their colours in the default mode. */
export async function brandVariables(): Promise<{ variable: Variable; hex: string }[]> {
  const found = await collection();
  if (!found) return [];
  const out: { variable: Variable; hex: string }[] = [];
  for (const variableId of found.variableIds) {
    const variable = await figma.variables.getVariableByIdAsync(variableId);
    const value = variable?.resolvedType === 'COLOR' ? variable.valuesByMode[found.defaultModeId] : undefined;
    if (variable && value && typeof value === 'object' && 'r' in value) {
      out.push({ variable, hex: rgbToHex(value.r * 255, value.g * 255, value.b * 255) });
    }
  }
  return out;
}

export async function loadBrandKit(): Promise<BrandKit> {
  const colors = (await brandVariables()).map((v) => v.hex);
  let meta: Partial<BrandKit> = {};
  try {
    meta = JSON.parse(figma.root.getPluginData(META_KEY) || '{}') as Partial<BrandKit>;
  } catch {
    // A kit written by hand or by a newer version: the colours still count.
  }
  return {
    ...EMPTY_BRAND_KIT,
    colors: colors.slice(0, 8),
    name: typeof meta.name === 'string' ? meta.name : '',
    font: typeof meta.font === 'string' && meta.font.trim() ? meta.font : DEFAULT_BRAND_FONT,
  };
}

/**
 * Existing variables are updated in place (whatever is bound to them re-themes), new colours
 * added, and colours taken out of the kit removed.
 */
export async function saveBrandKit(kit: BrandKit): Promise<{ collectionId?: string }> {
  let found = await collection();
  if (!found && kit.colors.length > 0) found = figma.variables.createVariableCollection(BRAND_KIT_COLLECTION);
  if (found) {
    const existing = await brandVariables();
    const mode = found.defaultModeId;
    const taken = existing.map((e) => e.variable.name);
    kit.colors.forEach((hex, i) => {
      const value = { ...solid(hex).color, a: 1 };
      const current = existing[i]?.variable;
      if (current) return current.setValueForMode(mode, value);
      const name = freeName(taken, i);
      taken.push(name);
      figma.variables.createVariable(name, found!, 'COLOR').setValueForMode(mode, value);
    });
    for (const extra of existing.slice(kit.colors.length)) extra.variable.remove();
  }
  figma.root.setPluginData(META_KEY, JSON.stringify({ name: kit.name.trim(), font: kit.font.trim() || DEFAULT_BRAND_FONT }));
  return found ? { collectionId: found.id } : {};
}

function freeName(taken: string[], index: number): string {
  for (let n = index + 1; ; n++) {
    const name = `Brand/Colour ${n}`;
    if (!taken.includes(name)) return name;
  }
}
