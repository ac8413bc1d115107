import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { intersects } from '../../shared/layout';
import { planExplore, type ExplorePlan } from '../../shared/explore/plan-explore';
import { readAxis } from '../../shared/explore/read-axis';
import type { Axis } from '../../shared/explore/axes';
import { regenerateSpec } from '../../ui/jobs/regenerate-spec';
import { exploreSpec } from '../../ui/jobs/explore-spec';
import { refineSpec } from '../../ui/jobs/refine-spec';
import { summarize } from '../../plugin/node-info';
import { startLoop, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());

const axis = (kind: Axis['kind'], text: string): Axis => ({ kind, values: readAxis(kind, text).values! });
const box = (n: SceneNode) => {
  const b = n.absoluteBoundingBox!;
  return { x: b.x, y: b.y, width: b.width, height: b.height };
};

function plan(): ExplorePlan {
  const p = planExplore({
    prompt: 'Ember & Oak coffee logo',
    model: 'black-forest-labs/flux-schnell',
    axes: [axis('styles', 'flat geometric mark\nline art\nmascot'), axis('models', 'black-forest-labs/flux-schnell\nrecraft-ai/recraft-v3-svg')],
    variants: 1,
    seed: 40,
  });
  if ('problem' in p) throw new Error(p.problem);
  return p;
}

describe('an Explore run end to end (controller, runner, relay, Replicate protocol server)', () => {
  it('fills a labelled grid: each cell from its own model, prompt and seed, named and with its axis values in its recipe', async () => {
    loop = await startLoop();
    const job = await loop.generate(exploreSpec('Ember & Oak coffee logo', plan(), '1:1'));
    expect(job.phase).toBe('done');
    expect(job.variants.map((v) => v.status)).toEqual(Array(6).fill('placed'));

    const section = loop.figma.currentPage.children.find((n) => n.type === 'SECTION') as SectionNode;
    expect(section.name).toBe('Ember & Oak coffee logo');
    const results = section.children.filter((n) => n.getPluginData(RECIPE_KEY));
    expect(results.map((n) => n.name)).toEqual([
      'flat geometric mark · FLUX.1 schnell · seed 40',
      'line art · FLUX.1 schnell · seed 40',
      'mascot · FLUX.1 schnell · seed 40',
      // Recraft takes no seed: its names do not claim one.
      'flat geometric mark · Recraft V3 SVG',
      'line art · Recraft V3 SVG',
      'mascot · Recraft V3 SVG',
    ]);
    const recipes = results.map((n) => parseRecipe(n.getPluginData(RECIPE_KEY))!);
    expect(recipes[1]).toMatchObject({ model: 'black-forest-labs/flux-schnell', seed: 40, axes: { style: 'line art', model: 'FLUX.1 schnell' } });
    expect(recipes[4]).toMatchObject({ model: 'recraft-ai/recraft-v3-svg', axes: { style: 'line art', model: 'Recraft V3 SVG' } });
    expect(recipes[4].prompt).toMatch(/^Ember & Oak coffee logo, line art logo/);
    // The SVG model's cells are editable vectors; the others images.
    expect(results.slice(3).every((n) => n.type === 'FRAME')).toBe(true);
    expect(results.slice(0, 3).every((n) => n.type === 'RECTANGLE')).toBe(true);
    // One prediction per image, each on its own model.
    const creates = loop.replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));
    expect(creates.map((r) => r.path).sort()).toEqual([
      ...Array(3).fill('/v1/models/black-forest-labs/flux-schnell/predictions'),
      ...Array(3).fill('/v1/models/recraft-ai/recraft-v3-svg/predictions'),
    ]);
    expect(loop.figma.currentPage.selection).toHaveLength(6);
  });

  it('Regenerate on a cell re-runs that cell, keeping its axis values, beside it on its row and over nothing', async () => {
    loop = await startLoop();
    await loop.generate(exploreSpec('Ember & Oak coffee logo', plan(), '1:1'));
    const section = loop.figma.currentPage.children.find((n) => n.type === 'SECTION') as SectionNode;
    const cell = section.children.find((n) => n.name.startsWith('line art · FLUX.1 schnell'))!;
    const recipe = parseRecipe(cell.getPluginData(RECIPE_KEY))!;
    const again = await loop.generate(regenerateSpec(cell.id, recipe, { width: cell.width, height: cell.height }));
    expect(again.phase).toBe('done');
    const placed = (await loop.figma.getNodeByIdAsync((again.variants[0] as { nodeId: string }).nodeId)) as SceneNode;
    const next = parseRecipe(placed.getPluginData(RECIPE_KEY))!;
    expect(next).toMatchObject({ tool: 'regenerate', model: 'black-forest-labs/flux-schnell', prompt: recipe.prompt, axes: recipe.axes, parentId: cell.id });
    expect(next.seed).not.toBe(recipe.seed);
    expect(placed.name).toBe(`line art · FLUX.1 schnell · seed ${next.seed}`);
    expect(box(placed).y).toBe(box(cell).y);
    expect(intersects(box(placed), box(section))).toBe(false);
  });

  it('Vary on several selected cells varies each, named so every result tells its cell apart, axis values kept', async () => {
    loop = await startLoop();
    await loop.generate(exploreSpec('Ember & Oak coffee logo', plan(), '1:1'));
    const section = loop.figma.currentPage.children.find((n) => n.type === 'SECTION') as SectionNode;
    const picked = section.children.filter((n) => n.name.includes('FLUX.1 schnell') && n.getPluginData(RECIPE_KEY)).slice(0, 2);
    const specs = refineSpec('vary', picked.map(summarize), { prompt: '', strength: 0.5, count: 2, expandTo: '1:1', scale: 2 });
    if ('problem' in specs) throw new Error(specs.problem);
    const jobs = await Promise.all(specs.map((spec) => loop.generate(spec)));
    const placed = await Promise.all(jobs.flatMap((j) => j.variants).map(async (v) => (await loop.figma.getNodeByIdAsync((v as { nodeId: string }).nodeId)) as SceneNode));
    expect(placed.map((n) => n.name)).toEqual([
      'flat geometric mark · FLUX.1 schnell · seed 40 · Vary 1',
      'flat geometric mark · FLUX.1 schnell · seed 40 · Vary 2',
      'line art · FLUX.1 schnell · seed 40 · Vary 1',
      'line art · FLUX.1 schnell · seed 40 · Vary 2',
    ]);
    expect(placed.map((n) => parseRecipe(n.getPluginData(RECIPE_KEY))!.axes)).toEqual([
      ...Array(2).fill({ style: 'flat geometric mark', model: 'FLUX.1 schnell' }),
      ...Array(2).fill({ style: 'line art', model: 'FLUX.1 schnell' }),
    ]);
  });

  it('the runs of one press (Vary on each selected cell) end with all their results selected, not only the last run’s', async () => {
    loop = await startLoop();
    await loop.generate(exploreSpec('Ember & Oak coffee logo', plan(), '1:1'));
    const section = loop.figma.currentPage.children.find((n) => n.type === 'SECTION') as SectionNode;
    const picked = section.children.filter((n) => n.getPluginData(RECIPE_KEY)).slice(0, 3);
    const specs = refineSpec('vary', picked.map(summarize), { prompt: '', strength: 0.5, count: 2, expandTo: '1:1', scale: 2 });
    if ('problem' in specs) throw new Error(specs.problem);
    const jobs = await Promise.all(specs.map((spec) => loop.generate({ ...spec, batch: 'press-1' })));
    const placed = jobs.flatMap((j) => j.variants).map((v) => (v as { nodeId: string }).nodeId);
    expect(placed).toHaveLength(6);
    expect(loop.figma.currentPage.selection.map((n) => n.id).sort()).toEqual([...placed].sort());

    // The person selects something else while a batch runs: its next run selects only its own results.
    const again = await loop.generate({ ...specs[0], batch: 'press-2' });
    loop.figma.currentPage.selection = [section];
    const last = await loop.generate({ ...specs[1], batch: 'press-2' });
    expect(again.phase).toBe('done');
    expect(loop.figma.currentPage.selection.map((n) => n.id).sort()).toEqual(last.variants.map((v) => (v as { nodeId: string }).nodeId).sort());
  });
});
