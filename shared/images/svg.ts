/**
 * SVG from a model is placed as real vectors (`figma.createNodeFromSvg`). The panel rebuilds
 * it from an allow-list first (ui/images/sanitize-svg.ts: it needs a DOM parser, which the
 * controller's sandbox lacks); the controller only checks that what it got is that output.
 */

/** Larger than any drawing a model returns, small enough to parse without a stall. */
export const MAX_SVG_CHARS = 5_000_000;

/**
 * A cheap check, linear in the text, that an SVG is the panel's sanitised output: within the
 * size cap, an <svg> root, and none of what the sanitiser never writes (DOCTYPE, comments,
 * CDATA, scripts, foreign content, style sheets). Returns the reason when it is not.
 */
export function uncleanSvgReason(svg: string): string | undefined {
  if (svg.length > MAX_SVG_CHARS) return 'too large';
  if (svg.includes('<!') || svg.includes('<?')) return 'markup declarations';
  if (!svg.startsWith('<svg')) return 'not an <svg> root';
  if (/<(?:[\w.-]+:)?(?:script|foreignObject|style|set|animate|iframe|image|use)\b/i.test(svg)) return 'elements the panel removes';
  return undefined;
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
