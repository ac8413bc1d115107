/**
 * Counts what normalization changed and says it in a few short sentences, so a designer
 * reads "Dropped 3 unknown elements" once instead of one line per layer.
 */

type Key =
  | 'unknown'
  | 'unknownAsFrame'
  | 'emptyText'
  | 'longText'
  | 'longString'
  | 'deep'
  | 'nodes'
  | 'children'
  | 'sections'
  | 'sizes'
  | 'values'
  | 'paletteConverted'
  | 'paletteFilled'
  | 'paletteMissing'
  | 'typographyMissing'
  | 'tokenMapped'
  | 'tokenDropped'
  | 'icons'
  | 'imageNoPrompt'
  | 'wrapped'
  | 'title'
  | 'rootFrame'
  | 'sectionsObject';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export class Tally {
  private readonly counts = new Map<Key, number>();
  private readonly extra = new Map<Key, Set<string>>();
  /** Limits the sentences quote, set by the caller that knows them. */
  constructor(private readonly limits: { nodes: number; depth: number; children: number; sections: number; text: number }) {}

  add(key: Key, n = 1, detail?: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    if (detail) {
      const set = this.extra.get(key) ?? new Set<string>();
      set.add(detail);
      this.extra.set(key, set);
    }
  }

  has(key: Key): boolean {
    return (this.counts.get(key) ?? 0) > 0;
  }

  merge(other: Tally): void {
    for (const [key, n] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    for (const [key, set] of other.extra) {
      const mine = this.extra.get(key) ?? new Set<string>();
      set.forEach((d) => mine.add(d));
      this.extra.set(key, mine);
    }
  }

  notes(): string[] {
    const out: string[] = [];
    const n = (key: Key) => this.counts.get(key) ?? 0;
    const details = (key: Key) => [...(this.extra.get(key) ?? [])].slice(0, 4).join(', ');
    const { limits } = this;
    if (n('rootFrame')) out.push("Used the root frame's children as the design's sections.");
    if (n('sectionsObject')) out.push('Read the sections from an object instead of a list.');
    if (n('title')) out.push('The answer had no title; named the design "Untitled design".');
    if (n('paletteMissing')) out.push('The answer had no palette; used the default colours.');
    if (n('paletteConverted')) out.push(`Converted ${plural(n('paletteConverted'), 'palette colour')} to hex.`);
    if (n('paletteFilled')) out.push(`Filled ${plural(n('paletteFilled'), 'missing or unreadable palette colour')} with defaults.`);
    if (n('typographyMissing')) out.push('The answer had no typography; used Inter at 16 px.');
    if (n('sections')) out.push(`Kept the first ${limits.sections} sections (the answer had ${n('sections') + limits.sections}).`);
    if (n('wrapped')) out.push(`Wrapped ${plural(n('wrapped'), 'loose element')} in sections of their own.`);
    if (n('nodes')) out.push(`Trimmed the design to ${limits.nodes} layers.`);
    if (n('deep')) out.push(`Flattened layers nested deeper than ${limits.depth} levels.`);
    if (n('children')) out.push(`Kept the first ${limits.children} children of ${plural(n('children'), 'crowded frame')}.`);
    if (n('unknown')) out.push(`Dropped ${plural(n('unknown'), 'unknown element')}${details('unknown') ? ` (${details('unknown')})` : ''}.`);
    if (n('unknownAsFrame')) out.push(`Read ${plural(n('unknownAsFrame'), 'unknown element')} with children as frames.`);
    if (n('emptyText')) out.push(`Dropped ${plural(n('emptyText'), 'empty text layer')}.`);
    if (n('imageNoPrompt')) out.push(`Dropped ${plural(n('imageNoPrompt'), 'image slot')} without a prompt.`);
    if (n('icons')) out.push(`Dropped ${plural(n('icons'), 'icon')} the builder cannot draw (${details('icons')}).`);
    if (n('longText')) out.push(`Shortened ${plural(n('longText'), 'long text')} to ${limits.text} characters.`);
    if (n('longString')) out.push(`Shortened ${plural(n('longString'), 'over-long name or prompt', 'over-long names or prompts')}.`);
    if (n('tokenMapped')) out.push(`Mapped ${plural(n('tokenMapped'), 'colour')} to the nearest palette colour.`);
    if (n('tokenDropped')) out.push(`Dropped ${plural(n('tokenDropped'), 'unknown colour')}.`);
    if (n('sizes')) out.push(`Fixed ${plural(n('sizes'), 'invalid size')}.`);
    if (n('values')) out.push(`Fixed ${plural(n('values'), 'invalid setting')}.`);
    return out;
  }
}
