import { readCapabilities, type JsonSchema } from '../../shared/models/capabilities';
import { planPredictions } from '../../shared/models/plan-predictions';
import { parseColourList } from '../../shared/logo/brand-kit';
import { colourName } from '../../shared/logo/colour-words';

const schema = (properties: Record<string, JsonSchema>) =>
  readCapabilities({ components: { schemas: { Input: { type: 'object', properties, required: ['prompt'] }, Output: { type: 'string' } } } });

const KIT = ['#1d3557', '#e63946', '#f1faee'];
const plan = (caps: ReturnType<typeof schema>) =>
  planPredictions(caps, { prompt: 'a fox logo', slots: [{ width: 1, height: 1 }], seed: 1, colors: KIT })[0].input;

describe('brand colours in model inputs', () => {
  it('a Recraft-style `colors` field gets [{rgb: [r, g, b]}] and the prompt stays as typed', () => {
    const input = plan(
      schema({
        prompt: { type: 'string' },
        colors: { type: 'array', items: { type: 'object', properties: { rgb: { type: 'array', items: { type: 'integer' } } } } },
      }),
    );
    expect(input.colors).toEqual([{ rgb: [29, 53, 87] }, { rgb: [230, 57, 70] }, { rgb: [241, 250, 238] }]);
    expect(input.prompt).toBe('a fox logo');
  });

  it('an Ideogram-style `color_palette` object gets its members as hex', () => {
    const input = plan(schema({ prompt: { type: 'string' }, color_palette: { type: 'object' } }));
    expect(input.color_palette).toEqual({ members: KIT.map((color_hex) => ({ color_hex })) });
  });

  it('a list of hex strings gets the hex codes, cut to the schema’s maxItems', () => {
    const input = plan(schema({ prompt: { type: 'string' }, palette: { type: 'array', items: { type: 'string' }, maxItems: 2 } as JsonSchema }));
    expect(input.palette).toEqual(KIT.slice(0, 2));
  });

  it('a model with no colour input gets the colours in words after the prompt', () => {
    const input = plan(schema({ prompt: { type: 'string' }, seed: { type: 'integer' } }));
    expect(input.prompt).toBe('a fox logo, using only these colours: deep blue (#1d3557), bright red (#e63946), white (#f1faee)');
  });

  it('no kit, no change', () => {
    const caps = schema({ prompt: { type: 'string' } });
    expect(planPredictions(caps, { prompt: 'a fox logo', slots: [{ width: 1, height: 1 }], seed: 1 })[0].input.prompt).toBe('a fox logo');
  });

  it('reads a typed palette, and says which word is not a colour', () => {
    expect(parseColourList('#1D3557, e63946 rgb(241, 250, 238)\n#1d3557')).toEqual({ colors: KIT });
    expect(parseColourList('#1d3557, blurple').problem).toMatch(/“blurple” is not a colour/);
    expect(colourName('#ffffff')).toBe('white');
    expect(colourName('#000000')).toBe('black');
  });
});
