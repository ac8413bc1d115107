import * as v from 'valibot';

/**
 * The layout spec: what a language model writes and the controller builds into real Figma
 * nodes. A tree of auto-layout frames, text, image slots, shapes and icons, plus the design's
 * tokens (palette, typography). Colours are never raw in nodes: they name a palette token,
 * so a design re-themes by editing one variable.
 *
 * Versioned: a design recipe stores the spec, and readers accept older versions.
 * The order of the top-level keys is the order a model writes them in (tokens first, then
 * sections), which is what lets a streamed spec be built section by section.
 */
export const SPEC_VERSION = 1;

/** Hard limits. Anything beyond is trimmed by `normalizeSpec` with a note, never a crash. */
export const SPEC_LIMITS = {
  depth: 6,
  nodes: 400,
  sections: 12,
  childrenPerFrame: 24,
  textLength: 600,
  promptLength: 400,
  size: 4096,
  gap: 400,
  padding: 400,
  radius: 400,
  fontSize: 160,
} as const;

export const COLOR_TOKENS = ['background', 'surface', 'primary', 'onPrimary', 'text', 'muted', 'accent', 'border'] as const;
export type ColorToken = (typeof COLOR_TOKENS)[number];

export const TEXT_ROLES = ['display', 'h1', 'h2', 'h3', 'body', 'caption', 'label', 'button'] as const;
export type TextRole = (typeof TEXT_ROLES)[number];

/** Icons the builder can draw as vectors itself (no icon font, no network). */
export const ICON_NAMES = [
  'check', 'close', 'arrow-right', 'arrow-left', 'chevron-down', 'menu', 'search', 'star', 'heart', 'user',
  'mail', 'lock', 'plus', 'minus', 'home', 'settings', 'bell', 'calendar', 'chart', 'play', 'cart', 'coffee',
] as const;
export type IconName = (typeof ICON_NAMES)[number];

const hex = v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb'));
const length = v.pipe(v.number(), v.minValue(0), v.maxValue(SPEC_LIMITS.size));
/** 'hug' the content, 'fill' the parent, or a fixed number of pixels. */
const sizing = v.union([v.picklist(['hug', 'fill']), v.pipe(v.number(), v.minValue(1), v.maxValue(SPEC_LIMITS.size))]);
export type Sizing = 'hug' | 'fill' | number;
const token = v.picklist(COLOR_TOKENS);
const name = v.optional(v.pipe(v.string(), v.maxLength(60)));

export const TextSchema = v.object({
  kind: v.literal('text'),
  name,
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(SPEC_LIMITS.textLength)),
  role: v.picklist(TEXT_ROLES),
  align: v.optional(v.picklist(['left', 'center', 'right'])),
  color: v.optional(token),
  width: v.optional(sizing),
});

export const ImageSchema = v.object({
  kind: v.literal('image'),
  name,
  /** What to generate in this slot; the design's `imageStyle` is added to it. */
  prompt: v.pipe(v.string(), v.minLength(1), v.maxLength(SPEC_LIMITS.promptLength)),
  /** `w:h`; with one fixed side, the other follows from it. */
  aspect: v.optional(v.pipe(v.string(), v.regex(/^\d+(\.\d+)?:\d+(\.\d+)?$/))),
  width: v.optional(sizing),
  height: v.optional(sizing),
  radius: v.optional(length),
});

export const ShapeSchema = v.object({
  kind: v.literal('shape'),
  name,
  shape: v.picklist(['rectangle', 'ellipse']),
  color: token,
  width: sizing,
  height: sizing,
  radius: v.optional(length),
});

export const IconSchema = v.object({
  kind: v.literal('icon'),
  name: v.picklist(ICON_NAMES),
  color: v.optional(token),
  size: v.optional(v.pipe(v.number(), v.minValue(8), v.maxValue(128))),
});

export interface FrameSpec {
  kind: 'frame';
  name?: string;
  direction: 'horizontal' | 'vertical';
  gap?: number;
  /** All sides, [vertical, horizontal], or [top, right, bottom, left]. */
  padding?: number | number[];
  /** Along the direction. */
  justify?: 'start' | 'center' | 'end' | 'space-between';
  /** Across the direction. */
  align?: 'start' | 'center' | 'end';
  wrap?: boolean;
  width?: Sizing;
  height?: Sizing;
  fill?: ColorToken;
  stroke?: ColorToken;
  radius?: number;
  children: NodeSpec[];
}

export type TextSpec = v.InferOutput<typeof TextSchema>;
export type ImageSpec = v.InferOutput<typeof ImageSchema>;
export type ShapeSpec = v.InferOutput<typeof ShapeSchema>;
export type IconSpec = v.InferOutput<typeof IconSchema>;
export type NodeSpec = FrameSpec | TextSpec | ImageSpec | ShapeSpec | IconSpec;

const FrameObject = v.object({
  kind: v.literal('frame'),
  name,
  direction: v.picklist(['horizontal', 'vertical']),
  gap: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(SPEC_LIMITS.gap))),
  padding: v.optional(
    v.union([
      v.pipe(v.number(), v.minValue(0), v.maxValue(SPEC_LIMITS.padding)),
      v.pipe(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(SPEC_LIMITS.padding))), v.minLength(2), v.maxLength(4)),
    ]),
  ),
  justify: v.optional(v.picklist(['start', 'center', 'end', 'space-between'])),
  align: v.optional(v.picklist(['start', 'center', 'end'])),
  wrap: v.optional(v.boolean()),
  width: v.optional(sizing),
  height: v.optional(sizing),
  fill: v.optional(token),
  stroke: v.optional(token),
  radius: v.optional(length),
  children: v.pipe(
    v.array(v.lazy(() => NodeSchema)),
    v.maxLength(SPEC_LIMITS.childrenPerFrame),
  ),
});

export const FrameSchema: v.GenericSchema<FrameSpec> = FrameObject;

export const NodeSchema: v.GenericSchema<NodeSpec> = v.variant('kind', [FrameObject, TextSchema, ImageSchema, ShapeSchema, IconSchema]);

export const PaletteSchema = v.object({
  background: hex,
  surface: hex,
  primary: hex,
  onPrimary: hex,
  text: hex,
  muted: hex,
  accent: hex,
  border: hex,
});
export type Palette = v.InferOutput<typeof PaletteSchema>;

export const TypographySchema = v.object({
  /** A font family name, e.g. "Inter"; the builder falls back when it is not installed. */
  heading: v.pipe(v.string(), v.minLength(1), v.maxLength(60)),
  body: v.pipe(v.string(), v.minLength(1), v.maxLength(60)),
  /** Body size in px; the other roles scale from it. */
  baseSize: v.pipe(v.number(), v.minValue(10), v.maxValue(24)),
});
export type Typography = v.InferOutput<typeof TypographySchema>;

export const DesignSpecSchema = v.object({
  v: v.literal(SPEC_VERSION),
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  /** Visual style added to every image slot's prompt, so the images belong together. */
  imageStyle: v.pipe(v.string(), v.maxLength(SPEC_LIMITS.promptLength)),
  palette: PaletteSchema,
  typography: TypographySchema,
  /** Top-level frames of the design (Hero, Pricing, Footer…), each named for its role. */
  sections: v.pipe(v.array(FrameSchema), v.minLength(1), v.maxLength(SPEC_LIMITS.sections)),
});

export interface DesignSpec {
  v: typeof SPEC_VERSION;
  title: string;
  imageStyle: string;
  palette: Palette;
  typography: Typography;
  sections: FrameSpec[];
}

/** Size of each text role relative to the body size (a major-third scale). */
export const TEXT_ROLE_SCALE: Record<TextRole, { size: number; weight: 'Regular' | 'Medium' | 'Semi Bold' | 'Bold'; heading: boolean }> = {
  display: { size: 3.5, weight: 'Bold', heading: true },
  h1: { size: 2.5, weight: 'Bold', heading: true },
  h2: { size: 1.95, weight: 'Semi Bold', heading: true },
  h3: { size: 1.25, weight: 'Semi Bold', heading: true },
  body: { size: 1, weight: 'Regular', heading: false },
  caption: { size: 0.8, weight: 'Regular', heading: false },
  label: { size: 0.85, weight: 'Medium', heading: false },
  button: { size: 1, weight: 'Semi Bold', heading: false },
};
