const DEMO_SUFFIX = ' (demo)';
/** Longest layer name we write: what the layers panel shows without a very wide sidebar. */
export const LAYER_NAME_MAX = 60;

export interface LayerNameParts {
  /** What the result is a version of (" · Vary 2", " · Upscale 2×"); never shortened. */
  suffix?: string;
  /** Results from the offline demo backend say so, once, at the very end. */
  demo?: boolean;
}

/**
 * Layer names after the prompt (or the source's name), short enough to read in the layers
 * panel. When it is too long, the prompt part is shortened: the tool and variant number
 * are what tell results of the same source apart.
 */
export function layerName(base: string, parts: LayerNameParts = {}): string {
  const suffix = parts.suffix ? ` · ${oneLine(parts.suffix)}` : '';
  const demo = parts.demo ? DEMO_SUFFIX : '';
  // Code points, so an emoji is never cut in half.
  const text = Array.from(withoutDemoSuffix(oneLine(base)) || 'Generated image');
  const room = Math.max(2, LAYER_NAME_MAX - suffix.length - demo.length);
  const short = text.length > room ? `${text.slice(0, room - 1).join('').trimEnd()}…` : text.join('');
  return `${short}${suffix}${demo}`;
}

/** A name built from an earlier result's name must not say "(demo)" twice. */
export function withoutDemoSuffix(name: string): string {
  let out = name;
  while (out.endsWith(DEMO_SUFFIX)) out = out.slice(0, -DEMO_SUFFIX.length);
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
