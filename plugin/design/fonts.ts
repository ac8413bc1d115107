import { TEXT_ROLE_SCALE, type TextRole, type Typography } from '../../shared/design/spec';

/**
 * Fonts for a design: the family the model asked for if this computer has it, else Inter,
 * else Roboto, else whatever is installed; the role's weight if the family has it, else the
 * nearest one. Every font is loaded before any text uses it (Figma throws otherwise), and a
 * missing family is said once in the design's notes.
 */
const FALLBACK_FAMILIES = ['Inter', 'Roboto'];
const WEIGHT_ORDER = ['Bold', 'Semi Bold', 'SemiBold', 'Medium', 'Regular'];

export interface FontBook {
  fontFor(role: TextRole): FontName;
  notes: string[];
}

export async function prepareFonts(typography: Typography): Promise<FontBook> {
  const available = await figma.listAvailableFontsAsync();
  const styles = new Map<string, Set<string>>();
  for (const { fontName } of available) {
    const set = styles.get(fontName.family) ?? new Set<string>();
    set.add(fontName.style);
    styles.set(fontName.family, set);
  }
  const notes: string[] = [];
  const family = (wanted: string): string => {
    const exact = [...styles.keys()].find((f) => f.toLowerCase() === wanted.trim().toLowerCase());
    if (exact) return exact;
    const fallback = FALLBACK_FAMILIES.find((f) => styles.has(f)) ?? [...styles.keys()][0] ?? 'Inter';
    const note = `“${wanted}” is not installed here, so ${fallback} was used.`;
    if (!notes.includes(note)) notes.push(note);
    return fallback;
  };
  const heading = family(typography.heading);
  const body = family(typography.body);

  const chosen = new Map<TextRole, FontName>();
  for (const role of Object.keys(TEXT_ROLE_SCALE) as TextRole[]) {
    const { weight, heading: isHeading } = TEXT_ROLE_SCALE[role];
    const fam = isHeading ? heading : body;
    chosen.set(role, { family: fam, style: nearestStyle(styles.get(fam), weight) });
  }
  const unique = new Map([...chosen.values()].map((f) => [`${f.family}/${f.style}`, f]));
  const failed = new Set<string>();
  await Promise.all(
    [...unique.entries()].map(([key, font]) =>
      figma.loadFontAsync(font).catch(() => {
        failed.add(key);
      }),
    ),
  );
  if (failed.size > 0) {
    // A font the list offered but could not load: every role falls back to Inter Regular.
    const safe = { family: 'Inter', style: 'Regular' };
    await figma.loadFontAsync(safe);
    for (const [role, font] of chosen) if (failed.has(`${font.family}/${font.style}`)) chosen.set(role, safe);
    notes.push(`Some fonts could not be loaded, so Inter was used for them.`);
  }
  return { fontFor: (role) => chosen.get(role)!, notes };
}

function nearestStyle(available: Set<string> | undefined, wanted: string): string {
  if (!available || available.size === 0) return 'Regular';
  if (available.has(wanted)) return wanted;
  const start = Math.max(0, WEIGHT_ORDER.indexOf(wanted));
  // Lighter first (a Bold heading becomes Semi Bold before Regular), then anything there is.
  for (const style of WEIGHT_ORDER.slice(start)) if (available.has(style)) return style;
  for (const style of WEIGHT_ORDER) if (available.has(style)) return style;
  return [...available][0];
}
