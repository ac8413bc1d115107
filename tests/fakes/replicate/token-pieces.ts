/**
 * Splits a language model's answer into token-sized pieces, the way its stream and its
 * `output` array carry it: about 4 characters a piece, whole short words with their leading
 * space (" design"), a line break with the next line's indentation (and its opening quote), short punctuation runs
 * ('":', '",'), long words and deep indentation cut into 4-character parts. Joined, the pieces are the text again,
 * exactly (nothing is dropped or added, surrogate pairs are never split).
 */

const PIECE = /\n[ \t]*"?|[ \t]?[\p{L}\p{N}]+|[ \t]?[^\s\p{L}\p{N}]{1,3}|[ \t]+|[\s\S]/gu;
/** Pieces up to this long stay whole (most common English words are one token); longer ones, deep indentation included, are cut. */
const WHOLE_WORD = 8;
const PART = 4;

export function tokenPieces(text: string): string[] {
  const pieces: string[] = [];
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    const chars = Array.from(piece);
    if (chars.length <= WHOLE_WORD) {
      pieces.push(piece);
      continue;
    }
    for (let i = 0; i < chars.length; i += PART) pieces.push(chars.slice(i, i + PART).join(''));
  }
  return pieces;
}
