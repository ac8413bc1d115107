import { NamedError } from '../errors';
import { parseRatio, parseSize, type Capabilities, type DimensionFields, type ShapeControl } from './capabilities';
import { colourInput } from '../logo/colour-inputs';

/**
 * Turns "N images of these shapes for this prompt" into the predictions to create,
 * using only what the model's schema says it accepts.
 */

export interface Slot {
  /** Desired shape of one image (any unit: only the ratio matters unless the model takes pixels). */
  width: number;
  height: number;
}

export interface GenerationRequest {
  prompt: string;
  slots: Slot[];
  /** First seed; prediction i gets seed + i. */
  seed: number;
  /** Inputs a tool adds (init image, mask, strength…), passed as they are. */
  extra?: Record<string, unknown>;
  /** The output follows an input image, so no aspect ratio or size is sent. */
  followInputImage?: boolean;
  /** Output formats in order of preference; default PREFERRED_FORMATS. */
  formats?: readonly string[];
  /** Brand colours (#rrggbb): the model's colour input where its schema has one, else words in the prompt. */
  colors?: readonly string[];
  /** Ask for a transparent background (PNG) where the model offers one; ignored elsewhere. */
  transparent?: boolean;
  /** Reference image URLs: into the model's image list (after any source), or its style references. */
  references?: readonly string[];
}

export interface PlannedPrediction {
  input: Record<string, unknown>;
  /** Indexes into `request.slots` that this prediction's outputs fill, in output order. */
  slots: number[];
  seed?: number;
}

/**
 * Figma takes PNG, JPEG and GIF, so asking for one of those saves a decode and re-encode in
 * the panel (WebP costs 275 ms an image there). JPEG first: a 1024² photo-like result is
 * ~0.3 MB as JPEG against ~2.8 MB as PNG, which is 0.4 s an image on a 50 Mbit/s line and
 * most of the plugin's overhead on loopback too (BENCHMARKS.md). Text-to-image results
 * are opaque, so nothing is lost but a little quality, kept high below. Tools whose
 * results need transparency ask for PNG (see TOOL_SPECS).
 */
export const PREFERRED_FORMATS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp'];
/** JPEG/WebP quality asked for where the model lets us: near-lossless to the eye. */
export const OUTPUT_QUALITY = 90;
const TARGET_PIXELS = 1024 * 1024;

export function planPredictions(caps: Capabilities, request: GenerationRequest): PlannedPrediction[] {
  const base: Record<string, unknown> = {};
  if (caps.promptField && request.prompt.trim()) base[caps.promptField] = request.prompt;
  const colours = colourInput(caps, request.colors ?? []);
  if (colours.kind === 'field') base[colours.field] = colours.value;
  else if (colours.kind === 'words' && caps.promptField && request.prompt.trim()) base[caps.promptField] = request.prompt + colours.suffix;
  const transparent = request.transparent && caps.transparency;
  if (transparent) base[transparent.field] = transparent.value;
  if (caps.outputFormat) {
    // JPEG has no alpha: a transparent background needs PNG (or WebP, converted to PNG in the panel).
    const formats = transparent ? ALPHA_FORMATS : (request.formats ?? PREFERRED_FORMATS);
    const format = formats.find((f) => caps.outputFormat!.choices.includes(f));
    if (format) base[caps.outputFormat.field] = format;
    if (format && format !== 'png' && caps.quality) {
      base[caps.quality.field] = Math.max(caps.quality.min, Math.min(caps.quality.max, OUTPUT_QUALITY));
    }
  }
  Object.assign(base, request.extra);
  addReferences(caps, base, request.references ?? []);
  limitSafety(caps, base);
  assertFillable(caps, base, !!request.followInputImage);

  // Slots that need the same shape input can share one prediction.
  const groups = new Map<string, { shape: Record<string, unknown>; slots: number[] }>();
  request.slots.forEach((slot, index) => {
    const shape = request.followInputImage ? followInput(caps) : { ...shapeInput(caps.shape, slot), ...tierInput(caps, slot) };
    const key = JSON.stringify(shape);
    const group = groups.get(key) ?? { shape, slots: [] };
    group.slots.push(index);
    groups.set(key, group);
  });

  const perPrediction = caps.count ? Math.max(1, caps.count.max) : 1;
  const planned: PlannedPrediction[] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.slots.length; i += perPrediction) {
      const slots = group.slots.slice(i, i + perPrediction);
      const seed = caps.seedField ? request.seed + planned.length : undefined;
      const input: Record<string, unknown> = { ...base, ...group.shape };
      if (caps.count) input[caps.count.field] = Math.max(caps.count.min, slots.length);
      if (caps.seedField && seed !== undefined) input[caps.seedField] = seed;
      planned.push({ input, slots, seed });
    }
  }
  return planned;
}

const ALPHA_FORMATS: readonly string[] = ['png', 'webp'];

/** Where the output follows the input image, models that can be told so are told so. */
function followInput(caps: Capabilities): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (caps.shape.kind === 'aspect' && caps.shape.matchInput) out[caps.shape.field] = caps.shape.matchInput;
  if (caps.resolution?.matchInput) out[caps.resolution.field] = caps.resolution.matchInput;
  return out;
}

/**
 * A resolution tier big enough for the slot: the smallest whose long side covers the
 * slot's (a 1440-wide frame gets 2K, a 1024 placeholder 1K), else the biggest offered.
 */
export function tierInput(caps: Capabilities, slot: Slot): Record<string, unknown> {
  const resolution = caps.resolution;
  if (!resolution || (caps.shape.kind === 'size-enum' && caps.shape.field === resolution.field)) return {};
  const need = Math.min(FIGMA_MAX_SIDE, Math.max(slot.width, slot.height));
  const tier = resolution.tiers.find((t) => t.longSide >= need) ?? resolution.tiers[resolution.tiers.length - 1];
  return { [resolution.field]: tier.value };
}

const FIGMA_MAX_SIDE = 4096;

function addReferences(caps: Capabilities, base: Record<string, unknown>, references: readonly string[]): void {
  if (references.length === 0) return;
  const list = caps.imageList ?? caps.styleReferences;
  if (!list) return;
  const existing = Array.isArray(base[list.field]) ? (base[list.field] as unknown[]) : [];
  const all = [...existing, ...references];
  base[list.field] = list.max ? all.slice(0, list.max) : all;
}

/** Some models refuse a safety tolerance above a lower limit once input images are given. */
function limitSafety(caps: Capabilities, base: Record<string, unknown>): void {
  const safety = caps.safety;
  if (!safety || safety.maxWithImages === undefined || typeof base[safety.field] !== 'number') return;
  const hasImages = [caps.imageField, caps.imageList?.field, caps.styleReferences?.field].some((f) => {
    const v = f ? base[f] : undefined;
    return typeof v === 'string' || (Array.isArray(v) && v.length > 0);
  });
  if (hasImages) base[safety.field] = Math.min(base[safety.field] as number, safety.maxWithImages);
}

function assertFillable(caps: Capabilities, base: Record<string, unknown>, followInputImage: boolean): void {
  const filledByPlan = new Set<string>(
    [caps.count?.field, caps.seedField, ...(followInputImage ? [] : [...shapeFields(caps.shape), caps.resolution?.field])].filter(
      (f): f is string => !!f,
    ),
  );
  const missing = caps.required.filter(
    (field) => !(field in base) && !filledByPlan.has(field) && caps.fields[field]?.default === undefined,
  );
  if (missing.length > 0) {
    throw new NamedError(
      'MissingInputs',
      `This model needs ${missing.length === 1 ? 'an input' : 'inputs'} the plugin can't fill: ${missing.join(', ')}.`,
    );
  }
}

function shapeFields(shape: ShapeControl): string[] {
  switch (shape.kind) {
    case 'aspect':
      return [shape.field];
    case 'dimensions':
      return [shape.width, shape.height];
    case 'size-enum':
      return [shape.field];
    case 'none':
      return [];
  }
}

export function shapeInput(shape: ShapeControl, slot: Slot): Record<string, unknown> {
  const ratio = slot.width / slot.height;
  switch (shape.kind) {
    case 'aspect': {
      const best = nearest(shape.choices, parseRatio, ratio);
      if (shape.customWith && (!best || Math.abs(Math.log(best.value / ratio)) > 0.02)) {
        return { [shape.field]: 'custom', ...dimensions(shape.customWith, ratio) };
      }
      return best ? { [shape.field]: best.choice } : {};
    }
    case 'dimensions':
      return dimensions(shape, ratio);
    case 'size-enum': {
      const best = nearest(shape.choices, (c) => {
        const size = parseSize(c);
        return size ? size[0] / size[1] : undefined;
      }, ratio);
      return best ? { [shape.field]: best.choice } : {};
    }
    case 'none':
      return {};
  }
}

/** About one megapixel at the wanted ratio, inside the model's limits and step. */
function dimensions(fields: DimensionFields, ratio: number): Record<string, number> {
  const clamp = (n: number) =>
    Math.min(fields.max - (fields.max % fields.step), Math.max(fields.min, Math.round(n / fields.step) * fields.step));
  let width = Math.sqrt(TARGET_PIXELS * ratio);
  let height = width / ratio;
  const over = Math.max(width / fields.max, height / fields.max, 1);
  width /= over;
  height /= over;
  return { [fields.width]: clamp(width), [fields.height]: clamp(height) };
}

function nearest(
  choices: string[],
  read: (choice: string) => number | undefined,
  ratio: number,
): { choice: string; value: number } | undefined {
  let best: { choice: string; value: number } | undefined;
  for (const choice of choices) {
    const value = read(choice);
    if (value === undefined) continue;
    if (!best || Math.abs(Math.log(value / ratio)) < Math.abs(Math.log(best.value / ratio))) best = { choice, value };
  }
  return best;
}

/** The ratios a person can pick for this model, as `w:h` strings. */
export function ratioChoices(shape: ShapeControl): string[] {
  switch (shape.kind) {
    case 'aspect':
      return shape.choices.filter((c) => parseRatio(c) !== undefined);
    case 'size-enum':
      return unique(shape.choices.map((c) => parseSize(c)).filter(isDefined).map(([w, h]) => reduceRatio(w, h)));
    case 'dimensions':
      return ['1:1', '4:3', '3:4', '3:2', '2:3', '16:9', '9:16'];
    case 'none':
      return [];
  }
}

export function reduceRatio(w: number, h: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(Math.round(w), Math.round(h)) || 1;
  return `${Math.round(w) / d}:${Math.round(h) / d}`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}
