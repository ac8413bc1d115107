import type { Polyline } from './path-data';
import type { TextLayout } from './text-metrics';

/**
 * Where a text node puts ink, without fonts: one letter-box per character, shaped by the
 * letter's height class (x-height, ascender, capital, descender), on the lines, advance and
 * baseline of the fake's text metrics (text-metrics.ts, which the playground draws too),
 * aligned like the node says. Enough for an export to read as lines of text in the right
 * colour, place and size.
 */
export interface TextInkInput {
  layout: TextLayout;
  /** Advance of one character (letter spacing included). */
  advance: number;
  fontSize: number;
  width: number;
  height: number;
  alignH: string;
  alignV: string;
  bold: boolean;
}

/** Ink rectangles in the node's own coordinates. */
export function textInk(t: TextInkInput): Polyline[] {
  const em = t.fontSize;
  const { lines, lineHeight, baseline: firstBaseline, contentHeight } = t.layout;
  const top = t.alignV === 'CENTER' ? (t.height - contentHeight) / 2 : t.alignV === 'BOTTOM' ? t.height - contentHeight : 0;
  const stem = em * (t.bold ? 0.12 : 0.08);
  const glyph = Math.min(t.advance, em * 0.55) - em * 0.14;
  const out: Polyline[] = [];
  lines.forEach((raw, row) => {
    const line = [...raw.trimEnd()];
    const lineW = line.length * t.advance;
    const left = t.alignH === 'CENTER' ? (t.width - lineW) / 2 : t.alignH === 'RIGHT' ? t.width - lineW : 0;
    const baseline = top + firstBaseline + row * lineHeight;
    line.forEach((ch, i) => {
      if (/\s/.test(ch) || glyph <= 0) return;
      const x0 = left + i * t.advance + em * 0.07;
      const x1 = x0 + glyph;
      let y0 = baseline - em * 0.52;
      let y1 = baseline;
      if (/[A-Z0-9bdfhklt!?|/\\()[\]{}]/.test(ch)) y0 = baseline - em * 0.72;
      if (/[gjpqy]/.test(ch)) y1 = baseline + em * 0.2;
      if (/[.,:;'"`_-]/.test(ch)) {
        y0 = ch === '-' ? baseline - em * 0.3 : /['"`]/.test(ch) ? baseline - em * 0.72 : baseline - em * 0.12;
        y1 = ch === '-' ? y0 + stem : /['"`]/.test(ch) ? y0 + em * 0.2 : baseline;
      }
      // An outlined letter box reads as type rather than as a bar chart.
      out.push(rect(x0, y0, x1, y0 + stem), rect(x0, y0, x0 + stem, y1));
      if (y1 - y0 > stem * 2) out.push(rect(x0, y1 - stem, x1, y1), rect(x1 - stem, y0, x1, y1));
    });
  });
  return out;
}

function rect(x0: number, y0: number, x1: number, y1: number): Polyline {
  return { points: [x0, y0, x1, y0, x1, y1, x0, y1], closed: true };
}
