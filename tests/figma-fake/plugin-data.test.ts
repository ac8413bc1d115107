import { createFigmaFake, PLUGIN_DATA_ENTRY_LIMIT } from '../fakes/figma';

describe('plugin data and relaunch data', () => {
  it('stores strings per key, lists keys, and forgets empty values', () => {
    const { figma } = createFigmaFake();
    const node = figma.createRectangle();
    expect(node.getPluginData('missing')).toBe('');
    node.setPluginData('recipe', '{"a":1}');
    node.setPluginData('parent', '1:2');
    expect(node.getPluginData('recipe')).toBe('{"a":1}');
    expect(node.getPluginDataKeys().sort()).toEqual(['parent', 'recipe']);
    node.setPluginData('parent', '');
    expect(node.getPluginDataKeys()).toEqual(['recipe']);
    expect(() => node.setPluginData('n', 42 as unknown as string)).toThrow(/string/);
  });

  it('rejects an entry above 100 kB', () => {
    const { figma } = createFigmaFake();
    const node = figma.createFrame();
    expect(() => node.setPluginData('big', 'x'.repeat(PLUGIN_DATA_ENTRY_LIMIT))).toThrow(/100 kB/);
    node.setPluginData('ok', 'x'.repeat(90 * 1024));
    expect(node.getPluginData('ok')).toHaveLength(90 * 1024);
    // multi-byte characters count as bytes
    expect(() => node.setPluginData('emoji', '😀'.repeat(30 * 1024))).toThrow(/100 kB/);
  });

  it('shared plugin data needs a namespace of at least 3 characters', () => {
    const { figma } = createFigmaFake();
    const node = figma.createFrame();
    node.setSharedPluginData('diffusion', 'seed', '7');
    expect(node.getSharedPluginData('diffusion', 'seed')).toBe('7');
    expect(node.getSharedPluginDataKeys('diffusion')).toEqual(['seed']);
    expect(() => node.setSharedPluginData('ab', 'k', 'v')).toThrow(/namespace/);
  });

  it('relaunch data is checked against the manifest commands and description length', () => {
    const { figma } = createFigmaFake({ relaunchCommands: ['regenerate', 'vary'] });
    const node = figma.createFrame();
    node.setRelaunchData({ regenerate: 'Run the recipe again', vary: '' });
    expect(node.getRelaunchData()).toEqual({ regenerate: 'Run the recipe again', vary: '' });
    expect(() => node.setRelaunchData({ open: 'x' })).toThrow(/relaunchButtons/);
    expect(() => node.setRelaunchData({ vary: 'x'.repeat(1001) })).toThrow(/1000/);
    node.setRelaunchData({});
    expect(node.getRelaunchData()).toEqual({});
  });
});
