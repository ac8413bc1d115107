/**
 * Deterministic text metrics for the fake: every glyph is GLYPH_EM wide, a line is 1.2 em
 * unless lineHeight says otherwise. Real fonts differ, but sizes and line breaks are then the
 * same in jest, in the playground's canvas (which draws the lines computed here) and in any
 * test that asserts them.
 */

/** Average advance of one character, in em. */
export const GLYPH_EM = 0.55;
/** Figma's "Auto" line height for Inter-like fonts, in em. */
export const AUTO_LINE_EM = 1.2;
/** Ascent of the first line's baseline below the top of its line box, in em (for AUTO line height). */
const ASCENT_EM = 0.96;

export interface TextMetricsStyle {
  fontSize: number;
  lineHeight: LineHeight;
  letterSpacing: LetterSpacing;
}

export interface TextLayout {
  /** Lines after wrapping (explicit newlines and word wrap at a fixed width). */
  lines: string[];
  /** Width of the widest line. */
  contentWidth: number;
  /** Height of all the lines. */
  contentHeight: number;
  lineHeight: number;
  /** Distance from the top of the text to the first line's baseline. */
  baseline: number;
}

export function lineHeightPx(style: TextMetricsStyle): number {
  const lh = style.lineHeight;
  if (lh.unit === 'PIXELS') return lh.value;
  if (lh.unit === 'PERCENT') return (lh.value / 100) * style.fontSize;
  return AUTO_LINE_EM * style.fontSize;
}

export function letterSpacingPx(style: TextMetricsStyle): number {
  const ls = style.letterSpacing;
  return ls.unit === 'PIXELS' ? ls.value : (ls.value / 100) * style.fontSize;
}

/** Advance of one character including letter spacing. */
export function charAdvance(style: TextMetricsStyle): number {
  return style.fontSize * GLYPH_EM + letterSpacingPx(style);
}

export function lineWidth(line: string, style: TextMetricsStyle): number {
  return Math.max(0, [...line].length * charAdvance(style));
}

/**
 * Lays out `characters`. `wrapWidth` null: lines break only at newlines (auto-width text);
 * otherwise words wrap greedily at that width and a word longer than a line breaks between characters.
 */
export function layoutText(characters: string, style: TextMetricsStyle, wrapWidth: number | null): TextLayout {
  const adv = charAdvance(style);
  const lines: string[] = [];
  for (const paragraph of characters.split('\n')) {
    if (wrapWidth === null) {
      lines.push(paragraph);
      continue;
    }
    const perLine = Math.max(1, Math.floor((wrapWidth + 1e-6) / (adv || 1)));
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if ([...candidate].length <= perLine) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      let rest = [...word];
      while (rest.length > perLine) {
        lines.push(rest.slice(0, perLine).join(''));
        rest = rest.slice(perLine);
      }
      line = rest.join('');
    }
    lines.push(line);
  }
  const lh = lineHeightPx(style);
  return {
    lines,
    contentWidth: Math.max(0, ...lines.map((l) => lineWidth(l, style))),
    contentHeight: lines.length * lh,
    lineHeight: lh,
    baseline: (lh - AUTO_LINE_EM * style.fontSize) / 2 + ASCENT_EM * style.fontSize,
  };
}
