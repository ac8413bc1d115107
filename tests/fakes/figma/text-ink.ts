import type { Polyline } from './path-data';

/**
 * Where a text node puts ink, without fonts: one block per character, shaped like the
 * letter's height class (x-height, ascender, capital, descender), on the same 0.55 em
 * advance and 1.2 em line height as the fake's text metrics, wrapped by word in fixed-width
 * boxes and aligned like the node says. Enough for an export to read as lines of text in
 * the right colour, place and size.
 */

export interface TextLayout {
  characters: string;
  fontSize: number;
  width: number;
  height: number;
  autoResize: string;
  alignH: string;
  alignV: string;
  bold: boolean;
}

const ADVANCE = 0.55;
const LINE = 1.2;

function wrap(text: string, perLine: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/(?<= )/)) {
      if (line && (line + word).trimEnd().length > perLine) {
        lines.push(line);
        line = '';
      }
      let w = word;
      while (w.trimEnd().length > perLine) {
        lines.push(w.slice(0, perLine));
        w = w.slice(perLine);
      }
      line += w;
    }
    lines.push(line);
  }
  return lines;
}

/** Ink rectangles in the node's own coordinates. */
export function textInk(t: TextLayout): Polyline[] {
  const em = t.fontSize;
  const perLine = t.autoResize === 'WIDTH_AND_HEIGHT' ? Infinity : Math.max(1, Math.floor(t.width / (em * ADVANCE)));
  const lines = wrap(t.characters, perLine);
  const blockH = lines.length * em * LINE;
  const top = t.alignV === 'CENTER' ? (t.height - blockH) / 2 : t.alignV === 'BOTTOM' ? t.height - blockH : 0;
  const stem = em * (t.bold ? 0.12 : 0.08);
  const out: Polyline[] = [];
  lines.forEach((raw, row) => {
    const line = raw.trimEnd();
    const lineW = line.length * em * ADVANCE;
    const left = t.alignH === 'CENTER' ? (t.width - lineW) / 2 : t.alignH === 'RIGHT' ? t.width - lineW : 0;
    const baseline = top + row * em * LINE + em * 0.95;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (/\s/.test(ch)) continue;
      const x0 = left + i * em * ADVANCE + em * 0.07;
      const x1 = x0 + em * (ADVANCE - 0.14);
      let y0 = baseline - em * 0.52;
      let y1 = baseline;
      if (/[A-Z0-9bdfhklt!?|/\\()[\]{}]/.test(ch)) y0 = baseline - em * 0.72;
      if (/[gjpqy]/.test(ch)) y1 = baseline + em * 0.2;
      if (/[.,:;'"`_-]/.test(ch)) {
        y0 = ch === '-' ? baseline - em * 0.3 : /['"`]/.test(ch) ? baseline - em * 0.72 : baseline - em * 0.12;
        y1 = ch === '-' ? y0 + stem : /['"`]/.test(ch) ? y0 + em * 0.2 : baseline;
      }
      // An outlined letter box with a stem reads as type rather than as a bar chart.
      out.push(rect(x0, y0, x1, y0 + stem), rect(x0, y0, x0 + stem, y1));
      if (y1 - y0 > stem * 2) out.push(rect(x0, y1 - stem, x1, y1), rect(x1 - stem, y0, x1, y1));
    }
  });
  return out;
}

function rect(x0: number, y0: number, x1: number, y1: number): Polyline {
  return { points: [x0, y0, x1, y0, x1, y1, x0, y1], closed: true };
}
