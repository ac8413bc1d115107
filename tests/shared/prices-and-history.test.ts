import { estimateRun, formatUsd, HARDWARE, predictionCost, PRICES, priceOf } from '../../shared/models/prices';
import { filterHistory, packEntry, unpackEntry, type HistoryEntry } from '../../shared/history';
import { PRESETS } from '../../shared/models/catalogue';

describe('price table', () => {
  it('prices per image before a run: variants × price; a pinned version runs at its model’s price', () => {
    expect(estimateRun('black-forest-labs/flux-schnell', 4)).toBeCloseTo(0.012, 9);
    expect(estimateRun('black-forest-labs/flux-dev:abcdef12', 1)).toBe(0.025);
  });

  it('knows no price for a model it has no entry for, and says so rather than guessing', () => {
    expect(priceOf('someone/new-model')).toBeUndefined();
    expect(estimateRun('someone/new-model', 2)).toBeUndefined();
    expect(predictionCost('someone/new-model', 2, 3)).toBeUndefined();
  });

  it('a time-billed model costs the prediction’s predict_time × its hardware price, and has no estimate before', () => {
    expect(predictionCost('nightmareai/real-esrgan', 1, 4)).toBeCloseTo(4 * HARDWARE.t4.usdPerSecond, 12);
    expect(predictionCost('nightmareai/real-esrgan', 1, undefined)).toBeUndefined();
    expect(estimateRun('nightmareai/real-esrgan', 1)).toBeUndefined();
  });

  it('every price says when and where it was seen', () => {
    for (const [id, price] of Object.entries(PRICES)) {
      expect([id, price.checked]).toEqual([id, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
      expect(price.source.length).toBeGreaterThan(5);
    }
  });

  it('prices the default preset (the one a first run uses)', () => {
    expect(priceOf(PRESETS[0].id)).toBeDefined();
  });

  it('writes small sums with their significant digits', () => {
    expect([formatUsd(0.003), formatUsd(0.025), formatUsd(0.12), formatUsd(1.5), formatUsd(0.0009)]).toEqual(['$0.003', '$0.025', '$0.12', '$1.50', '$0.0009']);
  });
});

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  nodeId: '1:1', pageId: '0:1', prompt: 'a fox', model: 'black-forest-labs/flux-schnell', tool: 'generate', createdAt: 1, ...over,
});

describe('history search and filters', () => {
  const entries = [
    entry({ nodeId: 'a', prompt: 'A red fox in snow', createdAt: 1 }),
    entry({ nodeId: 'b', prompt: 'fox logo, flat', model: 'recraft-ai/recraft-v3-svg', createdAt: 3, picked: true }),
    entry({ nodeId: 'c', prompt: 'a whale', tool: 'vary', createdAt: 2 }),
  ];
  it('finds by every word of the prompt, any case and order; newest first', () => {
    expect(filterHistory(entries, { query: 'FOX' }).map((e) => e.nodeId)).toEqual(['b', 'a']);
    expect(filterHistory(entries, { query: 'snow fox' }).map((e) => e.nodeId)).toEqual(['a']);
    expect(filterHistory(entries, {}).map((e) => e.nodeId)).toEqual(['b', 'c', 'a']);
  });
  it('filters by model, tool and picked', () => {
    expect(filterHistory(entries, { model: 'recraft-ai/recraft-v3-svg' }).map((e) => e.nodeId)).toEqual(['b']);
    expect(filterHistory(entries, { tool: 'vary' }).map((e) => e.nodeId)).toEqual(['c']);
    expect(filterHistory(entries, { picked: true, query: 'fox' }).map((e) => e.nodeId)).toEqual(['b']);
  });
  it('packs an entry without its keys and reads it back as it was', () => {
    const full = entry({ seed: 7, picked: true, cost: 0.003, ratio: '16:9', predictionId: 'p', outputIndex: 1, file: 'Brand' });
    expect(unpackEntry(JSON.parse(JSON.stringify(packEntry(full))))).toEqual(full);
    expect(unpackEntry(JSON.parse(JSON.stringify(packEntry(entry({})))))).toEqual(entry({}));
    expect(unpackEntry(['broken'])).toBeUndefined();
  });
});
