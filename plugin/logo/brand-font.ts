import { DEFAULT_BRAND_FONT } from '../../shared/logo/brand-kit';

/**
 * The kit's font, loaded, in the heaviest weight it has up to Bold (a wordmark beside a mark
 * wants weight); Inter when the family is not on this computer, said in a note.
 */
const WEIGHTS = ['Bold', 'Semi Bold', 'SemiBold', 'Medium', 'Regular'];

export async function loadBrandFont(family: string, wanted: string[] = WEIGHTS): Promise<{ font: FontName; note?: string }> {
  const available = await figma.listAvailableFontsAsync();
  const styles = (fam: string) => available.filter((f) => f.fontName.family.toLowerCase() === fam.toLowerCase()).map((f) => f.fontName);
  let note: string | undefined;
  let fonts = styles(family);
  if (fonts.length === 0) {
    note = `“${family}” is not installed here, so ${DEFAULT_BRAND_FONT} was used.`;
    fonts = styles(DEFAULT_BRAND_FONT);
  }
  const font = wanted.map((w) => fonts.find((f) => f.style === w)).find(Boolean) ?? fonts[0] ?? { family: DEFAULT_BRAND_FONT, style: 'Regular' };
  await figma.loadFontAsync(font);
  return { font, ...(note ? { note } : {}) };
}
