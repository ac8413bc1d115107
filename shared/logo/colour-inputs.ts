import type { Capabilities, JsonSchema } from '../models/capabilities';
import { hexToRgb255 } from './brand-kit';
import { colourPhrase } from './colour-words';

/**
 * How a model is given the brand colours, read from its own schema: a colour field in the
 * shape the schema describes (Recraft's `colors`: [{rgb: [r, g, b]}]; Ideogram's
 * `color_palette`: {members: [{color_hex}]}; a plain list of hex strings), or else the
 * colours in words after the prompt.
 */
const COLOUR_FIELDS = ['colors', 'color_palette', 'palette', 'colours', 'rgb_colors', 'brand_colors'];

export type ColourInput =
  | { kind: 'field'; field: string; value: unknown }
  | { kind: 'words'; suffix: string }
  | { kind: 'none' };

export function colourInput(caps: Capabilities, colors: readonly string[]): ColourInput {
  if (colors.length === 0) return { kind: 'none' };
  for (const field of COLOUR_FIELDS) {
    const schema = caps.fields[field];
    if (!schema) continue;
    const value = valueFor(schema, colors);
    if (value !== undefined) return { kind: 'field', field, value };
  }
  return caps.promptField ? { kind: 'words', suffix: colourPhrase(colors) } : { kind: 'none' };
}

function valueFor(schema: JsonSchema, colors: readonly string[]): unknown {
  const limited = typeof (schema as { maxItems?: number }).maxItems === 'number'
    ? colors.slice(0, (schema as { maxItems?: number }).maxItems)
    : colors;
  if (schema.type === 'array') {
    const item = schema.items ?? {};
    if (item.type === 'object' || item.properties) {
      const props = item.properties ?? {};
      if ('rgb' in props || !('color_hex' in props || 'hex' in props)) return limited.map((c) => ({ rgb: hexToRgb255(c) }));
      return limited.map((c) => ('color_hex' in props ? { color_hex: c } : { hex: c }));
    }
    if (item.type === 'array') return limited.map((c) => hexToRgb255(c));
    return [...limited];
  }
  if (schema.type === 'object') {
    // Ideogram's API: a palette is a preset name or {members: [{color_hex, color_weight}]}.
    return { members: limited.map((c) => ({ color_hex: c })) };
  }
  if (schema.type === 'string') return limited.join(', ');
  return undefined;
}
