import { EXAMPLE_SPEC } from './example-spec';
import { designJsonSchema } from './spec-json-schema';
import { COLOR_TOKENS, ICON_NAMES, SPEC_LIMITS, TEXT_ROLES, type DesignSpec, type FrameSpec } from './spec';

/**
 * The words sent to a language model for a design: the system text (what a good spec is)
 * and the user text (this request). Kept apart from the field mapping in `llm-input.ts`.
 */

/** The file's own styles, offered when "Use this file's styles" is on. */
export interface FileStyles {
  paints?: string[];
  texts?: string[];
  variables?: string[];
}

export interface DesignRequest {
  prompt: string;
  width: number;
  height: number;
  /** "Desktop", "iPhone"… or the selected frame's name. */
  device?: string;
  fileStyles?: FileStyles;
  /** 1-based number of this layout among `alternatives`, to ask for variety. */
  alternative?: number;
  alternatives?: number;
}

export interface SectionRedesignRequest {
  /** The design the section belongs to (its tokens are kept). */
  design: Omit<DesignSpec, 'sections'>;
  section: FrameSpec;
  instruction: string;
  width: number;
}

const VARIETY = [
  'the clearest conventional layout for this content',
  'a bolder layout: an asymmetric hero, larger type, stronger use of the accent colour',
  'a minimal layout: generous whitespace, fewer and calmer sections, one strong image',
  'a rich layout: more content per section, cards and grids, a darker or more saturated palette',
];

const list = (names: readonly string[]) => names.join(', ');

function styleLines(styles: FileStyles | undefined): string {
  if (!styles) return '';
  const cap = (names: string[] | undefined) => (names ?? []).slice(0, 40).join(', ');
  const parts = [
    styles.paints?.length ? `Colour styles: ${cap(styles.paints)}.` : '',
    styles.variables?.length ? `Colour variables: ${cap(styles.variables)}.` : '',
    styles.texts?.length ? `Text styles: ${cap(styles.texts)}.` : '',
  ].filter(Boolean);
  if (!parts.length) return '';
  return `\n- Use this file's styles: ${parts.join(' ')} Pick palette colours and fonts that match them, and name sections and text roles so they map onto these styles.`;
}

/**
 * What a good answer is. `schemaInline` puts the JSON schema in the text, for models that
 * can't take it as an input.
 */
export function systemText(options: { width: number; height?: number; device?: string; schemaInline: boolean; fileStyles?: FileStyles }): string {
  const { width, height } = options;
  const size = height ? `${Math.round(width)}×${Math.round(height)} px` : `${Math.round(width)} px wide`;
  const target = `${size}${options.device ? ` (${options.device})` : ''}`;
  const schema = options.schemaInline ? `\n\nThe JSON schema of your answer:\n${JSON.stringify(designJsonSchema())}` : '';
  return (
    'You are a senior product designer. You design one screen as a JSON layout spec that a Figma plugin builds into ' +
    'real frames with auto layout, editable text and generated images.\n\n' +
    'Answer with only one JSON object: no prose, no code fence. Write its keys in this order: v, title, imageStyle, ' +
    'palette, typography, sections; write each section completely before the next, since sections are built as they arrive.\n\n' +
    'Rules:\n' +
    `- The screen is ${target}. Sections stack vertically and each fills the full ${Math.round(width)} px width; inside sections use width "fill" or "hug", not fixed widths (fixed pixels only for small things such as avatars and icons).\n` +
    '- sections: one frame per part of the page, named for its role (Navigation, Hero, Features, Pricing, Testimonials, FAQ, Footer…); name cards and groups for what they are (Plan card, Testimonial).\n' +
    `- Colours: only palette token names (${list(COLOR_TOKENS)}) in fill, stroke and color; hex values only inside palette. Make text readable on its background.\n` +
    `- Text: realistic, specific copy for this product (never lorem ipsum), short enough to read; role is one of ${list(TEXT_ROLES)}.\n` +
    '- Images: image slots with a prompt that describes the picture (subject, setting, framing) and an aspect such as "16:9"; imageStyle is the one visual style added to every image prompt, so the images belong together.\n' +
    '- Buttons: a horizontal frame with fill primary, padding [12, 24] and a radius, holding one text of role button with color onPrimary.\n' +
    `- Icons: only ${list(ICON_NAMES)}.\n` +
    `- Limits: at most ${SPEC_LIMITS.sections} sections, ${SPEC_LIMITS.childrenPerFrame} children per frame, ${SPEC_LIMITS.depth} levels of nesting, ${SPEC_LIMITS.nodes} elements in all, ${SPEC_LIMITS.textLength} characters per text.` +
    styleLines(options.fileStyles) +
    schema +
    `\n\nAn example of a complete answer, for a different product:\n${JSON.stringify(EXAMPLE_SPEC)}`
  );
}

export function designUserText(request: DesignRequest): string {
  const total = Math.max(1, request.alternatives ?? 1);
  const n = Math.min(Math.max(1, request.alternative ?? 1), total);
  const variety = total > 1 ? `\n\nThis is layout alternative ${n} of ${total}: make it ${VARIETY[(n - 1) % VARIETY.length]}.` : '';
  return `Design this screen (${Math.round(request.width)}×${Math.round(request.height)} px):\n${request.prompt.trim()}${variety}`;
}

export function sectionUserText(request: SectionRedesignRequest): string {
  const tokens = { v: request.design.v, title: request.design.title, imageStyle: request.design.imageStyle, palette: request.design.palette, typography: request.design.typography };
  return (
    `Redesign one section of the design "${request.design.title}" (${Math.round(request.width)} px wide).\n` +
    `Instruction: ${request.instruction.trim()}\n\n` +
    `The section now:\n${JSON.stringify(request.section)}\n\n` +
    `Answer with the same JSON shape as a whole design: keep exactly these v, title, imageStyle, palette and typography:\n${JSON.stringify(tokens)}\n` +
    'and put exactly one section, the redesigned one, in sections. Keep its role and name unless the instruction changes them.'
  );
}
