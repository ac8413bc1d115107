import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { TOOL_SPECS } from '../../shared/tools';
import { intersects } from '../../shared/layout';
import { box, imageNodes, lastInput, onSource, placedNode, startLoop, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());

const hexes = (node: SceneNode): string[] => {
  const out = new Set<string>();
  const walk = (n: SceneNode) => {
    if ('fills' in n && Array.isArray(n.fills)) {
      for (const p of n.fills as Paint[]) if (p.type === 'SOLID') out.add(`${Math.round(p.color.r * 255)},${Math.round(p.color.g * 255)},${Math.round(p.color.b * 255)}`);
    }
    if ('children' in n) n.children.forEach(walk);
  };
  walk(node);
  return [...out];
};

describe('vectorize', () => {
  it('turns a generated raster logo into a few flat vector shapes beside it, with the source as parent', async () => {
    loop = await startLoop();
    await loop.generate({ count: 1, prompt: 'a flat geometric fox logo', shape: { kind: 'size', width: 512, height: 512 } });
    const source = imageNodes(loop.figma).at(-1)!;
    const job = await loop.generate(onSource(source, { tool: 'vectorize', model: TOOL_SPECS.vectorize.model, name: source.name, nameSuffix: 'Vectors' }));
    expect(job.variants[0].status).toBe('placed');
    expect(Object.keys(lastInput(loop))).toEqual(['image']);

    const placed = await placedNode<FrameNode>(loop, job);
    expect(placed.type).toBe('FRAME');
    expect(placed.name).toMatch(/Vectors$/);
    const vectors = placed.findAll((n) => n.type === 'VECTOR' || n.type === 'RECTANGLE');
    // A backdrop and one shape per colour of the mark: a handful, not a pixel dump.
    expect(vectors.length).toBeGreaterThanOrEqual(3);
    expect(vectors.length).toBeLessThanOrEqual(6);
    expect(hexes(placed).length).toBeGreaterThanOrEqual(3);
    expect(parseRecipe(placed.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'vectorize', parentId: source.id, model: 'recraft-ai/recraft-vectorize' });
    expect(intersects(box(placed), box(source))).toBe(false);
    expect(placed.width).toBeCloseTo(source.width, 0);
  });
});
