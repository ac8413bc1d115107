import { LAYER_NAME_MAX, layerName, withoutDemoSuffix } from '../../shared/layer-name';

const LOGO = 'Ember & Oak logo, flat vector mark, warm amber on a cream background, minimal geometric oak leaf';

describe('layer names', () => {
  it.each([
    // base, parts, expected
    ['a  fox\nin snow', {}, 'a fox in snow'],
    ['', {}, 'Generated image'],
    ['a fox', { demo: true }, 'a fox (demo)'],
    // An earlier result's name already says "(demo)": once, at the very end.
    ['a fox (demo)', { demo: true }, 'a fox (demo)'],
    ['Fox · Vary 2 (demo)', { suffix: 'No background', demo: true }, 'Fox · Vary 2 · No background (demo)'],
    [LOGO, {}, 'Ember & Oak logo, flat vector mark, warm amber on a cream b…'],
    [LOGO, { suffix: 'Vary 2' }, 'Ember & Oak logo, flat vector mark, warm amber on… · Vary 2'],
    [LOGO, { suffix: 'Upscale 2×' }, 'Ember & Oak logo, flat vector mark, warm amber… · Upscale 2×'],
    [LOGO, { suffix: 'No background', demo: true }, 'Ember & Oak logo, flat vector mark,… · No background (demo)'],
    [LOGO, { suffix: 'Vary 8', demo: true }, 'Ember & Oak logo, flat vector mark, warm am… · Vary 8 (demo)'],
  ])('%j with %j is %j', (base, parts, expected) => {
    expect(layerName(base, parts)).toBe(expected);
  });

  it('never cut the tool, the variant number or "(demo)", and stay within the cap', () => {
    for (const length of [59, 60, 61, 120, 2000]) {
      for (const suffix of ['Vary 2', 'Upscale 4×', 'No background', 'Image to image 3']) {
        for (const demo of [false, true]) {
          const name = layerName('w'.repeat(length), { suffix, demo });
          expect(Array.from(name).length).toBeLessThanOrEqual(LAYER_NAME_MAX);
          expect(name.endsWith(` · ${suffix}${demo ? ' (demo)' : ''}`)).toBe(true);
          expect(name.split('(demo)')).toHaveLength(demo ? 2 : 1);
        }
      }
    }
  });

  it('cut an emoji whole, never half of it', () => {
    const name = layerName('🦊'.repeat(70), { suffix: 'Vary 1' });
    expect(name).toBe(`${'🦊'.repeat(50)}… · Vary 1`);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('drop a trailing "(demo)" however often it was added', () => {
    expect(withoutDemoSuffix('a fox (demo) (demo)')).toBe('a fox');
  });
});
