import type { TextRole } from '../../shared/design/spec';

/**
 * "Use this file's styles" for text: each role takes the file's own text style whose name
 * says that role ("Heading/H1", "Body", "Caption"…), so the design follows the file's type
 * system. The styles' fonts are loaded first, as Figma requires.
 */
const SYNONYMS: Record<TextRole, string[]> = {
  display: ['display', 'hero', 'title large', 'jumbo'],
  h1: ['h1', 'heading 1', 'heading1', 'title', 'heading xl', 'headline'],
  h2: ['h2', 'heading 2', 'heading2', 'heading l', 'subtitle'],
  h3: ['h3', 'heading 3', 'heading3', 'heading m', 'heading'],
  body: ['body', 'paragraph', 'text', 'body m', 'body regular', 'regular'],
  caption: ['caption', 'small', 'footnote', 'body s'],
  label: ['label', 'overline', 'eyebrow', 'tag'],
  button: ['button', 'cta', 'action'],
};

export async function matchTextStyles(): Promise<{ styles: Partial<Record<TextRole, TextStyle>>; names: string[] }> {
  const local = await figma.getLocalTextStylesAsync();
  const norm = (s: string) => s.toLowerCase().replace(/[_/.\-]+/g, ' ').replace(/\s+/g, ' ').trim();
  const styles: Partial<Record<TextRole, TextStyle>> = {};
  for (const role of Object.keys(SYNONYMS) as TextRole[]) {
    const words = SYNONYMS[role];
    const found =
      local.find((s) => words.includes(norm(s.name)) || words.includes(norm(s.name).split(' ').pop()!)) ??
      local.find((s) => words.some((w) => w.length > 2 && norm(s.name).split(' ').slice(-2).join(' ') === w));
    if (found) styles[role] = found;
  }
  const fonts = new Map(Object.values(styles).map((s) => [`${s!.fontName.family}/${s!.fontName.style}`, s!.fontName]));
  const unloadable = new Set<string>();
  await Promise.all([...fonts].map(([key, font]) => figma.loadFontAsync(font).catch(() => unloadable.add(key))));
  for (const role of Object.keys(styles) as TextRole[]) {
    const font = styles[role]!.fontName;
    if (unloadable.has(`${font.family}/${font.style}`)) delete styles[role];
  }
  return { styles, names: Object.entries(styles).map(([role, s]) => `${role} (${s!.name})`) };
}
