/**
 * Pulls one JSON value out of a language model's answer. Models wrap JSON in code fences
 * and prose, leave trailing commas and comments, quote with ' or not at all, and stop
 * mid-value when they hit max tokens. This scanner accepts all of that, and on a cut-off
 * answer closes what is open so the complete parts survive: an unfinished element of an
 * array is dropped (half a section is worse than none), an unfinished object keeps its
 * finished members.
 *
 * Hand-written because the tolerant parsers (jsonrepair, json5) are not dependencies here,
 * and none of them reports which parts a truncation lost.
 */

export interface ExtractedJson {
  /** The value found, or undefined when the text holds no JSON object or array. */
  value?: unknown;
  /** The answer ended before the value did (max tokens); the complete parts are kept. */
  truncated: boolean;
  /** Non-standard syntax that was accepted, for one short note ("trailing commas"…). */
  repairs: string[];
  /** Why nothing was found, in words, when `value` is undefined. */
  error?: string;
}

/** Beyond this nesting the value is skipped, so a pathological answer cannot overflow the stack. */
const MAX_NESTING = 256;
/** How many `{`/`[` positions to try before giving up (prose may contain braces). */
const MAX_CANDIDATES = 40;

class ParseFail extends Error {}

/** Result of one value: `complete` is false when the text ended inside it. */
interface Parsed {
  value: unknown;
  complete: boolean;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\u000b', '\f', '\u00a0', '\ufeff', '\u2028', '\u2029', '\u200b', '\u3000']);
const CLOSERS = new Set(['}', ']', ',', ':']);

class Scanner {
  i: number;
  truncated = false;
  readonly repairs = new Set<string>();

  constructor(
    private readonly s: string,
    start: number,
  ) {
    this.i = start;
  }

  get done(): boolean {
    return this.i >= this.s.length;
  }

  private fail(what: string): never {
    const before = this.s.slice(0, this.i);
    const line = before.split('\n').length;
    throw new ParseFail(`${what} at line ${line}`);
  }

  /** Skips whitespace (including the odd kinds models emit) and comments. */
  skip(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (WHITESPACE.has(c) || c.charCodeAt(0) < 32) {
        this.i++;
      } else if (c === '/' && s[this.i + 1] === '/') {
        this.repairs.add('comments');
        const end = s.indexOf('\n', this.i);
        this.i = end < 0 ? s.length : end + 1;
      } else if (c === '/' && s[this.i + 1] === '*') {
        this.repairs.add('comments');
        const end = s.indexOf('*/', this.i + 2);
        this.i = end < 0 ? s.length : end + 2;
      } else {
        return;
      }
    }
  }

  value(depth: number): Parsed {
    this.skip();
    if (this.done) return { value: undefined, complete: false };
    if (depth > MAX_NESTING) return this.skipNested();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return this.string();
    return this.word();
  }

  private object(depth: number): Parsed {
    const out: Record<string, unknown> = {};
    this.i++; // {
    let expectMember = true;
    let afterComma = false;
    for (;;) {
      this.skip();
      if (this.done) return this.cut(out);
      const c = this.s[this.i];
      if (c === '}') {
        if (afterComma) this.repairs.add('trailing commas');
        this.i++;
        return { value: out, complete: true };
      }
      if (c === ']') {
        // A mismatched closer: the model meant to close this object.
        this.repairs.add('mismatched brackets');
        this.i++;
        return { value: out, complete: true };
      }
      if (c === ',') {
        if (expectMember) this.repairs.add('extra commas');
        this.i++;
        expectMember = true;
        afterComma = true;
        continue;
      }
      afterComma = false;
      if (!expectMember) this.repairs.add('missing commas');
      const key = this.key();
      if (key === undefined) return this.cut(out);
      this.skip();
      if (this.done) return this.cut(out);
      if (this.s[this.i] !== ':' && this.s[this.i] !== '=') this.fail(`expected ":" after "${key.slice(0, 30)}"`);
      this.i++;
      const member = this.value(depth + 1);
      if (member.value !== undefined && (member.complete || isContainer(member.value))) {
        if (key === '__proto__') this.repairs.add('a reserved key');
        else {
          if (Object.prototype.hasOwnProperty.call(out, key)) this.repairs.add('repeated keys');
          out[key] = member.value;
        }
      }
      if (!member.complete) return this.cut(out);
      expectMember = false;
    }
  }

  private array(depth: number): Parsed {
    const out: unknown[] = [];
    this.i++; // [
    let expectElement = true;
    let afterComma = false;
    for (;;) {
      this.skip();
      if (this.done) return this.cut(out);
      const c = this.s[this.i];
      if (c === ']') {
        if (afterComma) this.repairs.add('trailing commas');
        this.i++;
        return { value: out, complete: true };
      }
      if (c === '}') {
        this.repairs.add('mismatched brackets');
        // Leave it for the enclosing object, which it most likely belongs to.
        return { value: out, complete: true };
      }
      if (c === ',') {
        if (expectElement) this.repairs.add('extra commas');
        this.i++;
        expectElement = true;
        afterComma = true;
        continue;
      }
      afterComma = false;
      if (c === ':') this.fail('unexpected ":" in a list');
      if (!expectElement) this.repairs.add('missing commas');
      const element = this.value(depth + 1);
      // An unfinished element is dropped: a half-written section would be built wrong.
      if (!element.complete) return this.cut(out);
      if (element.value !== undefined) out.push(element.value);
      expectElement = false;
    }
  }

  private cut(value: unknown): Parsed {
    this.truncated = true;
    return { value, complete: false };
  }

  private key(): string | undefined {
    const c = this.s[this.i];
    if (c === '"' || c === "'") {
      const parsed = this.string();
      return parsed.complete ? String(parsed.value) : undefined;
    }
    const m = /^[A-Za-z_$][\w$-]*/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) this.fail(`unexpected "${c}" where a key belongs`);
    this.repairs.add('unquoted keys');
    this.i += m[0].length;
    if (this.done) return undefined;
    return m[0];
  }

  private string(): Parsed {
    const s = this.s;
    const quote = s[this.i];
    if (quote === "'") this.repairs.add('single quotes');
    this.i++;
    let out = '';
    let runStart = this.i;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === quote) {
        out += s.slice(runStart, this.i);
        this.i++;
        return { value: out, complete: true };
      }
      if (c === '\\') {
        out += s.slice(runStart, this.i);
        const e = s[this.i + 1];
        if (e === undefined) break;
        if (e === 'u') {
          const code = s.slice(this.i + 2, this.i + 6);
          if (code.length < 4) break;
          const n = parseInt(code, 16);
          out += Number.isNaN(n) ? code : String.fromCharCode(n);
          this.i += 6;
        } else {
          out += ESCAPES[e] ?? e;
          this.i += 2;
        }
        runStart = this.i;
        continue;
      }
      this.i++;
    }
    this.i = s.length;
    return { value: out + s.slice(runStart), complete: false };
  }

  /** Numbers, literals, and the bare words models write for strings (`fill`, `240px`). */
  private word(): Parsed {
    const s = this.s;
    const start = this.i;
    while (this.i < s.length && !CLOSERS.has(s[this.i]) && s[this.i] !== '\n' && s[this.i] !== '{' && s[this.i] !== '[' && s[this.i] !== '"') {
      if (s[this.i] === '/' && (s[this.i + 1] === '/' || s[this.i + 1] === '*')) break;
      this.i++;
    }
    const raw = s.slice(start, this.i).trim();
    if (!raw) this.fail(`unexpected "${s[start]}"`);
    // Ends with the text: the word may be cut ("tru", "24" of "240").
    const complete = this.i < s.length;
    return { value: wordValue(raw, this.repairs), complete };
  }

  /** Skips a too-deeply nested value without recursion. */
  private skipNested(): Parsed {
    const s = this.s;
    this.repairs.add('too deep nesting');
    let level = 0;
    let quote = '';
    for (; this.i < s.length; this.i++) {
      const c = s[this.i];
      if (quote) {
        if (c === '\\') this.i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '{' || c === '[') level++;
      else if (c === '}' || c === ']') {
        level--;
        if (level <= 0) {
          this.i++;
          return { value: undefined, complete: true };
        }
      } else if (level === 0 && (c === ',' || c === '}')) return { value: undefined, complete: true };
    }
    return { value: undefined, complete: false };
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '/': '/' };

function wordValue(raw: string, repairs: Set<string>): unknown {
  switch (raw) {
    case 'true':
    case 'True':
      return true;
    case 'false':
    case 'False':
      return false;
    case 'null':
    case 'None':
    case 'undefined':
      return null;
    case 'NaN':
      return NaN;
    case 'Infinity':
    case '+Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
  }
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) {
    if (raw[0] === '+' || raw[0] === '.' || /^-?\./.test(raw)) repairs.add('loose numbers');
    return Number(raw);
  }
  repairs.add('unquoted text');
  return raw;
}

function isContainer(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** Whether a candidate looks like the answer rather than braces in prose. */
function plausible(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => isContainer(v));
  return isContainer(value) && Object.keys(value as object).length > 0;
}

export function extractJson(text: string): ExtractedJson {
  if (typeof text !== 'string' || !text) return { truncated: false, repairs: [], error: 'The answer was empty.' };
  let firstError: string | undefined;
  let tried = 0;
  for (let at = nextStart(text, 0); at >= 0 && tried < MAX_CANDIDATES; at = nextStart(text, at + 1), tried++) {
    const scanner = new Scanner(text, at);
    try {
      const parsed = scanner.value(0);
      if (!plausible(parsed.value)) continue;
      return { value: parsed.value, truncated: scanner.truncated, repairs: [...scanner.repairs] };
    } catch (error) {
      // ParseFail means this brace was prose; anything else is a scanner bug, and the
      // caller still gets a message rather than an exception.
      firstError ??= error instanceof ParseFail ? error.message : String(error);
    }
  }
  return {
    truncated: false,
    repairs: [],
    error: tried === 0 ? 'The answer contained no JSON.' : `The answer's JSON could not be read (${firstError ?? 'no object found'}).`,
  };
}

function nextStart(text: string, from: number): number {
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  if (brace < 0) return bracket;
  if (bracket < 0) return brace;
  return Math.min(brace, bracket);
}
