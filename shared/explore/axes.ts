/**
 * What an exploration varies. Each axis is a list of values of one kind; a value has the
 * label shown on the canvas (header text, layer names, the recipe's `axes`) and what it
 * changes in the run.
 */
export const AXIS_KINDS = ['styles', 'models', 'palettes', 'seeds'] as const;
export type AxisKind = (typeof AXIS_KINDS)[number];

export type AxisValue =
  | { kind: 'styles'; label: string; phrase: string }
  | { kind: 'models'; label: string; model: string }
  | { kind: 'palettes'; label: string; colors: string[] }
  | { kind: 'seeds'; label: string; seed: number };

export interface Axis {
  kind: AxisKind;
  values: AxisValue[];
}

/** The key of each kind in a recipe's `axes` record: one word, as a layer name reads it. */
export const AXIS_KEYS: Record<AxisKind, string> = {
  styles: 'style',
  models: 'model',
  palettes: 'palette',
  seeds: 'seed',
};

export const AXIS_LABELS: Record<AxisKind, string> = {
  styles: 'Styles',
  models: 'Models',
  palettes: 'Palettes',
  seeds: 'Seeds',
};

/**
 * The logo starter set: short names for the headers, and the longer phrase the model gets
 * (a bare "mascot" draws a costume; "mascot logo, friendly character" draws a mark).
 */
export const LOGO_STARTER_STYLES: readonly { label: string; phrase: string }[] = [
  { label: 'flat geometric mark', phrase: 'flat geometric logo mark, simple bold shapes, solid colours, plain background' },
  { label: 'line art', phrase: 'line art logo, single weight strokes, minimal, plain background' },
  { label: 'emblem/badge', phrase: 'emblem badge logo, enclosed circular or shield shape, plain background' },
  { label: 'lettermark', phrase: 'lettermark logo, the initials as a monogram, strong letterforms, plain background' },
  { label: 'mascot', phrase: 'mascot logo, friendly character mark, flat colours, plain background' },
  { label: 'negative space', phrase: 'negative space logo mark, a hidden second shape in the gaps, two colours, plain background' },
];
