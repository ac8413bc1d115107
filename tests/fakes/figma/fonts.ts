/**
 * The fonts the fake offers, named as Figma lists them. Style names differ between families
 * ("Semi Bold" in Inter, "SemiBold" in the Google families), as they do in Figma: a plugin
 * must pick from listAvailableFontsAsync rather than guess a style name.
 */

const STYLES: Record<string, string[]> = {
  Inter: ['Thin', 'Extra Light', 'Light', 'Regular', 'Medium', 'Semi Bold', 'Bold', 'Extra Bold', 'Black', 'Italic'],
  Roboto: ['Thin', 'Light', 'Regular', 'Medium', 'SemiBold', 'Bold', 'Black', 'Italic'],
  'Open Sans': ['Light', 'Regular', 'Medium', 'SemiBold', 'Bold', 'ExtraBold'],
  Lato: ['Thin', 'Light', 'Regular', 'Bold', 'Black'],
  Montserrat: ['Light', 'Regular', 'Medium', 'SemiBold', 'Bold', 'ExtraBold'],
  Poppins: ['Light', 'Regular', 'Medium', 'SemiBold', 'Bold'],
  'Playfair Display': ['Regular', 'Medium', 'SemiBold', 'Bold'],
  'DM Sans': ['Regular', 'Medium', 'SemiBold', 'Bold'],
  'Roboto Mono': ['Regular', 'Medium', 'Bold'],
};

export const DEFAULT_FONTS: readonly Font[] = Object.freeze(
  Object.entries(STYLES).flatMap(([family, styles]) => styles.map((style) => Object.freeze({ fontName: Object.freeze({ family, style }) }))),
);

export function fontNotFound(font: FontName): Error {
  return new Error(`The font "${font.family} ${font.style}" could not be loaded`);
}

export function unloadedFont(font: FontName): Error {
  return new Error(
    `Cannot write to node with unloaded font "${font.family} ${font.style}". Please call figma.loadFontAsync({ family: "${font.family}", style: "${font.style}" }) and await the returned promise first.`,
  );
}

/** CSS weight for a Figma style name ("Semi Bold", "SemiBold", "ExtraBold Italic"...), for drawing. */
export function fontWeight(style: string): number {
  const s = style.toLowerCase().replace(/[\s-]/g, '');
  if (s.includes('thin')) return 100;
  if (s.includes('extralight') || s.includes('ultralight')) return 200;
  if (s.includes('light')) return 300;
  if (s.includes('medium')) return 500;
  if (s.includes('semibold') || s.includes('demibold')) return 600;
  if (s.includes('extrabold') || s.includes('ultrabold')) return 800;
  if (s.includes('bold')) return 700;
  if (s.includes('black') || s.includes('heavy')) return 900;
  return 400;
}
