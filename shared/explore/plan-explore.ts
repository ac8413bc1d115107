import { AXIS_KEYS, AXIS_LABELS, type Axis, type AxisValue } from './axes';
import { cellLabel, modelLabel } from './cell-name';

/** Images one Explore press may make: a grid still worth comparing, and a bill worth asking about. */
export const MAX_EXPLORE_IMAGES = 48;
/** Above this many images the panel says the count and asks before running. */
export const CONFIRM_ABOVE = 8;

export interface ExploreRequest {
  prompt: string;
  /** The model of every cell, unless Models is an axis. */
  model: string;
  /** One or two axes: the first across (columns), the second down (rows). */
  axes: Axis[];
  /** Images per cell; each further variant uses the next seed up. */
  variants: number;
  /** First seed: variant i of every cell uses seed + i, so a column compares like with like. */
  seed: number;
}

/** One image of the grid: what it runs, and where it sits. */
export interface ExploreCell {
  prompt: string;
  model: string;
  seed: number;
  /** The axis values that made it (recipe `axes`): `{style: 'line art', model: 'FLUX.1 schnell'}`. */
  axes: Record<string, string>;
  /** Its name without the seed: `<style> · <model>`. */
  label: string;
  /** A palette axis's colours: the model's colour input where its schema has one, else words. */
  colors?: string[];
  /** 1-based, when several images share its label (variants): tells them apart without a seed. */
  repeat?: number;
  row: number;
  column: number;
  variant: number;
}

export interface ExplorePlan {
  columns: string[];
  /** Empty: one row, without a label. */
  rows: string[];
  /** Images side by side in each cell. */
  variants: number;
  /** Row by row, then column by column, then variant by variant. */
  cells: ExploreCell[];
}

/**
 * Turns a prompt, up to two axes and a variant count into the images to make and their
 * grid. With one axis and several variants, the variants become the rows (one seed a
 * row), so each row compares the axis's values on the same seed.
 */
export function planExplore(request: ExploreRequest): ExplorePlan | { problem: string } {
  const axes = request.axes.filter((a) => a.values.length > 0);
  if (axes.length === 0) return { problem: 'Pick at least one axis to compare, like Styles.' };
  if (axes.length > 2) return { problem: 'Explore compares at most two axes at once.' };
  if (axes.length === 2 && axes[0].kind === axes[1].kind) {
    return { problem: `Both axes are ${AXIS_LABELS[axes[0].kind]}; pick two different ones.` };
  }
  // A fixed seed with a fixed prompt and model is one image: variants would repeat it.
  const seedsVary = axes.some((a) => a.kind === 'seeds');
  let variants = seedsVary ? 1 : Math.max(1, Math.round(request.variants) || 1);
  let [across, down] = axes;
  let seedRows: AxisValue[] | undefined;
  if (!down && variants > 1) {
    seedRows = Array.from({ length: variants }, (_, i) => ({ kind: 'seeds' as const, label: `seed ${request.seed + i}`, seed: request.seed + i }));
    variants = 1;
  }
  const rowValues: (AxisValue | undefined)[] = down ? down.values : seedRows ?? [undefined];
  const total = across.values.length * rowValues.length * variants;
  if (total > MAX_EXPLORE_IMAGES) {
    return {
      problem: `That is ${total} images; Explore makes at most ${MAX_EXPLORE_IMAGES} at once. Remove some values${variants > 1 || seedRows ? ' or variants' : ''}.`,
    };
  }

  const cells: ExploreCell[] = [];
  rowValues.forEach((rowValue, row) => {
    across.values.forEach((columnValue, column) => {
      for (let variant = 0; variant < variants; variant++) {
        const cell = makeCell(request, [columnValue, ...(rowValue ? [rowValue] : [])], !!seedRows, { row, column, variant });
        const repeat = seedRows ? row + 1 : variants > 1 ? variant + 1 : undefined;
        cells.push(repeat ? { ...cell, repeat } : cell);
      }
    });
  });
  return {
    columns: across.values.map((v) => v.label),
    rows: down ? down.values.map((v) => v.label) : seedRows ? seedRows.map((v) => v.label) : [],
    variants,
    cells,
  };
}

function makeCell(
  request: ExploreRequest,
  values: AxisValue[],
  seedIsVariant: boolean,
  at: { row: number; column: number; variant: number },
): ExploreCell {
  let prompt = request.prompt.trim();
  let model = request.model;
  let seed = request.seed + at.variant;
  const axes: Record<string, string> = {};
  let colors: string[] | undefined;
  for (const value of values) {
    // Variants turned into rows are seeds, not an axis the person chose.
    if (!(seedIsVariant && value.kind === 'seeds')) axes[AXIS_KEYS[value.kind]] = value.label;
    switch (value.kind) {
      case 'styles':
        prompt = `${prompt}, ${value.phrase}`;
        break;
      case 'palettes':
        colors = value.colors;
        break;
      case 'models':
        model = value.model;
        axes.model = modelLabel(value.model);
        break;
      case 'seeds':
        seed = value.seed;
        break;
    }
  }
  return { prompt, model, seed, axes, label: cellLabel(axes, model), ...(colors ? { colors } : {}), ...at };
}
