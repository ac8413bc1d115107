import { parseRecipe, RECIPE_KEY } from '../../shared/recipe';
import { TOOL_SPECS } from '../../shared/tools';
import { intersects } from '../../shared/layout';
import { box, imageNodes, lastInput, onSource, placedNode, startLoop, type Loop } from '../support/loop';

let loop: Loop;
afterEach(async () => loop?.close());


describe('split into layers', () => {
  it('places a frame beside the source with the text-free image and real text layers at the boxes the model reported', async () => {
    loop = await startLoop();
    await loop.generate({ count: 1, prompt: 'a gig poster, dusk sky', shape: { kind: 'size', width: 400, height: 600 } });
    const source = imageNodes(loop.figma).at(-1)!;
    const job = await loop.generate(
      onSource(source, {
        tool: 'layerize',
        model: TOOL_SPECS.layerize.model,
        prompt: 'a gig poster saying "Jazz Night" and "Friday 9 pm"',
        name: source.name,
        nameSuffix: 'Layers',
      }),
    );
    expect(job.variants[0]).toMatchObject({ status: 'placed' });
    const input = lastInput(loop);
    expect(typeof input.flat_graphic_image).toBe('string');

    const frame = await placedNode<FrameNode>(loop, job);
    expect(frame.type).toBe('FRAME');
    expect(frame.name).toMatch(/Layers$/);
    expect(frame.width).toBeCloseTo(source.width, 0);
    expect(frame.height).toBeCloseTo(source.height, 0);
    expect(intersects(box(frame), box(source))).toBe(false);

    const [background, ...texts] = frame.children;
    expect(background.type).toBe('RECTANGLE');
    expect(((background as RectangleNode).fills as Paint[])[0].type).toBe('IMAGE');
    expect(texts.map((t) => t.type)).toEqual(['TEXT', 'TEXT']);
    const [headline, tagline] = texts as TextNode[];
    expect(headline.characters).toBe('Jazz Night');
    expect(tagline.characters).toBe('Friday 9 pm');
    // The demo's boxes: 10 %..90 % across and 8 % down for the headline, 20 %..80 % and 82 % down for the tagline.
    expect(headline.x).toBeCloseTo(frame.width * 0.1, -0.5);
    expect(headline.y).toBeCloseTo(frame.height * 0.08, -0.5);
    expect(headline.width).toBeCloseTo(frame.width * 0.8, -0.5);
    expect(tagline.y).toBeCloseTo(frame.height * 0.82, -0.5);
    expect(headline.fontName).toEqual({ family: 'Montserrat', style: 'Bold' });
    expect(tagline.fontName).toEqual({ family: 'Inter', style: 'Regular' });
    expect(headline.textAlignHorizontal).toBe('CENTER');
    expect(headline.fontSize as number).toBeGreaterThan(tagline.fontSize as number);

    expect(parseRecipe(frame.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'layerize', parentId: source.id, model: 'ideogram-ai/layerize' });
  });
});
