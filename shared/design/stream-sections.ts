import { extractJson } from './extract-json';
import { SpecNormalizer, type DesignHeader } from './normalize-spec';
import { parseDesign, type ParsedDesign } from './parse-design';
import type { FrameSpec } from './spec';

/**
 * Reads a spec while the model is still writing it, so the first section can be built long
 * before the answer ends. Feed it text pieces as they arrive: it emits the header (title,
 * image style, palette, typography) once the `sections` key begins (or all four are
 * written), then each element of `sections` the moment its closing brace arrives, each
 * normalized like `normalizeSpec` would (a bad section is noted and skipped, never fatal).
 *
 * It tracks only strings, comments and bracket depth, so each character is looked at once.
 * Layouts it can't follow live (sections as an object, a single root frame, a wrapper key)
 * simply produce no live events; `end()` always returns the full `parseDesign` result.
 */
export type StreamEvent =
  | { type: 'header'; header: DesignHeader; notes: string[] }
  | { type: 'section'; index: number; section: FrameSpec; notes: string[] };

const HEADER_KEYS = ['title', 'imageStyle', 'palette', 'typography'];

export class SectionStream {
  /** Everything pushed; joined only when a slice is needed (see `scan`). */
  private parts: string[] = [];
  /** The pushed text not scanned yet (a held-back "\\" or "/" waits for its next character). */
  private pending = '';
  private at = 0;
  private rootOpen = false;
  private finished = false;
  private depth = 0;
  private quote = '';
  private stringStart = -1;
  private comment: '' | 'line' | 'block' = '';
  /** At depth 1: whether the next string is a key. */
  private expectingKey = false;
  private key: string | undefined;
  private memberStart = -1;
  private readonly members: Record<string, unknown> = {};
  private sectionsOpen = false;
  private elementStart = -1;
  private headerSent = false;
  private sectionCount = 0;
  private readonly normalizer = new SpecNormalizer();

  push(piece: string): StreamEvent[] {
    const events: StreamEvent[] = [];
    if (typeof piece !== 'string' || !piece) return events;
    this.parts.push(piece);
    if (this.finished) return events;
    this.pending += piece;
    try {
      this.scan(events);
    } catch {
      // A live event is a bonus; the final parse still reads everything.
      this.finished = true;
    }
    return events;
  }

  /** The final parse of everything pushed (identical to `parseDesign` on the whole text). */
  end(): ParsedDesign {
    this.finished = true;
    return parseDesign(this.text);
  }

  private get text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  /**
   * Scans the text not yet seen, from its own string: touching the whole growing answer on
   * every piece would make a long answer quadratic.
   */
  private scan(events: StreamEvent[]): void {
    const base = this.at;
    const s = this.pending;
    let j = 0;
    while (j < s.length && !this.finished) {
      const i = base + j;
      const c = s[j];
      if (!this.rootOpen) {
        if (c === '{') {
          this.rootOpen = true;
          this.depth = 1;
          this.expectingKey = true;
        }
        j++;
        continue;
      }
      if (this.comment) {
        if (this.comment === 'line' && c === '\n') this.comment = '';
        else if (this.comment === 'block' && c === '*' && s[j + 1] === '/') {
          this.comment = '';
          j++;
        } else if (this.comment === 'block' && c === '*' && j + 1 >= s.length) break; // wait for the next piece
        j++;
        continue;
      }
      if (this.quote) {
        if (c === '\\') {
          if (j + 1 >= s.length) break; // wait for the escaped character
          j += 2;
          continue;
        }
        if (c === this.quote) {
          this.quote = '';
          if (this.depth === 1 && this.expectingKey) this.key = unquote(this.text.slice(this.stringStart, i + 1));
        }
        j++;
        continue;
      }
      if (c === '/') {
        if (j + 1 >= s.length) break; // is it a comment? wait and see
        if (s[j + 1] === '/' || s[j + 1] === '*') {
          this.comment = s[j + 1] === '/' ? 'line' : 'block';
          j += 2;
          continue;
        }
      }
      if (c === '"' || c === "'") {
        this.quote = c;
        this.stringStart = i;
      } else if (c === ':' && this.depth === 1) {
        this.expectingKey = false;
        this.memberStart = i + 1;
        if (this.key === 'sections') this.sendHeader(events);
      } else if (c === ',' && this.depth === 1) {
        this.endMember(i, events);
        this.expectingKey = true;
      } else if (c === '{' || c === '[') {
        this.depth++;
        if (this.depth === 2 && this.key === 'sections' && c === '[') this.sectionsOpen = true;
        if (this.depth === 3 && this.sectionsOpen && c === '{') this.elementStart = i;
      } else if (c === '}' || c === ']') {
        this.depth--;
        if (this.depth === 2 && this.sectionsOpen && this.elementStart >= 0) {
          this.sendSection(this.text.slice(this.elementStart, i + 1), events);
          this.elementStart = -1;
        }
        if (this.depth === 1 && this.sectionsOpen) this.sectionsOpen = false;
        if (this.depth === 0) {
          this.endMember(i, events);
          if (!this.headerSent && Object.keys(this.members).length === 0) {
            // Braces in the prose before the answer ("{three} sections"): keep looking.
            this.rootOpen = false;
          } else {
            this.sendHeader(events);
            this.finished = true;
          }
        }
      }
      j++;
    }
    this.at = base + j;
    this.pending = s.slice(j);
  }

  private endMember(end: number, events: StreamEvent[]): void {
    if (this.key === undefined || this.memberStart < 0) return;
    if (this.key !== 'sections') {
      const raw = this.text.slice(this.memberStart, end);
      const wrapped = extractJson(`{"value":${raw}}`).value as { value?: unknown } | undefined;
      this.members[this.key] = wrapped?.value;
    }
    this.key = undefined;
    this.memberStart = -1;
    if (HEADER_KEYS.every((k) => this.members[k] !== undefined)) this.sendHeader(events);
  }

  private sendHeader(events: StreamEvent[]): void {
    if (this.headerSent) return;
    this.headerSent = true;
    const header = this.normalizer.header(this.members);
    events.push({ type: 'header', header, notes: this.normalizer.tally.notes() });
  }

  private sendSection(raw: string, events: StreamEvent[]): void {
    this.sendHeader(events);
    const value = extractJson(raw).value;
    const { section, notes } = this.normalizer.section(value);
    if (section) events.push({ type: 'section', index: this.sectionCount++, section, notes });
  }
}

function unquote(quoted: string): string {
  try {
    return quoted[0] === '"' ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
  } catch {
    return quoted.slice(1, -1);
  }
}
