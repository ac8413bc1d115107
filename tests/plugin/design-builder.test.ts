import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import type { DesignSpec, FrameSpec } from '../../shared/design/spec';
import { DESIGN_RECIPE_KEY, parseDesignRecipe, type DesignRecipe } from '../../shared/design/recipe';
import manifest from '../../manifest.json';

let fake: FigmaFake;
let panel: PluginChannel;

function launch(command = 'open') {
  fake = createFigmaFake({
    command,
    viewport: { x: 0, y: 0, width: 1600, height: 1000 },
    relaunchCommands: manifest.relaunchButtons.map((b) => b.command),
  });
  fake.install();
  startController(command);
  panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  return fake.figma;
}
afterEach(() => {
  panel?.close();
  fake?.uninstall();
});

const palette = {
  background: '#fbf7f2', surface: '#f1e7db', primary: '#6b3e26', onPrimary: '#ffffff',
  text: '#2b1d14', muted: '#7a6657', accent: '#d08c3c', border: '#e2d3c3',
};

const hero: FrameSpec = {
  kind: 'frame',
  name: 'Hero',
  direction: 'horizontal',
  padding: [64, 80],
  gap: 40,
  align: 'center',
  children: [
    {
      kind: 'frame', name: 'Hero copy', direction: 'vertical', gap: 16, width: 'fill',
      children: [
        { kind: 'text', text: 'Coffee, done beautifully', role: 'display' },
        { kind: 'text', text: 'Fresh beans every month.', role: 'body', color: 'muted' },
        {
          kind: 'frame', name: 'Button · Start', direction: 'horizontal', fill: 'primary', padding: [12, 20], radius: 8, width: 'hug',
          children: [{ kind: 'text', text: 'Start', role: 'button' }],
        },
      ],
    },
    { kind: 'image', name: 'Hero image', prompt: 'a cup of coffee on linen', aspect: '4:3', radius: 16 },
  ],
};

const spec: DesignSpec = {
  v: 1,
  title: 'Coffee club',
  imageStyle: 'warm film photography',
  palette,
  typography: { heading: 'Inter', body: 'Inter', baseSize: 16 },
  sections: [hero, { kind: 'frame', name: 'Footer', direction: 'horizontal', fill: 'surface', padding: 24, children: [{ kind: 'text', text: '© Coffee club', role: 'caption' }] }],
};

async function build(figma: PluginAPI, typography = spec.typography) {
  const { frameId } = await panel.request('startDesign', { designId: 'd1', label: 'coffee club', width: 1440, height: 1024 });
  const tokens = await panel.request('setDesignTokens', { designId: 'd1', title: spec.title, palette, typography, useFileStyles: false });
  const slots = [];
  for (const [index, section] of spec.sections.entries()) {
    slots.push(...(await panel.request('addDesignSection', { designId: 'd1', index, section })).slots);
  }
  const frame = (await figma.getNodeByIdAsync(frameId)) as FrameNode;
  return { frame, tokens, slots };
}

const recipe = (over: Partial<DesignRecipe> = {}): DesignRecipe => ({
  v: 1, prompt: 'coffee club', llm: 'anthropic/claude-4-sonnet', imageModel: 'black-forest-labs/flux-schnell',
  width: 1440, height: 1024, useFileStyles: false, alternative: 0, spec, createdAt: '2026-12-01T00:00:00Z', ...over,
});

describe('design builder', () => {
  it('builds sections as auto-layout frames with the spec’s spacing, padding, alignment and sizing', async () => {
    const figma = launch();
    const { frame } = await build(figma);
    expect(frame.layoutMode).toBe('VERTICAL');
    expect(frame.width).toBe(1440);
    const [heroNode, footer] = frame.children as FrameNode[];
    expect(heroNode.name).toBe('Hero');
    expect(heroNode).toMatchObject({
      layoutMode: 'HORIZONTAL', itemSpacing: 40, paddingTop: 64, paddingBottom: 64, paddingLeft: 80, paddingRight: 80,
      counterAxisAlignItems: 'CENTER', layoutSizingHorizontal: 'FILL', layoutSizingVertical: 'HUG',
    });
    const copy = heroNode.children[0] as FrameNode;
    expect(copy.layoutSizingHorizontal).toBe('FILL');
    const button = copy.children[2] as FrameNode;
    expect(button).toMatchObject({ layoutSizingHorizontal: 'HUG', cornerRadius: 8, paddingLeft: 20 });
    expect(footer.name).toBe('Footer');
  });

  it('makes real text in the role’s font and size, after loading the font', async () => {
    const figma = launch();
    const loaded: string[] = [];
    const load = figma.loadFontAsync.bind(figma);
    figma.loadFontAsync = async (font) => {
      loaded.push(`${font.family} ${font.style}`);
      return load(font);
    };
    const { frame } = await build(figma);
    const texts = (frame.findAll((n) => n.type === 'TEXT') as TextNode[]);
    const display = texts.find((t) => t.characters === 'Coffee, done beautifully')!;
    expect(display.fontName).toEqual({ family: 'Inter', style: 'Bold' });
    expect(display.fontSize).toBe(56);
    expect(display.name).toBe('Display · Coffee, done beautifully');
    expect(loaded).toContain('Inter Bold');
    expect(texts.map((t) => t.characters)).toEqual(['Coffee, done beautifully', 'Fresh beans every month.', 'Start', '© Coffee club']);
  });

  it('falls back to Inter and says so when the requested font is not installed', async () => {
    const figma = launch();
    const { frame, tokens } = await build(figma, { heading: 'Totally Made Up Sans', body: 'Inter', baseSize: 16 });
    const display = (frame.findAll((n) => n.type === 'TEXT') as TextNode[])[0];
    expect(display.fontName).toEqual({ family: 'Inter', style: 'Bold' });
    expect(tokens.notes.join(' ')).toMatch(/Totally Made Up Sans.*not installed.*Inter/);
  });

  it('binds every colour to one variable collection, so re-theming is one edit', async () => {
    const figma = launch();
    const { frame } = await build(figma);
    const collections = await figma.variables.getLocalVariableCollectionsAsync();
    expect(collections).toHaveLength(1);
    const variables = await figma.variables.getLocalVariablesAsync('COLOR');
    const primary = variables.find((v) => v.name === 'primary')!;
    const button = frame.findOne((n) => n.name === 'Button · Start') as FrameNode;
    const fill = (button.fills as SolidPaint[])[0];
    expect(fill.boundVariables?.color).toEqual({ type: 'VARIABLE_ALIAS', id: primary.id });
    const label = button.findOne((n) => n.type === 'TEXT') as TextNode;
    const onPrimary = variables.find((v) => v.name === 'onPrimary')!;
    expect((label.fills as SolidPaint[])[0].boundVariables?.color).toEqual({ type: 'VARIABLE_ALIAS', id: onPrimary.id });
  });

  it('uses the file’s own colour variables when asked and one matches', async () => {
    const figma = launch();
    const collection = figma.variables.createVariableCollection('Brand');
    const brand = figma.variables.createVariable('Brand/Primary', collection, 'COLOR');
    brand.setValueForMode(collection.defaultModeId, { r: 1, g: 0, b: 0, a: 1 });
    await panel.request('startDesign', { designId: 'd1', label: 'x', width: 800, height: 600 });
    const tokens = await panel.request('setDesignTokens', { designId: 'd1', title: 'x', palette, typography: spec.typography, useFileStyles: true });
    const { sectionId } = await panel.request('addDesignSection', { designId: 'd1', index: 0, section: hero });
    const section = (await figma.getNodeByIdAsync(sectionId)) as FrameNode;
    const button = section.findOne((n) => n.name === 'Button · Start') as FrameNode;
    expect((button.fills as SolidPaint[])[0].boundVariables?.color).toEqual({ type: 'VARIABLE_ALIAS', id: brand.id });
    expect(tokens.notes.join(' ')).toMatch(/primary \(Brand\/Primary\)/);
  });

  it('uses the file’s own text styles for matching roles when asked, after loading their fonts', async () => {
    const figma = launch();
    const heading = figma.createTextStyle();
    heading.name = 'Heading/Display';
    await figma.loadFontAsync({ family: 'Roboto', style: 'Bold' });
    heading.fontName = { family: 'Roboto', style: 'Bold' };
    heading.fontSize = 72;
    await panel.request('startDesign', { designId: 'd1', label: 'x', width: 1440, height: 1024 });
    const tokens = await panel.request('setDesignTokens', { designId: 'd1', title: 'x', palette, typography: spec.typography, useFileStyles: true });
    const { sectionId } = await panel.request('addDesignSection', { designId: 'd1', index: 0, section: hero });
    const section = (await figma.getNodeByIdAsync(sectionId)) as FrameNode;
    const [display, body] = section.findAll((n) => n.type === 'TEXT') as TextNode[];
    expect(display.textStyleId).toBe(heading.id);
    expect(display.fontName).toEqual({ family: 'Roboto', style: 'Bold' });
    expect(display.fontSize).toBe(72);
    expect(body.textStyleId).toBe('');
    expect(tokens.notes.join(' ')).toMatch(/text styles for display \(Heading\/Display\)/);
  });

  it('returns each image slot at its laid-out size, its height following its aspect', async () => {
    const figma = launch();
    const { slots } = await build(figma);
    expect(slots).toHaveLength(1);
    const [slot] = slots;
    expect(slot).toMatchObject({ prompt: 'a cup of coffee on linen', name: 'Hero image' });
    expect(slot.width).toBeGreaterThan(100);
    expect(slot.height).toBeCloseTo((slot.width * 3) / 4, 0);
    const node = (await figma.getNodeByIdAsync(slot.nodeId)) as RectangleNode;
    expect(node.cornerRadius).toBe(16);
  });

  it('finishes as one undo step with its recipe, title and relaunch buttons, and selects the design', async () => {
    const figma = launch();
    const { frame } = await build(figma);
    const undoBefore = fake.undoCommits;
    await panel.request('finishDesign', { designId: 'd1', outcome: 'done', recipe: recipe() });
    expect(fake.undoCommits).toBe(undoBefore + 1);
    expect(frame.name).toBe('Coffee club');
    expect(parseDesignRecipe(frame.getPluginData(DESIGN_RECIPE_KEY))?.spec?.sections).toHaveLength(2);
    expect(Object.keys(frame.getRelaunchData())).toEqual(expect.arrayContaining(['regenerate-design', 'new-images']));
    expect(Object.keys((frame.children[0] as FrameNode).getRelaunchData())).toContain('redesign-section');
    expect(figma.currentPage.selection.map((n) => n.id)).toEqual([frame.id]);
  });

  it('leaves no half-built design when canceled or when the plugin closes mid-build', async () => {
    const figma = launch();
    const { frame } = await build(figma);
    await panel.request('finishDesign', { designId: 'd1', outcome: 'canceled' });
    expect(frame.removed).toBe(true);
    await panel.request('startDesign', { designId: 'd2', label: 'second', width: 800, height: 600 });
    const building = figma.currentPage.children.at(-1)!;
    fake.close();
    expect(building.removed).toBe(true);
  });

  it('never places a design over existing work', async () => {
    const figma = launch();
    const mine = figma.createFrame();
    mine.resize(600, 400);
    mine.x = 0;
    mine.y = 0;
    fake.select([mine]);
    const { frameId } = await panel.request('startDesign', { designId: 'd1', label: 'x', width: 1440, height: 1024 });
    const frame = (await figma.getNodeByIdAsync(frameId)) as FrameNode;
    const overlaps = frame.x < mine.x + mine.width && frame.x + frame.width > mine.x && frame.y < mine.y + mine.height && frame.y + frame.height > mine.y;
    expect(overlaps).toBe(false);
  });

  it('fills an empty selected frame in place, and goes beside a frame that already holds work', async () => {
    const figma = launch();
    const empty = figma.createFrame();
    empty.resize(393, 852);
    const { frameId } = await panel.request('startDesign', { designId: 'd1', label: 'x', width: 393, height: 852, intoFrameId: empty.id });
    const design = (await figma.getNodeByIdAsync(frameId)) as FrameNode;
    expect(design.parent?.id).toBe(empty.id);
    expect([design.x, design.y, design.width]).toEqual([0, 0, 393]);

    const busy = figma.createFrame();
    busy.resize(393, 852);
    busy.x = 1000;
    busy.appendChild(figma.createRectangle());
    const { frameId: besideId } = await panel.request('startDesign', { designId: 'd2', label: 'y', width: 393, height: 852, intoFrameId: busy.id });
    const beside = (await figma.getNodeByIdAsync(besideId)) as FrameNode;
    expect(beside.parent?.type).toBe('PAGE');
    expect(beside.x).toBeGreaterThanOrEqual(busy.x + busy.width);
    expect(busy.children).toHaveLength(1);
  });

  it('redesigns a section into a copy beside the original, leaving the original untouched', async () => {
    const figma = launch();
    const { frame, tokens } = await build(figma);
    await panel.request('finishDesign', { designId: 'd1', outcome: 'done', recipe: recipe() });
    const { frameId } = await panel.request('startDesign', {
      designId: 'd2', label: 'grid', width: 1440, height: 1024, redesign: { frameId: frame.id, path: '0' },
    });
    await panel.request('setDesignTokens', {
      designId: 'd2', title: spec.title, palette, typography: spec.typography, useFileStyles: false, collectionId: tokens.collectionId,
    });
    const grid: FrameSpec = { ...hero, name: 'Hero grid', direction: 'vertical' };
    await panel.request('addDesignSection', { designId: 'd2', index: 0, section: grid });
    await panel.request('finishDesign', { designId: 'd2', outcome: 'done', recipe: recipe({ parentId: frame.id }) });
    const copy = (await figma.getNodeByIdAsync(frameId)) as FrameNode;
    expect(copy.id).not.toBe(frame.id);
    expect(copy.children.map((c) => c.name)).toEqual(['Hero grid', 'Footer']);
    expect(frame.children.map((c) => c.name)).toEqual(['Hero', 'Footer']);
    expect(copy.x).toBeGreaterThanOrEqual(frame.x + frame.width);
    expect(parseDesignRecipe(copy.getPluginData(DESIGN_RECIPE_KEY))?.parentId).toBe(frame.id);
    // Both bind the same palette: one collection for the two.
    expect(await figma.variables.getLocalVariableCollectionsAsync()).toHaveLength(1);
  });
});
