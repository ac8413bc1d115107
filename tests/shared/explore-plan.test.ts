import { LOGO_STARTER_STYLES, type Axis } from '../../shared/explore/axes';
import { cellName } from '../../shared/explore/cell-name';
import { MAX_EXPLORE_IMAGES, planExplore, type ExplorePlan } from '../../shared/explore/plan-explore';
import { readAxis } from '../../shared/explore/read-axis';
import { LAYER_NAME_MAX } from '../../shared/layer-name';

const axis = (kind: Axis['kind'], text: string): Axis => {
  const reading = readAxis(kind, text, () => 0.5);
  if (!reading.values) throw new Error(reading.problem);
  return { kind, values: reading.values };
};
const styles = axis('styles', 'flat geometric mark\nline art\nmascot');
const models = axis('models', 'black-forest-labs/flux-schnell\nRecraft V3 SVG');
const base = { prompt: 'Ember & Oak coffee logo', model: 'black-forest-labs/flux-schnell', seed: 100 };

function plan(request: Partial<Parameters<typeof planExplore>[0]>): ExplorePlan {
  const result = planExplore({ ...base, axes: [styles], variants: 1, ...request });
  if ('problem' in result) throw new Error(result.problem);
  return result;
}

describe('planning an exploration', () => {
  it('makes styles × models × variants images, row by row, each cell with its own prompt, model and axis values', () => {
    const p = plan({ axes: [styles, models], variants: 2 });
    expect(p.columns).toEqual(['flat geometric mark', 'line art', 'mascot']);
    expect(p.rows).toEqual(['FLUX.1 schnell', 'Recraft V3 SVG']);
    expect(p.variants).toBe(2);
    expect(p.cells).toHaveLength(3 * 2 * 2);
    const svgMascot = p.cells.filter((c) => c.row === 1 && c.column === 2);
    expect(svgMascot.map((c) => [c.model, c.seed, c.variant])).toEqual([
      ['recraft-ai/recraft-v3-svg', 100, 0],
      ['recraft-ai/recraft-v3-svg', 101, 1],
    ]);
    expect(svgMascot[0].axes).toEqual({ style: 'mascot', model: 'Recraft V3 SVG' });
    // The starter style's phrase goes to the model; the short name goes on the canvas.
    expect(svgMascot[0].prompt).toBe(`Ember & Oak coffee logo, ${LOGO_STARTER_STYLES.find((s) => s.label === 'mascot')!.phrase}`);
    expect(p.cells.map((c) => [c.row, c.column, c.variant])).toEqual(
      [0, 1].flatMap((row) => [0, 1, 2].flatMap((column) => [0, 1].map((variant) => [row, column, variant]))),
    );
  });

  it('names every image <style> · <model> · seed <n>, all different and within the layer-name cap', () => {
    const p = plan({ axes: [axis('styles', LOGO_STARTER_STYLES.map((s) => s.label).join('\n')), axis('models', 'Ideogram 3 Turbo\nRecraft V3 SVG')], variants: 4, seed: 99_990 });
    const names = p.cells.map((c) => cellName(c.label, c.seed));
    expect(names[0]).toBe('flat geometric mark · Ideogram 3 Turbo · seed 99990');
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(Array.from(name).length).toBeLessThanOrEqual(LAYER_NAME_MAX);
    // A model without seeds: the variant's number tells a cell's images apart instead.
    expect(p.cells.slice(0, 4).map((c) => cellName(c.label, undefined, false, c.repeat))).toEqual(
      [1, 2, 3, 4].map((n) => `flat geometric mark · Ideogram 3 Turbo · variant ${n}`),
    );
  });

  it('with one axis and several variants, gives each variant a row of its own seed', () => {
    const p = plan({ axes: [styles], variants: 3 });
    expect(p.rows).toEqual(['seed 100', 'seed 101', 'seed 102']);
    expect(p.variants).toBe(1);
    expect(p.cells.filter((c) => c.row === 2).map((c) => c.seed)).toEqual([102, 102, 102]);
    expect(p.cells[0].axes).toEqual({ style: 'flat geometric mark' });
  });

  it('with one axis and one variant, makes one unlabelled row', () => {
    const p = plan({ axes: [models] });
    expect(p.rows).toEqual([]);
    expect(p.cells.map((c) => c.model)).toEqual(['black-forest-labs/flux-schnell', 'recraft-ai/recraft-v3-svg']);
  });

  it('takes seeds and palettes as axes: a seed axis sets each cell’s seed, a palette its colours', () => {
    const p = plan({ axes: [axis('palettes', 'Warm: #F4A261 #e76f51\n#1d3557, #a8dadc'), axis('seeds', '7, 8')], variants: 3 });
    expect(p.variants).toBe(1);
    expect(p.columns).toEqual(['Warm', '#1d3557 #a8dadc']);
    expect(p.rows).toEqual(['seed 7', 'seed 8']);
    expect(p.cells[0]).toMatchObject({ seed: 7, axes: { palette: 'Warm', seed: 'seed 7' }, prompt: 'Ember & Oak coffee logo', colors: ['#f4a261', '#e76f51'] });
    expect(p.cells[3]).toMatchObject({ seed: 8, axes: { palette: '#1d3557 #a8dadc', seed: 'seed 8' } });
  });

  it(`refuses more than ${MAX_EXPLORE_IMAGES} images, saying how many it would have been`, () => {
    const six = axis('styles', LOGO_STARTER_STYLES.map((s) => s.label).join('\n'));
    const four = axis('models', 'a/b\nc/d\ne/f\ng/h');
    const full = planExplore({ ...base, axes: [six, four], variants: 2 });
    expect('cells' in full && full.cells).toHaveLength(MAX_EXPLORE_IMAGES);
    expect(planExplore({ ...base, axes: [six, four], variants: 3 })).toEqual({ problem: expect.stringMatching(/^That is 72 images; Explore makes at most 48/) });
    expect(readAxis('seeds', '49 random')).toEqual({ problem: 'Ask for 1 to 48 random seeds.' });
  });

  it('refuses two axes of one kind and no axis at all', () => {
    expect(planExplore({ ...base, axes: [styles, styles], variants: 1 })).toEqual({ problem: 'Both axes are Styles; pick two different ones.' });
    expect(planExplore({ ...base, axes: [], variants: 1 })).toEqual({ problem: expect.stringContaining('at least one axis') });
  });
});

describe('reading axis values', () => {
  it('says what is wrong with a value, in a sentence', () => {
    expect(readAxis('models', 'flux')).toEqual({ problem: expect.stringContaining('“flux” is not a model') });
    expect(readAxis('palettes', '#12 #abc')).toEqual({ problem: expect.stringContaining('“#12” is not a hex colour') });
    expect(readAxis('seeds', '1, two')).toEqual({ problem: expect.stringContaining('“two” is not a seed') });
    expect(readAxis('styles', '  \n ')).toEqual({ problem: 'Add at least one style, one a line.' });
  });

  it('makes N random seeds, short enough to read, and counts a repeated value once', () => {
    let i = 0;
    const reading = readAxis('seeds', '3 random, 5, 5', () => [0.1, 0.2, 0.3][i++]);
    expect(reading.values?.map((v) => v.label)).toEqual(['seed 10000', 'seed 20000', 'seed 30000', 'seed 5']);
  });
});
