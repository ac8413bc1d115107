/**
 * Reads what a model can do from its cog `openapi_schema` (`components.schemas.Input`),
 * so the panel and the input builder never hard-code one model's field names.
 */

export type JsonSchema = {
  type?: string;
  enum?: unknown[];
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  format?: string;
  items?: JsonSchema;
  description?: string;
  title?: string;
  'x-order'?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

export interface OpenApiDoc {
  components?: { schemas?: Record<string, JsonSchema> };
}

/** How a model is told the shape of its output. */
export type ShapeControl =
  | {
      kind: 'aspect';
      field: string;
      choices: string[];
      default?: string;
      customWith?: DimensionFields;
      /** The enum value that follows the first input image's ratio (`match_input_image`). */
      matchInput?: string;
    }
  | ({ kind: 'dimensions' } & DimensionFields)
  | { kind: 'size-enum'; field: string; choices: string[]; default?: string }
  | { kind: 'none' };

export interface DimensionFields {
  width: string;
  height: string;
  min: number;
  max: number;
  step: number;
}

export interface Capabilities {
  promptField?: string;
  shape: ShapeControl;
  /** Field for how many images one prediction returns, and its range. */
  count?: { field: string; min: number; max: number };
  seedField?: string;
  /** The seed field's bounds, where its schema gives them (what the model accepts, no more). */
  seedRange?: { min?: number; max?: number };
  outputFormat?: { field: string; choices: string[] };
  /** Lossy-output quality field (JPEG/WebP) and its range. */
  quality?: { field: string; min: number; max: number };
  /** Field taking the source image (image-to-image, edit, inpaint, upscale…). */
  imageField?: string;
  /**
   * Field taking a list of images (`image_input`, `input_images`…): the source of an edit
   * when there is no single-image field, or references; `max` when the schema says it.
   */
  imageList?: { field: string; max?: number };
  /** Style references kept apart from the source (Ideogram's `style_reference_images`). */
  styleReferences?: { field: string; max?: number };
  /**
   * Output resolution as tiers (`1K|2K|4K`, `1 MP|2 MP`) rather than pixels; each tier's
   * long side in pixels, and the value that follows the input image where there is one.
   */
  resolution?: { field: string; tiers: { value: string; longSide: number }[]; matchInput?: string; default?: string };
  /** How to ask for a transparent background (`background: transparent`, or a boolean). */
  transparency?: { field: string; value: string | boolean };
  /** Safety tolerance field, its range, and the highest value allowed with input images. */
  safety?: { field: string; min: number; max: number; maxWithImages?: number };
  /** Field taking an inpainting mask, and which colour in it means "repaint". */
  mask?: { field: string; repaint: 'white' | 'black' };
  /** How far the result may stray from the source image, and its range. */
  strength?: { field: string; min: number; max: number; default?: number };
  /** Upscale factor field and its range. */
  scale?: { field: string; min: number; max: number };
  /** Whether the Output schema is an array (several URLs) or one URL. */
  outputIsArray: boolean;
  /** Every input field with its resolved schema, in the model's own order. */
  fields: Record<string, JsonSchema>;
  required: string[];
}

const PROMPT_FIELDS = ['prompt', 'text', 'caption'];
const COUNT_FIELDS = ['num_outputs', 'num_images', 'number_of_images', 'batch_size'];
const SEED_FIELDS = ['seed'];
const FORMAT_FIELDS = ['output_format', 'format'];
const IMAGE_FIELDS = ['image', 'input_image', 'init_image', 'img', 'image_url', 'flat_graphic_image'];
const IMAGE_LIST_FIELDS = ['image_input', 'input_images', 'images', 'reference_images', 'image_prompts'];
const STYLE_REFERENCE_FIELDS = ['style_reference_images', 'style_images'];
const RESOLUTION_FIELDS = ['resolution', 'size', 'megapixels'];
const TRANSPARENCY_FIELDS = ['background', 'transparent_background', 'transparent', 'background_type'];
const MASK_FIELDS = ['mask', 'mask_image'];
const STRENGTH_FIELDS = ['prompt_strength', 'strength', 'image_strength', 'denoising_strength'];
const SCALE_FIELDS = ['scale', 'upscale_factor', 'scale_factor'];

export function readCapabilities(doc: OpenApiDoc): Capabilities {
  const schemas = doc.components?.schemas ?? {};
  const input = schemas.Input ?? {};
  const fields: Record<string, JsonSchema> = {};
  const entries = Object.entries(input.properties ?? {}).sort(
    ([, a], [, b]) => (a['x-order'] ?? 0) - (b['x-order'] ?? 0),
  );
  for (const [name, schema] of entries) fields[name] = resolve(schema, schemas);

  const pick = (names: string[], test: (s: JsonSchema) => boolean = () => true) =>
    names.find((n) => fields[n] && test(fields[n]));

  const countField = pick(COUNT_FIELDS, isInteger);
  const seedField = pick(SEED_FIELDS, isInteger);
  const isUri = (s: JsonSchema) => s.type === 'string' && (s.format === 'uri' || s.format === undefined);
  const maskField = pick(MASK_FIELDS, isUri);
  const strengthField = pick(STRENGTH_FIELDS, isInteger);
  const scaleField = pick(SCALE_FIELDS, isInteger);
  const qualityField = pick(['output_quality', 'output_compression', 'quality'], isInteger);
  const isUriList = (s: JsonSchema) => s.type === 'array' && (!s.items || s.items.type === 'string' || s.items.type === undefined);
  const listField = pick(IMAGE_LIST_FIELDS, isUriList);
  const styleField = pick(STYLE_REFERENCE_FIELDS, isUriList);
  const safetyField = pick(['safety_tolerance'], isInteger);
  const formatField = pick(FORMAT_FIELDS, (s) => Array.isArray(s.enum));
  const output = resolve(schemas.Output ?? {}, schemas);

  return {
    promptField: pick(PROMPT_FIELDS, (s) => s.type === 'string'),
    shape: readShape(fields),
    count: countField
      ? { field: countField, min: fields[countField].minimum ?? 1, max: fields[countField].maximum ?? 1 }
      : undefined,
    seedField,
    ...(seedField ? { seedRange: boundsOf(fields[seedField]) } : {}),
    outputFormat: formatField ? { field: formatField, choices: fields[formatField].enum!.map(String) } : undefined,
    quality: qualityField
      ? { field: qualityField, min: fields[qualityField].minimum ?? 0, max: fields[qualityField].maximum ?? 100 }
      : undefined,
    imageField: pick(IMAGE_FIELDS, isUri),
    ...(listField ? { imageList: { field: listField, ...maxImages(fields[listField].description) } } : {}),
    ...(styleField ? { styleReferences: { field: styleField, ...maxImages(fields[styleField].description) } } : {}),
    ...optional('resolution', readResolution(fields)),
    ...optional('transparency', readTransparency(fields)),
    ...(safetyField ? { safety: readSafety(safetyField, fields[safetyField]) } : {}),
    mask: maskField ? { field: maskField, repaint: repaintColour(fields[maskField].description) } : undefined,
    strength: strengthField ? rangeOf(strengthField, fields[strengthField], 0, 1) : undefined,
    scale: scaleField ? rangeOf(scaleField, fields[scaleField], 1, 4) : undefined,
    outputIsArray: output.type === 'array',
    fields,
    required: input.required ?? [],
  };
}

/**
 * Mask conventions differ: FLUX Fill repaints white, Ideogram repaints black. The model's
 * own field description says which ("Black pixels are inpainted…"); white when it is silent.
 */
export function repaintColour(description: string | undefined): 'white' | 'black' {
  const match = /\b(black|white)\s+(?:pixels?|areas?|regions?|parts?)?\s*(?:are|is|will be|get|gets)\s+(?:inpainted|repainted|regenerated|replaced|filled|changed|generated|edited)/i.exec(
    description ?? '',
  );
  return match?.[1].toLowerCase() === 'black' ? 'black' : 'white';
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** "Maximum 8 images", "up to 14 images", "List of 1-10 images" → the most a list takes. */
function maxImages(description: string | undefined): { max?: number } {
  const match = /(?:maximum|max\.?|up to|\d+\s*-)\s*(\d+)\s+(?:input\s+|reference\s+)?images?/i.exec(description ?? '');
  return match ? { max: Number(match[1]) } : {};
}

const TIER = /^(\d+(?:\.\d+)?)\s*(k|mp)$/i;

/** Long side in pixels of a square image of this tier: 1K → 1024, 4 MP → 2048. */
function tierLongSide(value: string): number | undefined {
  const match = TIER.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  return match[2].toLowerCase() === 'k' ? Math.round(n * 1024) : Math.round(Math.sqrt(n) * 1024);
}

function readResolution(fields: Record<string, JsonSchema>): Capabilities['resolution'] {
  for (const name of RESOLUTION_FIELDS) {
    const s = fields[name];
    if (!s || !Array.isArray(s.enum)) continue;
    const values = s.enum.map(String);
    const tiers = values.flatMap((value) => {
      const longSide = tierLongSide(value);
      return longSide ? [{ value, longSide }] : [];
    });
    if (tiers.length === 0) continue;
    return {
      field: name,
      tiers: tiers.sort((a, b) => a.longSide - b.longSide),
      ...(values.includes('match_input_image') ? { matchInput: 'match_input_image' } : {}),
      ...(typeof s.default === 'string' ? { default: s.default } : {}),
    };
  }
  return undefined;
}

/** `background: transparent|opaque|auto` (GPT Image), or a boolean transparency switch. */
function readTransparency(fields: Record<string, JsonSchema>): Capabilities['transparency'] {
  for (const name of TRANSPARENCY_FIELDS) {
    const s = fields[name];
    if (!s) continue;
    const transparent = s.enum?.map(String).find((e) => /^(transparent|rgba)$/i.test(e));
    if (transparent) return { field: name, value: transparent };
    if (s.type === 'boolean' && /transparen/i.test(`${name} ${s.description ?? ''}`)) return { field: name, value: true };
  }
  return undefined;
}

function readSafety(field: string, s: JsonSchema): NonNullable<Capabilities['safety']> {
  // Kontext: "2 is currently the maximum allowed when input images are used."
  const withImages = /(\d+) is (?:currently )?the maximum allowed when input images/i.exec(s.description ?? '');
  return {
    field,
    min: s.minimum ?? 0,
    max: s.maximum ?? 6,
    ...(withImages ? { maxWithImages: Number(withImages[1]) } : {}),
  };
}

function boundsOf(s: JsonSchema): { min?: number; max?: number } {
  return {
    ...(typeof s.minimum === 'number' ? { min: s.minimum } : {}),
    ...(typeof s.maximum === 'number' ? { max: s.maximum } : {}),
  };
}

function rangeOf(field: string, s: JsonSchema, min: number, max: number) {
  return {
    field,
    min: s.minimum ?? min,
    max: s.maximum ?? max,
    ...(typeof s.default === 'number' ? { default: s.default } : {}),
  };
}

function readShape(fields: Record<string, JsonSchema>): ShapeControl {
  const dims = readDimensions(fields);
  const aspect = fields.aspect_ratio;
  if (aspect && Array.isArray(aspect.enum)) {
    const choices = aspect.enum.map(String);
    return {
      kind: 'aspect',
      field: 'aspect_ratio',
      choices: choices.filter((c) => c !== 'custom' && c !== 'match_input_image'),
      ...(choices.includes('match_input_image') ? { matchInput: 'match_input_image' } : {}),
      default: typeof aspect.default === 'string' ? aspect.default : undefined,
      // Models like FLUX 1.1 pro take exact width/height only with aspect_ratio "custom".
      customWith: choices.includes('custom') ? dims : undefined,
    };
  }
  if (dims) return { kind: 'dimensions', ...dims };
  for (const name of ['size', 'image_size', 'resolution']) {
    const s = fields[name];
    if (s && Array.isArray(s.enum) && s.enum.some((e) => parseSize(String(e)))) {
      return {
        kind: 'size-enum',
        field: name,
        choices: s.enum.map(String).filter((e) => parseSize(e)),
        default: typeof s.default === 'string' ? s.default : undefined,
      };
    }
  }
  return { kind: 'none' };
}

function readDimensions(fields: Record<string, JsonSchema>): DimensionFields | undefined {
  const w = fields.width;
  const h = fields.height;
  if (!w || !h || !isInteger(w) || !isInteger(h)) return undefined;
  return {
    width: 'width',
    height: 'height',
    min: Math.max(w.minimum ?? 64, h.minimum ?? 64),
    max: Math.min(w.maximum ?? 2048, h.maximum ?? 2048),
    step: w.multipleOf ?? stepFromDescription(w.description) ?? 8,
  };
}

function stepFromDescription(description: string | undefined): number | undefined {
  const match = description?.match(/multiple of (\d+)/i);
  return match ? Number(match[1]) : undefined;
}

/** `1024x768` → [1024, 768]. */
export function parseSize(text: string): [number, number] | undefined {
  const match = /^(\d{2,5})\s*[x×*]\s*(\d{2,5})$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** `16:9` → 16/9. */
export function parseRatio(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const w = Number(match[1]);
  const h = Number(match[2]);
  return w > 0 && h > 0 ? w / h : undefined;
}

function isInteger(s: JsonSchema): boolean {
  return s.type === 'integer' || s.type === 'number';
}

/** Inlines `$ref` and single-entry `allOf`, the way cog writes enum fields. */
function resolve(schema: JsonSchema, schemas: Record<string, JsonSchema>, depth = 0): JsonSchema {
  if (depth > 8) return schema;
  let out: JsonSchema = { ...schema };
  if (out.$ref) {
    const target = schemas[out.$ref.replace('#/components/schemas/', '')] ?? {};
    const { $ref: _ignored, ...rest } = out;
    out = { ...resolve(target, schemas, depth + 1), ...rest };
  }
  if (out.allOf) {
    const { allOf, ...rest } = out;
    out = allOf.reduce<JsonSchema>((acc, part) => ({ ...acc, ...resolve(part, schemas, depth + 1) }), {});
    out = { ...out, ...rest };
  }
  if (out.items) out.items = resolve(out.items, schemas, depth + 1);
  return out;
}
