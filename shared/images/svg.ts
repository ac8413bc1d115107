/**
 * SVG from a model is placed as real vectors (`figma.createNodeFromSvg`). Anything in it
 * that could run or reach out (scripts, event handlers, foreign HTML, external links) is
 * dropped first: the document is shared, and we never want to carry that into it.
 */
export function sanitizeSvg(svg: string): string {
  return svg
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script[^>]*\/>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/\s+(?:xlink:)?href\s*=\s*("(?!#)[^"]*"|'(?!#)[^']*')/gi, '');
}

/** The SVG's own size: width/height attributes, else its viewBox; 0 when neither says. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? '';
  const attr = (name: string) => {
    const match = new RegExp(`\\s${name}\\s*=\\s*["']\\s*([\\d.]+)(px)?\\s*["']`, 'i').exec(root);
    return match ? Number(match[1]) : 0;
  };
  let width = attr('width');
  let height = attr('height');
  if (!width || !height) {
    const box = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(root);
    if (box) {
      width = width || Number(box[1]);
      height = height || Number(box[2]);
    }
  }
  return { width, height };
}
