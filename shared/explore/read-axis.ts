import { parseModelRef, formatModelRef, PRESETS } from '../models/catalogue';
import { modelLabel } from './cell-name';
import { LOGO_STARTER_STYLES, type AxisKind, type AxisValue } from './axes';

export type AxisReading = { values: AxisValue[]; problem?: undefined } | { values?: undefined; problem: string };

/** Random seeds stay short: they are read in layer names and header labels. */
export const MAX_RANDOM_SEED = 99_999;
const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;
const WHOLE = /^\d+$/;

/**
 * An axis's values as typed, one a line (Seeds and Models may also be comma-separated),
 * or one sentence saying what is wrong. Repeated values count once.
 */
export function readAxis(kind: AxisKind, text: string, random: () => number = Math.random): AxisReading {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const reading = READERS[kind](kind === 'styles' || kind === 'palettes' ? lines : lines.flatMap((l) => l.split(',')).map((l) => l.trim()).filter(Boolean), random);
  if (reading.problem !== undefined) return reading;
  const seen = new Set<string>();
  const values = reading.values.filter((v) => !seen.has(v.label) && seen.add(v.label));
  if (values.length === 0) return { problem: EMPTY[kind] };
  return { values };
}

const EMPTY: Record<AxisKind, string> = {
  styles: 'Add at least one style, one a line.',
  models: 'Add at least one model, one a line (owner/name).',
  palettes: 'Add at least one palette, one a line of hex colours like #1d3557 #e63946.',
  seeds: 'Add seeds like 1, 2, 3, or “4 random”.',
};

type Reader = (items: string[], random: () => number) => AxisReading;

const READERS: Record<AxisKind, Reader> = {
  styles: (items) => ({
    values: items.map((label) => {
      const starter = LOGO_STARTER_STYLES.find((s) => s.label.toLowerCase() === label.toLowerCase());
      return { kind: 'styles', label, phrase: starter?.phrase ?? label };
    }),
  }),
  models: (items) => {
    const values: AxisValue[] = [];
    for (const item of items) {
      const preset = PRESETS.find((p) => p.label.toLowerCase() === item.toLowerCase());
      const ref = preset ? parseModelRef(preset.id) : parseModelRef(item);
      if (!ref) return { problem: `“${short(item)}” is not a model; use owner/name, like black-forest-labs/flux-schnell.` };
      const model = formatModelRef(ref);
      values.push({ kind: 'models', label: modelLabel(model), model });
    }
    return { values };
  },
  palettes: (items) => {
    const values: AxisValue[] = [];
    for (const item of items) {
      // "Warm: #f4a261 #e76f51", or just the colours.
      const named = /^([^:#]+):(.*)$/.exec(item);
      const colours = (named ? named[2] : item).split(/[\s,]+/).filter(Boolean);
      const bad = colours.find((c) => !HEX.test(c));
      if (bad) return { problem: `“${short(bad)}” is not a hex colour; write palettes like #1d3557 #e63946 #f1faee.` };
      if (colours.length === 0) return { problem: `“${short(item)}” has no colours; add hex colours after the name.` };
      const hexes = colours.map((c) => `#${c.replace('#', '').toLowerCase()}`);
      values.push({ kind: 'palettes', label: named ? named[1].trim() : hexes.join(' '), colors: hexes });
    }
    return { values };
  },
  seeds: (items, random) => {
    const values: AxisValue[] = [];
    for (const item of items) {
      const many = /^(\d+)\s*random$/i.exec(item);
      if (many) {
        const n = Number(many[1]);
        if (n < 1 || n > 48) return { problem: 'Ask for 1 to 48 random seeds.' };
        for (let i = 0; i < n; i++) values.push(seedValue(1 + Math.floor(random() * MAX_RANDOM_SEED)));
        continue;
      }
      if (!WHOLE.test(item) || !Number.isSafeInteger(Number(item))) {
        return { problem: `“${short(item)}” is not a seed; write whole numbers like 1, 2, 3, or “4 random”.` };
      }
      values.push(seedValue(Number(item)));
    }
    return { values };
  },
};

function seedValue(seed: number): AxisValue {
  return { kind: 'seeds', label: `seed ${seed}`, seed };
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
