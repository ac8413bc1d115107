import { layerName } from '../layer-name';
import { parseModelRef, PRESETS } from '../models/catalogue';

/** A model as a header and a layer name read it: the preset's label, else its name. */
export function modelLabel(model: string): string {
  const ref = parseModelRef(model);
  const id = ref ? `${ref.owner}/${ref.name}` : model;
  return PRESETS.find((p) => p.id === id)?.label ?? ref?.name ?? model;
}

/**
 * What tells a cell's image apart from its neighbours: its style and palette (when they
 * are axes) and its model, in that order. The seed is added by `cellName`.
 */
export function cellLabel(axes: Record<string, string>, model: string): string {
  return [axes.style, axes.palette, modelLabel(model)].filter(Boolean).join(' · ');
}

/**
 * `<style> · <model> · seed <n>`; the seed is never the part shortened away. A model that
 * takes no seed gets the variant's number instead, where a cell has several.
 */
export function cellName(label: string, seed: number | undefined, demo = false, variant?: number): string {
  const suffix = seed !== undefined ? `seed ${seed}` : variant !== undefined ? `variant ${variant}` : undefined;
  return layerName(label, { ...(suffix ? { suffix } : {}), demo });
}
