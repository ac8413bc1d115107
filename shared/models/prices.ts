/**
 * What a run costs, as data. Replicate's API has no price endpoint (shared/FACTS.md), so
 * prices are copied by hand from where they were seen, each with the day and the address.
 * `verified: false` marks a price seen only secondhand (another provider, an article): it is
 * shown as an estimate, never as Replicate's word. A model not listed here has no known
 * price, and the panel says "price unknown" rather than guessing.
 */

export interface HardwarePrice {
  label: string;
  usdPerSecond: number;
  checked: string;
  source: string;
}

/** Per second of hardware: what community (non-official) models are billed by. */
export const HARDWARE: Record<string, HardwarePrice> = {
  't4': {
    label: 'Nvidia T4',
    usdPerSecond: 0.000225,
    checked: '2026-05-04',
    // Also stated on replicate.com/cneural/sdxl-t4/train ("costs $0.000225 per second").
    source: 'https://replicate.com/pricing (as transcribed in github.com/api-evangelist/replicate plans/replicate-plans-pricing.yml)',
  },
  'l40s': {
    label: 'Nvidia L40S',
    usdPerSecond: 0.000975,
    checked: '2026-05-04',
    source: 'https://replicate.com/pricing (as transcribed in github.com/api-evangelist/replicate plans/replicate-plans-pricing.yml)',
  },
  'a100-80gb': {
    label: 'Nvidia A100 (80GB)',
    usdPerSecond: 0.0014,
    checked: '2026-05-04',
    source: 'https://replicate.com/pricing (as transcribed in github.com/api-evangelist/replicate plans/replicate-plans-pricing.yml)',
  },
  'h100': {
    label: 'Nvidia H100',
    usdPerSecond: 0.001525,
    checked: '2026-05-04',
    source: 'https://replicate.com/pricing (as transcribed in github.com/api-evangelist/replicate plans/replicate-plans-pricing.yml)',
  },
};

export type ModelPrice =
  | { per: 'image'; usd: number; checked: string; source: string; verified: boolean }
  | { per: 'second'; hardware: keyof typeof HARDWARE; checked: string; source: string; verified: boolean };

const REPLICATE_PRICING = 'https://replicate.com/pricing (as transcribed on 2026-10-07 in github.com/api-evangelist/replicate plans/replicate-plans-pricing.yml)';

/** Keyed by `owner/name`; old and new presets alike, so recipes of retired presets still price. */
export const PRICES: Record<string, ModelPrice> = {
  'black-forest-labs/flux-schnell': { per: 'image', usd: 0.003, checked: '2026-10-07', source: REPLICATE_PRICING, verified: true },
  'black-forest-labs/flux-dev': { per: 'image', usd: 0.025, checked: '2026-10-07', source: REPLICATE_PRICING, verified: true },
  'black-forest-labs/flux-1.1-pro': { per: 'image', usd: 0.04, checked: '2026-10-07', source: REPLICATE_PRICING, verified: true },
  'ideogram-ai/ideogram-v3-quality': { per: 'image', usd: 0.09, checked: '2026-10-07', source: REPLICATE_PRICING, verified: true },
  // Ideogram's own API price for 3.0 Turbo; Replicate's page for it was not seen.
  'ideogram-ai/ideogram-v3-turbo': {
    per: 'image', usd: 0.03, checked: '2026-06-01', source: 'https://developer.puter.com/tutorials/ideogram-api-pricing/', verified: false,
  },
  // Secondary: an article comparing Recraft prices ("$0.08/image SVG").
  'recraft-ai/recraft-v3-svg': {
    per: 'image', usd: 0.08, checked: '2026-01-01', source: 'https://www.apiscout.dev/blog/flux-vs-ideogram-vs-recraft-image-gen-api-2026', verified: false,
  },
  // Fireworks lists Kontext Pro at $0.04 an image; Replicate's own page was not seen.
  'black-forest-labs/flux-kontext-pro': {
    per: 'image', usd: 0.04, checked: '2026-10-07', source: 'https://raw.githubusercontent.com/ServiceStack/llms/refs/heads/main/llms/providers-extra.json', verified: false,
  },
  // shared/FACTS.md: "Prices seen (secondary sources, 2026): vectorize ~$0.01".
  'recraft-ai/recraft-vectorize': { per: 'image', usd: 0.01, checked: '2026-01-01', source: 'shared/FACTS.md (secondary sources)', verified: false },
  // BytePlus's own per-image rate for Seedream 4.0 as a third-party rate card lists it; Replicate's page was not seen.
  'bytedance/seedream-4': {
    per: 'image', usd: 0.03, checked: '2026-10-07', source: 'https://docs.dev.xavier.icvr.xyz/models/byteplus/seedream-4-5-251128.html', verified: false,
  },
  // Google's standard-resolution price as quoted secondhand (4K costs more); Replicate's page was not seen.
  'google/nano-banana-pro': {
    per: 'image', usd: 0.134, checked: '2026-10-07', source: 'https://yingtu.ai/blog/nano-banana-pro-api-005-complete-guide', verified: false,
  },
  // The trainer of "Train a style". Replicate's pricing page: "Flux fine-tunes run on H100s",
  // billed by the second of the H100 (seen 2026-12-01 in a stored copy of the page); the
  // trainer's own page was not seen, and how long a training runs is not said in advance.
  'replicate/fast-flux-trainer': {
    per: 'second', hardware: 'h100', checked: '2026-12-01', source: 'https://replicate.com/pricing ("Flux fine-tunes run on H100s")', verified: true,
  },
  // Community model billed by time; that it runs on a T4 was not confirmed.
  'nightmareai/real-esrgan': { per: 'second', hardware: 't4', checked: '2026-05-04', source: 'https://replicate.com/nightmareai/real-esrgan (hardware not confirmed)', verified: false },
};

export function priceOf(model: string): ModelPrice | undefined {
  // `owner/name:version` runs at the model's price.
  return PRICES[model.split(':')[0]];
}

/** What `count` images of `model` are expected to cost before a run; undefined when unknown. */
export function estimateRun(model: string, count: number): number | undefined {
  const price = priceOf(model);
  return price?.per === 'image' ? price.usd * Math.max(1, count) : undefined;
}

/**
 * What one finished prediction cost: by time where Replicate reports `predict_time` and the
 * model is billed by time, else per image returned. Undefined when the price is unknown.
 */
export function predictionCost(model: string, images: number, predictTime?: number): number | undefined {
  const price = priceOf(model);
  if (!price) return undefined;
  if (price.per === 'image') return price.usd * images;
  return typeof predictTime === 'number' && predictTime >= 0 ? predictTime * HARDWARE[price.hardware].usdPerSecond : undefined;
}

/** "$0.003", "$0.12", "$1.50": small sums keep their first significant digits. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '')}`;
  return `$${usd.toFixed(usd < 1 ? 3 : 2).replace(/(\.\d\d)0$/, '$1')}`;
}
