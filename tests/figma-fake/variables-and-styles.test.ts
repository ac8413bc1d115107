import { createFigmaFake } from '../fakes/figma';

/** figma.variables, paint and text styles: what a design builder binds its colours and type to. */

const INTER = { family: 'Inter', style: 'Regular' };
const solid = (r: number, g: number, b: number): SolidPaint => ({ type: 'SOLID', color: { r, g, b } });

describe('variables', () => {
  it('a collection has a default mode; variables hold a value per mode and are listed by type', async () => {
    const { figma } = createFigmaFake();
    const palette = figma.variables.createVariableCollection('Palette');
    expect(palette.modes).toHaveLength(1);
    expect(palette.defaultModeId).toBe(palette.modes[0].modeId);
    const primary = figma.variables.createVariable('color/primary', palette, 'COLOR');
    const gap = figma.variables.createVariable('space/gap', palette, 'FLOAT');
    primary.setValueForMode(palette.defaultModeId, { r: 0.1, g: 0.2, b: 0.9, a: 1 });
    expect(primary.valuesByMode).toEqual({ [palette.defaultModeId]: { r: 0.1, g: 0.2, b: 0.9, a: 1 } });
    expect(primary.variableCollectionId).toBe(palette.id);
    expect(palette.variableIds).toEqual([primary.id, gap.id]);
    expect(await figma.variables.getLocalVariablesAsync('COLOR')).toEqual([primary]);
    expect(await figma.variables.getLocalVariablesAsync()).toHaveLength(2);
    expect(await figma.variables.getLocalVariableCollectionsAsync()).toEqual([palette]);
    expect(await figma.variables.getVariableByIdAsync(primary.id)).toBe(primary);
    const dark = palette.addMode('Dark');
    expect(primary.valuesByMode[dark]).toEqual({ r: 0.1, g: 0.2, b: 0.9, a: 1 });
  });

  it('rejects bad values, unknown modes, duplicate names and the id overload like Figma', () => {
    const { figma } = createFigmaFake();
    const c = figma.variables.createVariableCollection('Palette');
    const v = figma.variables.createVariable('bg', c, 'COLOR');
    expect(() => v.setValueForMode(c.defaultModeId, { r: 2, g: 0, b: 0 })).toThrow(/Expected a COLOR value/);
    expect(() => v.setValueForMode(c.defaultModeId, '#fff')).toThrow(/Expected a COLOR value/);
    expect(() => v.setValueForMode('9:99', { r: 1, g: 1, b: 1 })).toThrow(/not in the variable's collection/);
    expect(() => figma.variables.createVariable('bg', c, 'COLOR')).toThrow(/already exists/);
    expect(() => figma.variables.createVariable('a.b', c, 'COLOR')).toThrow(/cannot contain/);
    expect(() => figma.variables.createVariable('x', c.id as never, 'COLOR')).toThrow(/dynamic-page/);
    expect(() => (v as unknown as { id: string }).id = 'x').toThrow(TypeError);
    expect(() => (v as unknown as { bogus: unknown }).bogus).toThrow('Not implemented in Figma fake: Variable.bogus');
  });

  it('setBoundVariableForPaint returns a new bound paint; bound fills read the variable\'s current value', () => {
    const { figma } = createFigmaFake();
    const c = figma.variables.createVariableCollection('Palette');
    const brand = figma.variables.createVariable('brand', c, 'COLOR');
    brand.setValueForMode(c.defaultModeId, { r: 1, g: 0, b: 0, a: 1 });
    const paint = solid(0, 0, 0);
    const bound = figma.variables.setBoundVariableForPaint(paint, 'color', brand);
    expect(bound).not.toBe(paint);
    expect(paint).not.toHaveProperty('boundVariables');
    expect(bound.boundVariables).toEqual({ color: { type: 'VARIABLE_ALIAS', id: brand.id } });
    const rect = figma.createRectangle();
    rect.fills = [bound];
    expect((rect.fills as SolidPaint[])[0].color).toEqual({ r: 1, g: 0, b: 0 });
    // Re-theming: one edit of the variable recolours every bound fill.
    brand.setValueForMode(c.defaultModeId, { r: 0, g: 0.5, b: 1, a: 0.5 });
    expect((rect.fills as SolidPaint[])[0]).toMatchObject({ color: { r: 0, g: 0.5, b: 1 }, opacity: 0.5 });
    // An alias follows its target.
    const accent = figma.variables.createVariable('accent', c, 'COLOR');
    accent.setValueForMode(c.defaultModeId, figma.variables.createVariableAlias(brand));
    rect.fills = [figma.variables.setBoundVariableForPaint(solid(0, 0, 0), 'color', accent)];
    expect((rect.fills as SolidPaint[])[0].color).toEqual({ r: 0, g: 0.5, b: 1 });
    const num = figma.variables.createVariable('n', c, 'FLOAT');
    expect(() => figma.variables.setBoundVariableForPaint(solid(0, 0, 0), 'color', num)).toThrow(/FLOAT/);
  });
});

describe('styles', () => {
  it('paint styles: listed, applied with setFillStyleIdAsync, edits reach the nodes, fills= detaches', async () => {
    const { figma } = createFigmaFake();
    const style = figma.createPaintStyle();
    style.name = 'Brand/Primary';
    style.paints = [solid(0, 0, 1)];
    expect(await figma.getLocalPaintStylesAsync()).toEqual([style]);
    expect(style.id).toMatch(/^S:[0-9a-f]{40},\d+:\d+$/);
    const rect = figma.createRectangle();
    expect(() => (rect.fillStyleId = style.id)).toThrow(/setFillStyleIdAsync/);
    await rect.setFillStyleIdAsync(style.id);
    expect(rect.fillStyleId).toBe(style.id);
    style.paints = [solid(0, 1, 0)];
    expect((rect.fills as SolidPaint[])[0].color).toEqual({ r: 0, g: 1, b: 0 });
    rect.fills = [solid(1, 0, 0)];
    expect(rect.fillStyleId).toBe('');
    await expect(rect.setFillStyleIdAsync('S:nope')).rejects.toThrow(/No paint style/);
  });

  it('text styles: applying needs the style\'s font, copies its type, and edits re-lay out the text', async () => {
    const { figma } = createFigmaFake();
    await figma.loadFontAsync(INTER);
    const h1 = figma.createTextStyle();
    h1.name = 'Heading/H1';
    expect(() => (h1.fontName = { family: 'Inter', style: 'Bold' })).toThrow(/unloaded font/);
    await figma.loadFontAsync({ family: 'Inter', style: 'Bold' });
    h1.fontName = { family: 'Inter', style: 'Bold' };
    h1.fontSize = 40;
    expect(await figma.getLocalTextStylesAsync()).toEqual([h1]);
    const t = figma.createText();
    t.characters = 'Hello';
    await t.setTextStyleIdAsync(h1.id);
    expect(t.textStyleId).toBe(h1.id);
    expect([t.fontName, t.fontSize, t.height]).toEqual([{ family: 'Inter', style: 'Bold' }, 40, 48]);
    h1.fontSize = 20;
    expect([t.fontSize, t.height]).toEqual([20, 24]);
    t.fontSize = 10;
    expect(t.textStyleId).toBe('');
  });
});
