import * as v from 'valibot';
import {
  COLOR_TOKENS,
  DesignSpecSchema,
  ICON_NAMES,
  SPEC_LIMITS,
  SPEC_VERSION,
  TEXT_ROLES,
  type ColorToken,
  type DesignSpec,
  type FrameSpec,
  type IconName,
  type NodeSpec,
  type Palette,
  type Sizing,
  type TextRole,
  type Typography,
} from './spec';
import { DEFAULT_PALETTE, DEFAULT_TITLE, DEFAULT_TYPOGRAPHY } from './defaults';
import { nearestColor, parseColor } from './color';
import { Tally } from './notes';

/**
 * Turns whatever a language model wrote into a spec that validates, never throwing:
 * coerces what can be read (sizes as "240px", rgb() colours, "row" for horizontal, a
 * button as a filled frame with a label), trims what is over a limit, drops what cannot be
 * built, and says what it did in a few short notes. `problems` is set only when nothing
 * buildable is left.
 */
export interface NormalizedSpec {
  spec?: DesignSpec;
  notes: string[];
  problems: string[];
}

/** The design's tokens, known before any section: what a stream builds first. */
export type DesignHeader = Omit<DesignSpec, 'sections'>;

type Raw = Record<string, unknown>;

const LIMIT_WORDS = {
  nodes: SPEC_LIMITS.nodes,
  depth: SPEC_LIMITS.depth,
  children: SPEC_LIMITS.childrenPerFrame,
  sections: SPEC_LIMITS.sections,
  text: SPEC_LIMITS.textLength,
};

export function newTally(): Tally {
  return new Tally(LIMIT_WORDS);
}

const isObject = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);
const squash = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');

/** The first of `keys` present on `raw` (models vary camelCase/snake_case). */
function pick(raw: Raw, ...keys: string[]): unknown {
  for (const key of keys) if (raw[key] !== undefined && raw[key] !== null) return raw[key];
  return undefined;
}

function num(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'string') {
    const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+))\s*(px|pt|dp|rem|em)?\s*$/i.exec(x);
    if (!m) return undefined;
    const n = parseFloat(m[1]);
    const unit = (m[2] ?? '').toLowerCase();
    return unit === 'rem' || unit === 'em' ? n * 16 : n;
  }
  return undefined;
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/**
 * Cuts a string to `max` characters at a word boundary where one is near, with an ellipsis
 * when words were lost.
 */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const hard = s.slice(0, max - 1);
  const space = hard.lastIndexOf(' ');
  return `${space > max * 0.6 ? hard.slice(0, space) : hard}…`;
}

function text(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  if (Array.isArray(x) && x.every((p) => typeof p === 'string')) return x.join(' ');
  return undefined;
}

/** Lists come as arrays, as objects keyed by name, or as a single item. */
function list(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (isObject(x)) {
    if (looksLikeNode(x)) return [x];
    return Object.keys(x).map((key) => (isObject(x[key]) && !pick(x[key] as Raw, 'name') ? { name: key, ...(x[key] as Raw) } : x[key]));
  }
  if (x === undefined || x === null) return [];
  return [x];
}

function looksLikeNode(x: Raw): boolean {
  return ['kind', 'type', 'children', 'text', 'prompt', 'content'].some((k) => x[k] !== undefined);
}

// ---------- tokens ----------

const PALETTE_ALIASES: Record<string, ColorToken> = {
  background: 'background', bg: 'background', page: 'background', backgroundcolor: 'background',
  surface: 'surface', card: 'surface', panel: 'surface', surfacecolor: 'surface',
  primary: 'primary', brand: 'primary', primarycolor: 'primary',
  onprimary: 'onPrimary', primarytext: 'onPrimary', primaryforeground: 'onPrimary', primarycontrast: 'onPrimary', textonprimary: 'onPrimary',
  text: 'text', foreground: 'text', fg: 'text', textprimary: 'text', body: 'text', textcolor: 'text', ink: 'text',
  muted: 'muted', textmuted: 'muted', secondarytext: 'muted', subtle: 'muted', mutedforeground: 'muted', textsecondary: 'muted', gray: 'muted', grey: 'muted',
  accent: 'accent', secondary: 'accent', highlight: 'accent', accentcolor: 'accent',
  border: 'border', line: 'border', divider: 'border', outline: 'border', stroke: 'border', bordercolor: 'border',
};

function tokenName(x: string): ColorToken | undefined {
  return (COLOR_TOKENS as readonly string[]).includes(x) ? (x as ColorToken) : PALETTE_ALIASES[squash(x)];
}

/** White or near-black, whichever reads on `hex`. */
function contrastOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 160 ? '#111111' : '#ffffff';
}

function normalizePalette(raw: unknown, tally: Tally): Palette {
  if (!isObject(raw)) {
    tally.add('paletteMissing');
    return { ...DEFAULT_PALETTE };
  }
  const found: Partial<Palette> = {};
  for (const key of Object.keys(raw)) {
    const token = tokenName(key);
    if (!token || found[token]) continue;
    const value = raw[key];
    const colour = parseColor(isObject(value) ? pick(value, 'hex', 'value', 'color') : value);
    if (!colour) continue;
    if (typeof value !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(value)) tally.add('paletteConverted');
    found[token] = colour;
  }
  const palette = { ...DEFAULT_PALETTE };
  let filled = 0;
  for (const token of COLOR_TOKENS) {
    if (found[token]) palette[token] = found[token]!;
    else if (token === 'onPrimary' && found.primary) palette.onPrimary = contrastOn(found.primary);
    else filled++;
  }
  if (filled === COLOR_TOKENS.length) tally.add('paletteMissing');
  else if (filled) tally.add('paletteFilled', filled);
  return palette;
}

function family(x: unknown): string | undefined {
  const s = text(isObject(x) ? pick(x, 'family', 'fontFamily', 'font', 'name') : x);
  if (!s) return undefined;
  // CSS stacks: the first family is the one asked for.
  const first = s.split(',')[0].trim().replace(/^["']|["']$/g, '').trim();
  return first ? cut(first, 60) : undefined;
}

function normalizeTypography(raw: unknown, tally: Tally): Typography {
  if (!isObject(raw)) {
    tally.add('typographyMissing');
    return { ...DEFAULT_TYPOGRAPHY };
  }
  const shared = family(pick(raw, 'family', 'fontFamily', 'font_family', 'font'));
  const heading = family(pick(raw, 'heading', 'headingFont', 'heading_font', 'headings', 'display', 'title')) ?? shared;
  const body = family(pick(raw, 'body', 'bodyFont', 'body_font', 'text', 'paragraph')) ?? shared;
  const size = num(pick(raw, 'baseSize', 'base_size', 'base', 'size', 'bodySize', 'body_size', 'fontSize'));
  if (size !== undefined && (size < 10 || size > 24)) tally.add('values');
  return {
    heading: heading ?? body ?? DEFAULT_TYPOGRAPHY.heading,
    body: body ?? heading ?? DEFAULT_TYPOGRAPHY.body,
    baseSize: size === undefined ? DEFAULT_TYPOGRAPHY.baseSize : clamp(Math.round(size), 10, 24),
  };
}

// ---------- the normalizer ----------

const FRAME_KINDS: Record<string, { direction?: 'horizontal' | 'vertical'; name?: string; wrap?: boolean }> = {
  frame: {}, container: {}, group: {}, section: {}, stack: {}, box: {}, div: {}, layout: {}, view: {}, flex: {}, block: {},
  vstack: { direction: 'vertical' }, column: { direction: 'vertical' }, col: { direction: 'vertical' }, list: { direction: 'vertical' },
  hstack: { direction: 'horizontal' }, row: { direction: 'horizontal' },
  grid: { direction: 'horizontal', wrap: true },
  card: { name: 'Card' }, panel: { name: 'Panel' }, form: { name: 'Form' }, hero: { name: 'Hero' },
  header: { name: 'Header' }, footer: { name: 'Footer' }, nav: { direction: 'horizontal', name: 'Navigation' },
  navbar: { direction: 'horizontal', name: 'Navigation' }, navigation: { direction: 'horizontal', name: 'Navigation' },
};
const TEXT_KINDS: Record<string, TextRole | undefined> = {
  text: undefined, paragraph: 'body', p: 'body', span: 'body', body: 'body', heading: 'h2', title: 'h1', subtitle: 'h3',
  h1: 'h1', h2: 'h2', h3: 'h3', h4: 'h3', h5: 'h3', h6: 'h3', display: 'display', label: 'label', caption: 'caption', link: 'label',
};
const IMAGE_KINDS = new Set(['image', 'img', 'photo', 'picture', 'illustration', 'avatar', 'thumbnail', 'media', 'logo', 'video']);
const SHAPE_KINDS = new Set(['shape', 'rectangle', 'rect', 'ellipse', 'circle', 'oval', 'square']);
const DIVIDER_KINDS = new Set(['divider', 'line', 'hr', 'separator', 'rule']);
const ROLE_ALIASES: Record<string, TextRole> = {
  heading: 'h2', title: 'h1', subtitle: 'h3', subheading: 'h3', h4: 'h3', h5: 'h3', h6: 'h3', paragraph: 'body', p: 'body',
  text: 'body', small: 'caption', hero: 'display', cta: 'button', link: 'label', eyebrow: 'label', overline: 'label', lead: 'body',
};
const ICON_ALIASES: Record<string, IconName> = {
  x: 'close', cross: 'close', arrow: 'arrow-right', 'arrow-forward': 'arrow-right', next: 'arrow-right', back: 'arrow-left',
  previous: 'arrow-left', chevron: 'chevron-down', 'chevron-bottom': 'chevron-down', dropdown: 'chevron-down', hamburger: 'menu',
  profile: 'user', account: 'user', person: 'user', avatar: 'user', email: 'mail', envelope: 'mail', padlock: 'lock',
  cog: 'settings', gear: 'settings', house: 'home', 'shopping-cart': 'cart', bag: 'cart', basket: 'cart', notification: 'bell',
  checkmark: 'check', tick: 'check', love: 'heart', like: 'heart', cup: 'coffee', mug: 'coffee', add: 'plus', remove: 'minus',
  graph: 'chart', analytics: 'chart', 'bar-chart': 'chart', date: 'calendar', favorite: 'star', rating: 'star', magnifier: 'search',
};

export class SpecNormalizer {
  readonly tally = newTally();
  private palette: Palette = { ...DEFAULT_PALETTE };
  private budget: number = SPEC_LIMITS.nodes;
  private leaves = 0;
  private sectionCount = 0;

  /** Reads the tokens; call before `section` so colours map to this palette. */
  header(root: Raw): DesignHeader {
    const tally = this.tally;
    this.palette = normalizePalette(pick(root, 'palette', 'colors', 'colours', 'colorTokens', 'color_tokens'), tally);
    const typography = normalizeTypography(pick(root, 'typography', 'fonts', 'font', 'type', 'typeScale'), tally);
    const titleText = text(pick(root, 'title', 'name', 'pageTitle', 'page_title'))?.trim();
    if (!titleText) tally.add('title');
    const style = text(pick(root, 'imageStyle', 'image_style', 'visualStyle', 'visual_style', 'photoStyle', 'style'))?.trim() ?? '';
    if (style.length > SPEC_LIMITS.promptLength) tally.add('longString');
    return {
      v: SPEC_VERSION,
      title: titleText ? cut(titleText, 80) : DEFAULT_TITLE,
      imageStyle: cut(style, SPEC_LIMITS.promptLength),
      palette: this.palette,
      typography,
    };
  }

  /**
   * One top-level element as a section (a frame); a loose text or image gets a frame of its
   * own. Undefined when nothing in it can be built or the limits are reached; `notes` says
   * what happened to this one.
   */
  section(raw: unknown): { section?: FrameSpec; notes: string[] } {
    const local = newTally();
    const before = { budget: this.budget, leaves: this.leaves };
    let section: FrameSpec | undefined;
    if (this.sectionCount >= SPEC_LIMITS.sections) local.add('sections');
    else if (this.budget <= 0) local.add('nodes');
    else {
      const nodes = this.node(raw, 1, local);
      if (nodes.length === 1 && nodes[0].kind === 'frame') section = nodes[0];
      else if (nodes.length) {
        local.add('wrapped', nodes.length);
        this.budget--;
        section = { kind: 'frame', name: 'Section', direction: 'vertical', gap: 24, padding: 48, width: 'fill', children: nodes.slice(0, SPEC_LIMITS.childrenPerFrame) };
      }
    }
    if (section && this.leaves === before.leaves && section.children.length === 0 && !section.fill) {
      // An empty, unfilled frame builds as nothing; don't spend a section on it.
      this.budget = before.budget;
      section = undefined;
    }
    if (section) this.sectionCount++;
    this.tally.merge(local);
    return { section, notes: local.notes() };
  }

  private node(raw: unknown, depth: number, tally: Tally): NodeSpec[] {
    if (typeof raw === 'string' || typeof raw === 'number') return this.node({ kind: 'text', text: String(raw) }, depth, tally);
    if (!isObject(raw)) {
      if (raw !== null && raw !== undefined) tally.add('unknown');
      return [];
    }
    const kindText = text(pick(raw, 'kind', 'type', 'node', 'element', 'component', 'tag'));
    let kind = kindText ? squash(kindText) : inferKind(raw);
    const childrenRaw = pick(raw, 'children', 'items', 'elements', 'content', 'nodes');
    const hasChildren = Array.isArray(childrenRaw) || (isObject(childrenRaw) && kind !== 'text');
    if (!(kind in FRAME_KINDS) && !(kind in TEXT_KINDS) && !IMAGE_KINDS.has(kind) && !SHAPE_KINDS.has(kind) && !DIVIDER_KINDS.has(kind) && kind !== 'icon' && kind !== 'button' && kind !== 'spacer') {
      if (hasChildren) {
        tally.add('unknownAsFrame');
        kind = 'frame';
      } else if (text(pick(raw, 'text', 'content', 'label', 'value')) !== undefined) kind = 'text';
      else {
        tally.add('unknown', 1, kindText ? cut(kindText, 24) : undefined);
        return [];
      }
    }
    if (kind in FRAME_KINDS || kind === 'spacer') {
      if (depth >= SPEC_LIMITS.depth) return this.flatten(raw, depth, tally);
      return this.frame(raw, kind, depth, tally);
    }
    if (kind === 'button') return this.button(raw, depth, tally);
    if (this.budget <= 0) {
      tally.add('nodes');
      return [];
    }
    let leaf: NodeSpec | undefined;
    if (kind in TEXT_KINDS) leaf = this.text(raw, TEXT_KINDS[kind], tally);
    else if (IMAGE_KINDS.has(kind)) leaf = this.image(raw, kind, tally);
    else if (SHAPE_KINDS.has(kind) || DIVIDER_KINDS.has(kind)) leaf = this.shape(raw, kind, tally);
    else leaf = this.icon(raw, tally);
    if (!leaf) return [];
    this.budget--;
    this.leaves++;
    return [leaf];
  }

  /** A frame too deep to keep: its content moves up into the parent, in order. */
  private flatten(raw: Raw, depth: number, tally: Tally): NodeSpec[] {
    tally.add('deep');
    const out: NodeSpec[] = [];
    for (const child of list(pick(raw, 'children', 'items', 'elements', 'content', 'nodes'))) {
      out.push(...this.node(child, depth, tally));
    }
    return out;
  }

  private frame(raw: Raw, kind: string, depth: number, tally: Tally): NodeSpec[] {
    if (this.budget <= 0) {
      tally.add('nodes');
      return [];
    }
    this.budget--;
    const preset = FRAME_KINDS[kind] ?? {};
    const frame: FrameSpec = {
      kind: 'frame',
      direction: direction(pick(raw, 'direction', 'layout', 'layoutMode', 'flexDirection', 'flex_direction', 'axis', 'orientation'), preset.direction, tally),
      children: [],
    };
    const label = this.name(raw, tally) ?? preset.name;
    if (label) frame.name = label;
    const gap = num(pick(raw, 'gap', 'spacing', 'itemSpacing', 'item_spacing'));
    if (gap !== undefined) frame.gap = this.bounded(gap, 0, SPEC_LIMITS.gap, tally);
    const padding = paddingOf(pick(raw, 'padding', 'paddings', 'inset'), tally);
    if (padding !== undefined) frame.padding = padding;
    const justify = alignment(pick(raw, 'justify', 'justifyContent', 'justify_content', 'mainAxisAlignment', 'distribute'), true, tally);
    if (justify) frame.justify = justify;
    const align = alignment(pick(raw, 'align', 'alignItems', 'align_items', 'crossAxisAlignment'), false, tally);
    if (align && align !== 'space-between') frame.align = align;
    const wrap = pick(raw, 'wrap', 'flexWrap', 'layoutWrap');
    if (wrap === true || wrap === 'wrap' || wrap === 'true' || preset.wrap) frame.wrap = true;
    const width = sizing(pick(raw, 'width', 'w'), tally);
    if (width !== undefined) frame.width = width;
    const height = sizing(pick(raw, 'height', 'h'), tally);
    if (height !== undefined) frame.height = height;
    if (kind === 'spacer') {
      frame.width ??= 'fill';
      frame.height ??= 24;
    }
    const fill = this.token(pick(raw, 'fill', 'background', 'backgroundColor', 'bg', 'color'), tally);
    if (fill) frame.fill = fill;
    const stroke = this.token(pick(raw, 'stroke', 'border', 'borderColor', 'outline'), tally);
    if (stroke) frame.stroke = stroke;
    const radius = num(pick(raw, 'radius', 'cornerRadius', 'borderRadius', 'corner_radius', 'rounded'));
    if (radius !== undefined) frame.radius = this.bounded(radius, 0, SPEC_LIMITS.radius, tally);

    const items = list(pick(raw, 'children', 'items', 'elements', 'content', 'nodes'));
    for (let i = 0; i < items.length; i++) {
      if (frame.children.length >= SPEC_LIMITS.childrenPerFrame) {
        tally.add('children');
        break;
      }
      if (this.budget <= 0) {
        tally.add('nodes');
        break;
      }
      const room = SPEC_LIMITS.childrenPerFrame - frame.children.length;
      const nodes = this.node(items[i], depth + 1, tally);
      if (nodes.length > room) tally.add('children');
      frame.children.push(...nodes.slice(0, room));
    }
    return [frame];
  }

  /** A button is a filled frame around a label; where frames can't go, just the label. */
  private button(raw: Raw, depth: number, tally: Tally): NodeSpec[] {
    const label = text(pick(raw, 'text', 'label', 'content', 'title', 'value'))?.trim();
    if (!label) {
      tally.add('emptyText');
      return [];
    }
    const variant = squash(text(pick(raw, 'variant', 'style', 'appearance')) ?? '');
    const quiet = ['secondary', 'outline', 'outlined', 'ghost', 'link', 'tertiary', 'text'].includes(variant);
    const labelNode = this.node({ kind: 'text', role: 'button', text: label, color: quiet ? 'primary' : 'onPrimary' }, depth + 1, tally);
    if (depth >= SPEC_LIMITS.depth || this.budget <= 1) return labelNode;
    this.budget--;
    const frame: FrameSpec = {
      kind: 'frame',
      name: this.name(raw, tally) ?? `Button – ${cut(label, 40)}`,
      direction: 'horizontal',
      padding: [12, 24],
      justify: 'center',
      align: 'center',
      radius: 8,
      children: labelNode,
    };
    if (quiet) frame.stroke = 'primary';
    else frame.fill = this.token(pick(raw, 'fill', 'background', 'color'), tally) ?? 'primary';
    const width = sizing(pick(raw, 'width'), tally);
    if (width !== undefined) frame.width = width;
    return [frame];
  }

  private text(raw: Raw, kindRole: TextRole | undefined, tally: Tally): NodeSpec | undefined {
    const content = text(pick(raw, 'text', 'content', 'value', 'label', 'characters', 'title', 'copy'))?.trim();
    if (!content) {
      tally.add('emptyText');
      return undefined;
    }
    if (content.length > SPEC_LIMITS.textLength) tally.add('longText');
    const node: NodeSpec = { kind: 'text', text: cut(content, SPEC_LIMITS.textLength), role: role(pick(raw, 'role', 'variant', 'style', 'level'), kindRole, tally) };
    const label = this.name(raw, tally, ['name']);
    if (label) node.name = label;
    const align = textAlign(pick(raw, 'align', 'textAlign', 'text_align', 'alignment'), tally);
    if (align) node.align = align;
    const color = this.token(pick(raw, 'color', 'colour', 'fill', 'textColor'), tally);
    if (color) node.color = color;
    const width = sizing(pick(raw, 'width'), tally);
    if (width !== undefined) node.width = width;
    return node;
  }

  private image(raw: Raw, kind: string, tally: Tally): NodeSpec | undefined {
    const label = this.name(raw, tally);
    const prompt = (text(pick(raw, 'prompt', 'description', 'alt', 'caption', 'query', 'subject', 'content')) ?? label)?.trim();
    if (!prompt) {
      tally.add('imageNoPrompt');
      return undefined;
    }
    if (prompt.length > SPEC_LIMITS.promptLength) tally.add('longString');
    const node: NodeSpec = { kind: 'image', prompt: cut(prompt, SPEC_LIMITS.promptLength) };
    if (label) node.name = label;
    const aspect = aspectOf(pick(raw, 'aspect', 'aspectRatio', 'aspect_ratio', 'ratio'), tally);
    if (aspect) node.aspect = aspect;
    else if (kind === 'avatar') node.aspect = '1:1';
    const width = sizing(pick(raw, 'width', 'w'), tally);
    if (width !== undefined) node.width = width;
    const height = sizing(pick(raw, 'height', 'h'), tally);
    if (height !== undefined) node.height = height;
    const radius = num(pick(raw, 'radius', 'cornerRadius', 'borderRadius', 'corner_radius', 'rounded'));
    if (radius !== undefined) node.radius = this.bounded(radius, 0, SPEC_LIMITS.radius, tally);
    else if (kind === 'avatar') node.radius = SPEC_LIMITS.radius;
    return node;
  }

  private shape(raw: Raw, kind: string, tally: Tally): NodeSpec | undefined {
    const divider = DIVIDER_KINDS.has(kind);
    const shapeWord = squash(text(pick(raw, 'shape', 'variant')) ?? kind);
    const round = ['ellipse', 'circle', 'oval'].includes(shapeWord);
    const width = sizing(pick(raw, 'width', 'w', 'size'), tally);
    const height = sizing(pick(raw, 'height', 'h', 'size'), tally);
    const node: NodeSpec = {
      kind: 'shape',
      shape: round ? 'ellipse' : 'rectangle',
      color: this.token(pick(raw, 'color', 'colour', 'fill', 'background'), tally) ?? (divider ? 'border' : 'surface'),
      width: width ?? (divider ? 'fill' : typeof height === 'number' ? height : 'fill'),
      height: height ?? (divider ? 1 : typeof width === 'number' ? width : 80),
    };
    const label = this.name(raw, tally);
    if (label) node.name = label;
    const radius = num(pick(raw, 'radius', 'cornerRadius', 'borderRadius'));
    if (radius !== undefined && !round) node.radius = this.bounded(radius, 0, SPEC_LIMITS.radius, tally);
    return node;
  }

  private icon(raw: Raw, tally: Tally): NodeSpec | undefined {
    const word = text(pick(raw, 'name', 'icon', 'glyph', 'symbol'))?.trim().toLowerCase().replace(/[\s_]+/g, '-');
    const name = word && ((ICON_NAMES as readonly string[]).includes(word) ? (word as IconName) : ICON_ALIASES[word]);
    if (!name) {
      tally.add('icons', 1, word ? cut(word, 20) : 'unnamed');
      return undefined;
    }
    const node: NodeSpec = { kind: 'icon', name };
    const color = this.token(pick(raw, 'color', 'colour', 'fill'), tally);
    if (color) node.color = color;
    const size = num(pick(raw, 'size', 'width', 'height'));
    if (size !== undefined) node.size = this.bounded(size, 8, 128, tally);
    return node;
  }

  private name(raw: Raw, tally: Tally, keys = ['name', 'title', 'role', 'id']): string | undefined {
    const label = text(pick(raw, ...keys))?.trim();
    if (!label) return undefined;
    // A role word like "hero" reads better as a layer name capitalised.
    const pretty = /^[a-z][a-z0-9-_ ]*$/.test(label) ? label[0].toUpperCase() + label.slice(1).replace(/[-_]+/g, ' ') : label;
    if (pretty.length > 60) tally.add('longString');
    return cut(pretty, 60);
  }

  private bounded(n: number, min: number, max: number, tally: Tally): number {
    if (n < min || n > max) tally.add('values');
    return clamp(n, min, max);
  }

  /** A palette token for a token name, an alias, or a raw colour (mapped to the nearest). */
  private token(x: unknown, tally: Tally): ColorToken | undefined {
    if (x === undefined || x === null || x === false || x === 'none' || x === 'transparent') return undefined;
    if (typeof x !== 'string') {
      tally.add('tokenDropped');
      return undefined;
    }
    const byName = tokenName(x.trim());
    if (byName) return byName;
    const colour = parseColor(x);
    if (colour) {
      tally.add('tokenMapped');
      return nearestColor(colour, this.palette);
    }
    tally.add('tokenDropped');
    return undefined;
  }
}

function inferKind(raw: Raw): string {
  if (raw.children !== undefined || raw.items !== undefined || Array.isArray(raw.content)) return 'frame';
  if (raw.prompt !== undefined) return 'image';
  if (raw.shape !== undefined) return 'shape';
  if (raw.text !== undefined || raw.content !== undefined) return 'text';
  if (raw.icon !== undefined) return 'icon';
  return '';
}

function direction(x: unknown, preset: 'horizontal' | 'vertical' | undefined, tally: Tally): 'horizontal' | 'vertical' {
  const word = typeof x === 'string' ? squash(x) : '';
  if (['horizontal', 'row', 'h', 'x', 'rowreverse', 'inline'].includes(word)) return 'horizontal';
  if (['vertical', 'column', 'col', 'v', 'y', 'columnreverse', 'stack'].includes(word)) return 'vertical';
  if (x !== undefined) tally.add('values');
  return preset ?? 'vertical';
}

function alignment(x: unknown, main: boolean, tally: Tally): 'start' | 'center' | 'end' | 'space-between' | undefined {
  if (x === undefined) return undefined;
  const word = typeof x === 'string' ? squash(x) : '';
  if (['start', 'flexstart', 'left', 'top', 'leading', 'min'].includes(word)) return 'start';
  if (['center', 'centre', 'middle'].includes(word)) return 'center';
  if (['end', 'flexend', 'right', 'bottom', 'trailing', 'max'].includes(word)) return 'end';
  if (main && ['spacebetween', 'between', 'spacearound', 'spaceevenly', 'around', 'evenly', 'spread'].includes(word)) return 'space-between';
  // "stretch" and "baseline" have no single equivalent: leave the builder's default.
  if (word !== 'stretch' && word !== 'baseline') tally.add('values');
  return undefined;
}

function textAlign(x: unknown, tally: Tally): 'left' | 'center' | 'right' | undefined {
  if (x === undefined) return undefined;
  const word = typeof x === 'string' ? squash(x) : '';
  if (['left', 'start', 'justify', 'justified'].includes(word)) return 'left';
  if (['center', 'centre', 'middle'].includes(word)) return 'center';
  if (['right', 'end'].includes(word)) return 'right';
  tally.add('values');
  return undefined;
}

function role(x: unknown, kindRole: TextRole | undefined, tally: Tally): TextRole {
  const word = typeof x === 'string' ? x.trim().toLowerCase() : typeof x === 'number' ? `h${clamp(Math.round(x), 1, 3)}` : '';
  if ((TEXT_ROLES as readonly string[]).includes(word)) return word as TextRole;
  if (ROLE_ALIASES[word]) return ROLE_ALIASES[word];
  if (word && !kindRole) tally.add('values');
  return kindRole ?? 'body';
}

const HUG = new Set(['hug', 'auto', 'fit', 'fitcontent', 'content', 'wrap', 'wrapcontent', 'hugcontents', 'intrinsic']);
const FILL = new Set(['fill', 'full', 'stretch', 'fillcontainer', 'flex', 'expand', 'max', 'matchparent', '100%', 'grow']);

/** 'hug', 'fill' or pixels; "240px" is 240, any percentage fills. Undefined (noted) when unreadable. */
function sizing(x: unknown, tally: Tally): Sizing | undefined {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'string') {
    const word = squash(x);
    if (HUG.has(word)) return 'hug';
    if (FILL.has(word) || /%$/.test(word)) return 'fill';
  }
  const n = num(x);
  if (n === undefined || n <= 0) {
    tally.add('sizes');
    return undefined;
  }
  // A fraction (0.5) is a share of the parent, which auto layout can only express as fill.
  if (n < 1) {
    tally.add('sizes');
    return 'fill';
  }
  if (n > SPEC_LIMITS.size) tally.add('sizes');
  return Math.min(Math.round(n), SPEC_LIMITS.size);
}

function paddingOf(x: unknown, tally: Tally): number | number[] | undefined {
  if (x === undefined || x === null) return undefined;
  const side = (p: unknown) => {
    const n = num(p);
    if (n === undefined) return undefined;
    if (n < 0 || n > SPEC_LIMITS.padding) tally.add('values');
    return clamp(Math.round(n), 0, SPEC_LIMITS.padding);
  };
  let parts: unknown[];
  if (Array.isArray(x)) parts = x;
  else if (typeof x === 'string' && /\s/.test(x.trim())) parts = x.trim().split(/\s+/);
  else if (isObject(x)) {
    const vert = pick(x, 'vertical', 'y');
    const horiz = pick(x, 'horizontal', 'x');
    parts = [pick(x, 'top') ?? vert ?? 0, pick(x, 'right') ?? horiz ?? 0, pick(x, 'bottom') ?? vert ?? 0, pick(x, 'left') ?? horiz ?? 0];
  } else parts = [x];
  const sides = parts.map(side);
  if (sides.some((s) => s === undefined) || sides.length === 0) {
    tally.add('values');
    return undefined;
  }
  const n = sides as number[];
  // CSS shorthand: 3 values are top, horizontal, bottom; more than 4 is a mistake.
  if (n.length === 1) return n[0];
  if (n.length === 3) return [n[0], n[1], n[2], n[1]];
  if (n.length > 4) {
    tally.add('values');
    return n.slice(0, 4);
  }
  return n;
}

const NAMED_ASPECTS: Record<string, string> = { square: '1:1', landscape: '4:3', portrait: '3:4', wide: '16:9', widescreen: '16:9', tall: '9:16', banner: '3:1' };

function aspectOf(x: unknown, tally: Tally): string | undefined {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'number' && Number.isFinite(x) && x > 0) return `${Math.round(x * 100) / 100}:1`;
  if (typeof x === 'string') {
    const s = x.trim().toLowerCase();
    if (NAMED_ASPECTS[s]) return NAMED_ASPECTS[s];
    const m = /^(\d+(?:\.\d+)?)\s*[:/x×]\s*(\d+(?:\.\d+)?)$/.exec(s);
    if (m && parseFloat(m[1]) > 0 && parseFloat(m[2]) > 0) return `${m[1]}:${m[2]}`;
    const n = num(s);
    if (n !== undefined && n > 0) return `${Math.round(n * 100) / 100}:1`;
  }
  tally.add('values');
  return undefined;
}

// ---------- the whole spec ----------

const WRAPPER_KEYS = ['design', 'spec', 'layout', 'page', 'screen', 'result', 'output', 'data'];

/** The object holding the design: the root, or one level in (`{"design": {...}}`). */
function designObject(raw: unknown): Raw | undefined {
  if (Array.isArray(raw)) return { sections: raw };
  if (!isObject(raw)) return undefined;
  if (sectionsOf(raw) !== undefined) return raw;
  for (const key of WRAPPER_KEYS) {
    const inner = raw[key];
    if (isObject(inner) && (sectionsOf(inner) !== undefined || inner.children !== undefined)) return { ...raw, ...inner };
  }
  return raw;
}

function sectionsOf(raw: Raw): unknown {
  return pick(raw, 'sections', 'Sections', 'frames', 'blocks', 'screens');
}

/** The raw list of sections, however the model arranged them. */
export function rawSections(root: Raw, tally: Tally): unknown[] {
  const sections = sectionsOf(root);
  if (sections !== undefined) {
    if (isObject(sections) && !looksLikeNode(sections)) tally.add('sectionsObject');
    return list(sections);
  }
  // A single root frame (or a "root" key holding one): its children are the sections.
  const rootFrame = isObject(root.root) ? root.root : isObject(root.frame) ? root.frame : root;
  const children = pick(rootFrame, 'children', 'items', 'elements');
  if (children !== undefined) {
    tally.add('rootFrame');
    return list(children);
  }
  return [];
}

export function normalizeSpec(raw: unknown): NormalizedSpec {
  try {
    const root = designObject(raw);
    if (!root) return { notes: [], problems: ['The answer was not a design (expected a JSON object with sections).'] };
    const normalizer = new SpecNormalizer();
    const header = normalizer.header(root);
    const sections: FrameSpec[] = [];
    for (const item of rawSections(root, normalizer.tally)) {
      const { section } = normalizer.section(item);
      if (section) sections.push(section);
    }
    const notes = normalizer.tally.notes();
    if (!sections.length) return { notes, problems: ['The answer had no sections that could be built.'] };
    const spec: DesignSpec = { ...header, sections };
    const problems = validationProblems(spec);
    return problems.length ? { notes, problems } : { spec, notes, problems: [] };
  } catch (error) {
    // Normalization must never throw at the caller; if it does, that is our bug, said plainly.
    return { notes: [], problems: [`The design could not be read (${error instanceof Error ? error.message : String(error)}).`] };
  }
}

/** DesignSpecSchema's complaints as short "where: what" lines (also for the repair prompt). */
export function validationProblems(value: unknown): string[] {
  const result = v.safeParse(DesignSpecSchema, value);
  if (result.success) return [];
  return result.issues.slice(0, 12).map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
