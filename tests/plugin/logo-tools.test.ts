import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { parseRecipe, RECIPE_KEY, serializeRecipe, type Recipe } from '../../shared/recipe';
import { mapByLuminanceRank, inverseColour, monoMap } from '../../plugin/logo/colour-map';
import { intersects } from '../../shared/layout';
import manifest from '../../manifest.json';
import { waitFor } from '../support/wait-for';

let fake: FigmaFake;
let panel: PluginChannel;

function launch(command = 'open') {
  fake = createFigmaFake({ command, viewport: { x: 0, y: 0, width: 1600, height: 1000 }, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  startController(command);
  panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  return fake.figma;
}
afterEach(() => {
  panel?.close();
  fake?.uninstall();
});

/** A mark as an SVG logo comes in: a light backdrop, a mid-tone ring, a dark dot, a backdrop-coloured cut-out. */
const MARK_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">',
  '<rect width="200" height="200" fill="#f5f0e8"/>',
  '<circle cx="100" cy="100" r="70" fill="#2a9d8f"/>',
  '<circle cx="100" cy="100" r="50" fill="#f5f0e8"/>',
  '<circle cx="100" cy="100" r="20" fill="#1b1b3a"/>',
  '</svg>',
].join('');

const recipe: Recipe = {
  v: 1, tool: 'generate', model: 'recraft-ai/recraft-v3-svg', prompt: 'a fox logo', input: { prompt: 'a fox logo' },
  outputIndex: 0, predictionId: 'p1', createdAt: '2026-11-29T00:00:00Z',
};

function mark(figma: PluginAPI): FrameNode {
  const node = figma.createNodeFromSvg(MARK_SVG);
  node.name = 'Fox mark';
  node.setPluginData(RECIPE_KEY, serializeRecipe(recipe));
  return node;
}

const hexOf = (p: Paint) => {
  const c = (p as SolidPaint).color;
  return '#' + [c.r, c.g, c.b].map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('');
};
const fillsOf = (frame: FrameNode) => frame.children.map((c) => hexOf(((c as VectorNode).fills as Paint[])[0]));
const box = (n: SceneNode) => ({ x: n.x, y: n.y, width: n.width, height: n.height });

describe('colour mapping', () => {
  it('maps colours onto the palette by luminance rank: darkest to darkest, lightest to lightest', () => {
    const map = mapByLuminanceRank(['#f5f0e8', '#2a9d8f', '#1b1b3a'], ['#e63946', '#1d3557', '#f1faee']);
    expect(map.get('#1b1b3a')).toBe('#1d3557');
    expect(map.get('#2a9d8f')).toBe('#e63946');
    expect(map.get('#f5f0e8')).toBe('#f1faee');
  });

  it('spreads fewer mark colours over the whole palette and folds more onto it, keeping order', () => {
    const two = mapByLuminanceRank(['#000000', '#ffffff'], ['#111111', '#777777', '#eeeeee']);
    expect([two.get('#000000'), two.get('#ffffff')]).toEqual(['#111111', '#eeeeee']);
    const four = mapByLuminanceRank(['#000000', '#444444', '#999999', '#ffffff'], ['#222222', '#dddddd']);
    expect([...four.values()]).toEqual(['#222222', '#222222', '#dddddd', '#dddddd']);
  });

  it('mono: everything takes the ink but the backdrop and its cut-outs, which become paper', () => {
    const map = monoMap(['#f5f0e8', '#2a9d8f', '#1b1b3a'], '#000000', '#f5f0e8');
    expect([...map.values()]).toEqual(['#ffffff', '#000000', '#000000']);
  });

  it('inverse flips lightness and keeps the hue: a light ground turns dark, dark outlines light', () => {
    expect(inverseColour('#ffffff')).toBe('#000000');
    expect(inverseColour('#1b1b3a')).toMatch(/^#[c-f][0-9a-f][c-f][0-9a-f][d-f][0-9a-f]$/);
    expect(inverseColour('#808080')).toBe('#7f7f7f');
  });
});

describe('local logo tools on the canvas', () => {
  it('stores the brand kit as the file’s own "Brand kit" variables, name and font with the document', async () => {
    const figma = launch();
    await panel.request('saveBrandKit', { colors: ['#1d3557', '#e63946', '#f1faee'], name: 'Foxglove', font: 'Poppins' });
    const collections = await figma.variables.getLocalVariableCollectionsAsync();
    const kit = collections.find((c) => c.name === 'Brand kit')!;
    expect(kit.variableIds).toHaveLength(3);
    expect(await panel.request('loadBrandKit', {})).toEqual({ colors: ['#1d3557', '#e63946', '#f1faee'], name: 'Foxglove', font: 'Poppins' });
    // Fewer colours: the variable taken out goes, the others keep their ids (bound fills follow).
    const firstId = kit.variableIds[0];
    await panel.request('saveBrandKit', { colors: ['#000000', '#ffffff'], name: 'Foxglove', font: 'Poppins' });
    const again = (await figma.variables.getLocalVariableCollectionsAsync()).filter((c) => c.name === 'Brand kit');
    expect(again).toHaveLength(1);
    expect(again[0].variableIds).toHaveLength(2);
    expect(again[0].variableIds[0]).toBe(firstId);
    expect((await panel.request('loadBrandKit', {})).colors).toEqual(['#000000', '#ffffff']);
  });

  it('recolor makes a copy beside the mark in the kit’s colours, bound to its variables, with lineage; the source is untouched', async () => {
    const figma = launch();
    const source = mark(figma);
    await panel.request('saveBrandKit', { colors: ['#e63946', '#1d3557', '#f1faee'], name: '', font: 'Inter' });
    const { placed } = await panel.request('recolorMarks', { tool: 'recolor', nodeIds: [source.id] });
    const copy = (await figma.getNodeByIdAsync(placed[0])) as FrameNode;
    expect(fillsOf(source)).toEqual(['#f5f0e8', '#2a9d8f', '#f5f0e8', '#1b1b3a']);
    expect(fillsOf(copy)).toEqual(['#f1faee', '#e63946', '#f1faee', '#1d3557']);
    expect(((copy.children[1] as VectorNode).fills as Paint[])[0]).toMatchObject({ boundVariables: { color: expect.anything() } });
    expect(copy.name).toBe('Fox mark · Recolor');
    expect(parseRecipe(copy.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'recolor', parentId: source.id, model: '' });
    expect(intersects(box(copy), box(source))).toBe(false);
    expect(figma.currentPage.selection.map((n) => n.id)).toEqual([copy.id]);
    expect(await panel.request('showLineage', { nodeId: copy.id })).toEqual({ selected: 1, missing: 0 });
  });

  it('recolor without a brand kit, or on a bitmap, says what to do and changes nothing', async () => {
    const figma = launch();
    const source = mark(figma);
    await expect(panel.request('recolorMarks', { tool: 'recolor', nodeIds: [source.id] })).rejects.toThrow(/Brand kit first/);
    const bitmap = figma.createRectangle();
    bitmap.fills = [{ type: 'IMAGE', imageHash: figma.createImage(await source.exportAsync({ format: 'PNG' })).hash, scaleMode: 'FILL' }];
    await expect(panel.request('recolorMarks', { tool: 'mono', nodeIds: [bitmap.id] })).rejects.toThrow(/Vectorize it first/);
    expect(figma.currentPage.children).toHaveLength(2);
  });

  it('mono and inverse: one ink on paper, and a dark version for dark backgrounds', async () => {
    const figma = launch();
    const source = mark(figma);
    const mono = await panel.request('recolorMarks', { tool: 'mono', nodeIds: [source.id], color: '#222222' });
    const inverse = await panel.request('recolorMarks', { tool: 'inverse', nodeIds: [source.id] });
    const m = (await figma.getNodeByIdAsync(mono.placed[0])) as FrameNode;
    const i = (await figma.getNodeByIdAsync(inverse.placed[0])) as FrameNode;
    expect(fillsOf(m)).toEqual(['#ffffff', '#222222', '#ffffff', '#222222']);
    const [ground, ring, cut, dot] = fillsOf(i);
    expect(ground).toBe(cut);
    expect(parseInt(ground.slice(1, 3), 16)).toBeLessThan(40);
    expect(parseInt(dot.slice(5, 7), 16)).toBeGreaterThan(200);
    expect(ring).not.toBe('#2a9d8f');
    expect(intersects(box(m), box(i))).toBe(false);
  });

  it('lockups: horizontal and stacked auto-layout frames with the mark and the brand name as real text in the kit’s font', async () => {
    const figma = launch();
    const source = mark(figma);
    await expect(panel.request('buildLockups', { nodeId: source.id })).rejects.toThrow(/brand name/);
    await panel.request('saveBrandKit', { colors: ['#1d3557'], name: 'Foxglove', font: 'Poppins' });
    const { placed, notes } = await panel.request('buildLockups', { nodeId: source.id });
    expect(notes).toEqual([]);
    const [horizontal, stacked] = (await Promise.all(placed.map((id) => figma.getNodeByIdAsync(id)))) as FrameNode[];
    expect(horizontal.layoutMode).toBe('HORIZONTAL');
    expect(stacked.layoutMode).toBe('VERTICAL');
    for (const frame of [horizontal, stacked]) {
      const [markCopy, text] = frame.children;
      expect(markCopy.type).toBe('FRAME');
      expect(text.type).toBe('TEXT');
      expect((text as TextNode).characters).toBe('Foxglove');
      expect((text as TextNode).fontName).toEqual({ family: 'Poppins', style: 'Bold' });
      expect(parseRecipe(frame.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'lockup', parentId: source.id });
      expect(intersects(box(frame), box(source))).toBe(false);
    }
    // Side by side in one, one above the other in the other.
    expect(horizontal.children[1].x).toBeGreaterThan(horizontal.children[0].x + horizontal.children[0].width - 1);
    expect(stacked.children[1].y).toBeGreaterThan(stacked.children[0].y + stacked.children[0].height - 1);
    expect(horizontal.children[0].height).toBeCloseTo(120, 0);
    expect(intersects(box(horizontal), box(stacked))).toBe(false);
  });

  it('lockups fall back to Inter, saying so, when the kit’s font is not installed', async () => {
    const figma = launch();
    const source = mark(figma);
    await panel.request('saveBrandKit', { colors: [], name: 'Foxglove', font: 'Comic Papyrus' });
    const { placed, notes } = await panel.request('buildLockups', { nodeId: source.id });
    expect(notes[0]).toMatch(/not installed.*Inter/);
    const frame = (await figma.getNodeByIdAsync(placed[0])) as FrameNode;
    expect(((frame.children[1] as TextNode).fontName as FontName).family).toBe('Inter');
  });

  it('logo sheet: the mark at 16, 32, 48, 180 and 512 px on light and on dark, each exporting PNG', async () => {
    const figma = launch();
    const source = mark(figma);
    const { placed } = await panel.request('buildLogoSheet', { nodeId: source.id });
    const sheet = (await figma.getNodeByIdAsync(placed[0])) as FrameNode;
    expect(sheet.children.map((r) => r.name)).toEqual(['On light', 'On dark']);
    for (const row of sheet.children as FrameNode[]) {
      const marks = (row.children as FrameNode[]).map((cell) => cell.children[0] as FrameNode);
      expect(marks.map((m) => Math.round(Math.max(m.width, m.height)))).toEqual([16, 32, 48, 180, 512]);
      for (const m of marks) expect(m.exportSettings.map((s) => s.format)).toEqual(['PNG', 'PNG']);
      // Scaled with its contents, as Figma does: the ring still fills the mark.
      expect(marks[0].children[1].width).toBeCloseTo(16 * 0.7, 0);
    }
    const darkRow = sheet.children[1] as FrameNode;
    expect(hexOf((darkRow.fills as Paint[])[0])).toBe('#141414');
    expect(parseRecipe(sheet.getPluginData(RECIPE_KEY))).toMatchObject({ tool: 'logo-sheet', parentId: source.id });
    expect(intersects(box(sheet), box(source))).toBe(false);
  });

  it('picks are stored on the layer, listed in canvas order, shown in the selection, and copies do not inherit them', async () => {
    const figma = launch();
    const a = mark(figma);
    const b = mark(figma);
    mark(figma);
    await panel.request('setPicked', { nodeIds: [b.id, a.id], picked: true });
    expect(b.getPluginData('pick')).toBe('1');
    expect((await panel.request('listPicks', {})).picks.map((p) => p.id)).toEqual([a.id, b.id]);
    expect((await panel.request('listPicks', {})).picks[0].recipe).toMatchObject({ model: 'recraft-ai/recraft-v3-svg' });
    const seen: boolean[] = [];
    panel.on('selectionChanged', ({ nodes }) => seen.push(!!nodes[0]?.picked));
    fake.select([a]);
    await waitFor(() => seen.length > 0, 10_000, 'the selection sent to the panel');
    expect(seen.at(-1)).toBe(true);
    await panel.request('recolorMarks', { tool: 'inverse', nodeIds: [a.id] });
    expect((await panel.request('listPicks', {})).picks).toHaveLength(2);
    await panel.request('setPicked', { nodeIds: [a.id], picked: false });
    expect((await panel.request('listPicks', {})).picks.map((p) => p.id)).toEqual([b.id]);
  });

  it('the ★ Pick relaunch button toggles the selection without opening the panel', async () => {
    fake = createFigmaFake({ command: 'pick', relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
    fake.install();
    const node = mark(fake.figma);
    fake.select([node]);
    startController('pick');
    await waitFor(() => node.getPluginData('pick') !== '', 10_000, 'the pick toggled');
    expect(node.getPluginData('pick')).toBe('1');
    expect(fake.showUICalls).toHaveLength(0);
    expect(manifest.relaunchButtons.map((b) => b.command)).toEqual(expect.arrayContaining(['pick', 'vectorize']));
  });
});
