/**
 * The demo vectorizer (recraft-ai/recraft-vectorize): the input is posterised into its few
 * dominant colours (k-means, 2–5 of them), and each colour region is written as one SVG
 * path of pixel runs on a fine grid, over a backdrop rectangle of the border's colour. The
 * result is a handful of flat-coloured vector shapes that trace the source, which is what a
 * real vectorizer returns for a flat logo, and what the local logo tools work on.
 */
import sharp from 'sharp';

type Rgb = [number, number, number];
const MAX_COLOURS = 5;
/** Colours closer than this (RGB distance) are one colour; anti-aliasing makes many near-twins. */
const MERGE_DISTANCE = 48;
/** Grid cells along the longer side: fine enough for the mark's shape, small enough to stay light. */
const GRID = 160;

const dist2 = (a: Rgb, b: Rgb) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
const hex = (c: Rgb) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

export async function renderVectorize(input: Buffer, width: number, height: number): Promise<Buffer> {
  const scale = GRID / Math.max(width, height);
  const gw = Math.max(1, Math.round(width * scale));
  const gh = Math.max(1, Math.round(height * scale));
  const { data } = await sharp(input).flatten({ background: '#ffffff' }).resize(gw, gh, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels: Rgb[] = [];
  for (let i = 0; i < gw * gh; i++) pixels.push([data[i * 3], data[i * 3 + 1], data[i * 3 + 2]]);

  const centres = posterise(pixels);
  const label = pixels.map((p) => nearest(centres, p));
  const background = borderColour(label, gw, gh, centres.length);

  const cw = width / gw;
  const ch = height / gh;
  const f = (n: number) => Number(n.toFixed(2));
  const paths: string[] = [];
  for (let k = 0; k < centres.length; k++) {
    if (k === background) continue;
    let d = '';
    for (let y = 0; y < gh; y++) {
      for (let x = 0; x < gw; x++) {
        if (label[y * gw + x] !== k) continue;
        const start = x;
        while (x + 1 < gw && label[y * gw + x + 1] === k) x++;
        d += `M${f(start * cw)} ${f(y * ch)}H${f((x + 1) * cw)}V${f((y + 1) * ch)}H${f(start * cw)}Z`;
      }
    }
    if (d) paths.push(`<path d="${d}" fill="${hex(centres[k])}"/>`);
  }
  return Buffer.from(
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
      `<rect width="${width}" height="${height}" fill="${hex(centres[background])}"/>`,
      ...paths,
      '</svg>',
    ].join(''),
  );
}

/** k-means from farthest-point seeds (deterministic), then near-twins merged and specks dropped. */
function posterise(pixels: Rgb[]): Rgb[] {
  let centres: Rgb[] = [pixels[0]];
  while (centres.length < MAX_COLOURS) {
    let best = pixels[0];
    let bestD = -1;
    for (const p of pixels) {
      const d = Math.min(...centres.map((c) => dist2(c, p)));
      if (d > bestD) [best, bestD] = [p, d];
    }
    if (bestD < MERGE_DISTANCE ** 2) break;
    centres.push(best);
  }
  for (let round = 0; round < 8; round++) {
    const sums = centres.map(() => [0, 0, 0, 0]);
    for (const p of pixels) {
      const s = sums[nearest(centres, p)];
      s[0] += p[0];
      s[1] += p[1];
      s[2] += p[2];
      s[3]++;
    }
    centres = sums.filter((s) => s[3] > pixels.length * 0.004).map((s) => [s[0] / s[3], s[1] / s[3], s[2] / s[3]] as Rgb);
    const merged: Rgb[] = [];
    for (const c of centres) if (!merged.some((m) => dist2(m, c) < MERGE_DISTANCE ** 2)) merged.push(c);
    centres = merged;
  }
  return centres.length > 0 ? centres : [[255, 255, 255]];
}

function nearest(centres: Rgb[], p: Rgb): number {
  let best = 0;
  for (let i = 1; i < centres.length; i++) if (dist2(centres[i], p) < dist2(centres[best], p)) best = i;
  return best;
}

function borderColour(label: number[], w: number, h: number, k: number): number {
  const counts = new Array<number>(k).fill(0);
  for (let x = 0; x < w; x++) {
    counts[label[x]]++;
    counts[label[(h - 1) * w + x]]++;
  }
  for (let y = 0; y < h; y++) {
    counts[label[y * w]]++;
    counts[label[y * w + w - 1]]++;
  }
  return counts.indexOf(Math.max(...counts));
}
