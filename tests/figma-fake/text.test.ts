import { createFigmaFake } from '../fakes/figma';
import { layoutText } from '../fakes/figma/text-metrics';

/** Text nodes: font loading as Figma enforces it, and deterministic sizing from text-metrics.ts. */

const INTER = { family: 'Inter', style: 'Regular' };
const style = (fontSize: number) => ({ fontSize, lineHeight: { unit: 'AUTO' } as LineHeight, letterSpacing: { unit: 'PERCENT', value: 0 } as LetterSpacing });

describe('text metrics', () => {
  it('wraps words greedily at the width and breaks words longer than a line', () => {
    // 10 px font: 5.5 px a character, 10 characters in 55 px.
    expect(layoutText('hello big world', style(10), 55).lines).toEqual(['hello big', 'world']);
    expect(layoutText('abcdefghijklmnopqrstuvw', style(10), 55).lines).toEqual(['abcdefghij', 'klmnopqrst', 'uvw']);
    expect(layoutText('one\ntwo three', style(10), null).lines).toEqual(['one', 'two three']);
    expect(layoutText('', style(10), null)).toMatchObject({ lines: [''], contentHeight: 12 });
  });
});

describe('text nodes', () => {
  it('setting characters, fontSize, fontName, lineHeight, letterSpacing, alignment needs the font loaded', async () => {
    const { figma } = createFigmaFake();
    const t = figma.createText();
    const unloaded = /Cannot write to node with unloaded font "Inter Regular"/;
    expect(() => (t.characters = 'hi')).toThrow(unloaded);
    expect(() => (t.fontSize = 20)).toThrow(unloaded);
    expect(() => (t.lineHeight = { unit: 'PIXELS', value: 20 })).toThrow(unloaded);
    expect(() => (t.letterSpacing = { unit: 'PIXELS', value: 1 })).toThrow(unloaded);
    expect(() => (t.textAlignHorizontal = 'CENTER')).toThrow(unloaded);
    await figma.loadFontAsync(INTER);
    t.characters = 'hi';
    expect(() => (t.fontName = { family: 'Inter', style: 'Bold' })).toThrow(/unloaded font "Inter Bold"/);
    // Fills are paint, not text layout: no font needed.
    t.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
  });

  it('loadFontAsync rejects a font Figma does not have; listAvailableFontsAsync lists real style names', async () => {
    const { figma } = createFigmaFake();
    await expect(figma.loadFontAsync({ family: 'Comic Neue Pro', style: 'Regular' })).rejects.toThrow(
      'The font "Comic Neue Pro Regular" could not be loaded',
    );
    await expect(figma.loadFontAsync({ family: 'Roboto', style: 'Semi Bold' })).rejects.toThrow(/could not be loaded/);
    await figma.loadFontAsync({ family: 'Roboto', style: 'SemiBold' });
    const fonts = await figma.listAvailableFontsAsync();
    const styles = (family: string) => fonts.filter((f) => f.fontName.family === family).map((f) => f.fontName.style);
    expect(styles('Inter')).toEqual(expect.arrayContaining(['Regular', 'Medium', 'Semi Bold', 'Bold']));
    expect(styles('Roboto')).toEqual(expect.arrayContaining(['Regular', 'Medium', 'SemiBold', 'Bold']));
    expect(new Set(fonts.map((f) => f.fontName.family)).size).toBeGreaterThanOrEqual(5);
  });

  it('sizes from the metrics: auto width, then fixed width wrapping (HEIGHT), then fixed box (NONE)', async () => {
    const { figma } = createFigmaFake();
    await figma.loadFontAsync(INTER);
    const t = figma.createText();
    t.fontSize = 20;
    t.characters = 'Plans for every team';
    expect([t.width, t.height]).toEqual([20 * 11, 24]);
    t.lineHeight = { unit: 'PIXELS', value: 30 };
    expect(t.height).toBe(30);
    t.letterSpacing = { unit: 'PIXELS', value: 1 };
    expect(t.width).toBe(20 * 12);
    t.textAutoResize = 'HEIGHT';
    t.resize(100, 5);
    // 12 px a character: 8 characters a line -> "Plans", "for", "every", "team".
    expect([t.width, t.height]).toEqual([100, 4 * 30]);
    t.lineHeight = { unit: 'PERCENT', value: 150 };
    expect(t.height).toBe(4 * 30);
    t.textAutoResize = 'NONE';
    t.characters = 'x';
    expect([t.width, t.height]).toEqual([100, 120]);
    t.textAlignHorizontal = 'CENTER';
    expect(t.textAlignHorizontal).toBe('CENTER');
    expect(() => (t.lineHeight = { unit: 'EM', value: 1 } as never)).toThrow(/Expected/);
  });

  it('HUG and FILL on text map to textAutoResize', async () => {
    const { figma } = createFigmaFake();
    await figma.loadFontAsync(INTER);
    const row = figma.createFrame();
    row.layoutMode = 'HORIZONTAL';
    row.resize(300, 100);
    const t = figma.createText();
    t.characters = 'Label';
    expect(() => (t.layoutSizingHorizontal = 'HUG')).toThrow(/HUG can only be set/);
    row.appendChild(t);
    expect([t.layoutSizingHorizontal, t.layoutSizingVertical]).toEqual(['HUG', 'HUG']);
    t.layoutSizingHorizontal = 'FILL';
    expect(t.textAutoResize).toBe('HEIGHT');
    expect(t.width).toBe(300);
    t.layoutSizingVertical = 'FIXED';
    expect(t.textAutoResize).toBe('NONE');
    t.layoutSizingHorizontal = 'HUG';
    expect(t.textAutoResize).toBe('WIDTH_AND_HEIGHT');
    expect(t.width).toBe(5 * 12 * 0.55);
  });

  it('BASELINE alignment lines up texts of different sizes in a row', async () => {
    const { figma } = createFigmaFake();
    await figma.loadFontAsync(INTER);
    const row = figma.createFrame();
    row.layoutMode = 'HORIZONTAL';
    row.counterAxisAlignItems = 'BASELINE';
    const big = figma.createText();
    big.fontSize = 40;
    big.characters = '$12';
    const small = figma.createText();
    small.fontSize = 12;
    small.characters = '/month';
    row.appendChild(big);
    row.appendChild(small);
    const baseline = (n: TextNode, size: number) => n.y + 0.96 * size;
    expect(baseline(small, 12)).toBeCloseTo(baseline(big, 40), 6);
    expect(small.y).toBeGreaterThan(big.y);
  });
});
