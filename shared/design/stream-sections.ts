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
  private text = '';
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
    if (this.finished || typeof piece !== 'string' || !piece) return events;
    this.text += piece;
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

  private scan(events: StreamEvent[]): void {
    const s = this.text;
    while (this.at < s.length && !this.finished) {
      const i = this.at;
      const c = s[i];
      if (!this.rootOpen) {
        if (c === '{') {
          this.rootOpen = true;
          this.depth = 1;
          this.expectingKey = true;
        }
        this.at++;
        continue;
      }
      if (this.comment) {
        if (this.comment === 'line' && c === '\n') this.comment = '';
        else if (this.comment === 'block' && c === '/' && s[i - 1] === '*') this.comment = '';
        this.at++;
        continue;
      }
      if (this.quote) {
        if (c === '\\') {
          if (i + 1 >= s.length) return; // wait for the escaped character
          this.at += 2;
          continue;
        }
        if (c === this.quote) {
          this.quote = '';
          if (this.depth === 1 && this.expectingKey) this.key = unquote(s.slice(this.stringStart, i + 1));
        }
        this.at++;
        continue;
      }
      if (c === '/') {
        if (i + 1 >= s.length) return; // is it a comment? wait and see
        if (s[i + 1] === '/' || s[i + 1] === '*') {
          this.comment = s[i + 1] === '/' ? 'line' : 'block';
          this.at += 2;
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
          this.sendSection(s.slice(this.elementStart, i + 1), events);
          this.elementStart = -1;
        }
        if (this.depth === 1 && this.sectionsOpen) this.sectionsOpen = false;
        if (this.depth === 0) {
          this.endMember(i, events);
          this.sendHeader(events);
          this.finished = true;
        }
      }
      this.at++;
    }
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
