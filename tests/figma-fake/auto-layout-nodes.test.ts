import { createFigmaFake } from '../fakes/figma';

/** Auto layout on the fake's frames: recomputed on every edit, with Figma's rules for layoutSizing*. */

const INTER = { family: 'Inter', style: 'Regular' };

function setup() {
  const fake = createFigmaFake();
  return { fake, figma: fake.figma };
}

function box(n: SceneNode): number[] {
  return [n.x, n.y, n.width, n.height].map((v) => +v.toFixed(3));
}

describe('auto layout on frames', () => {
  it('setting layoutMode hugs the primary axis and keeps the counter axis fixed (createFrame defaults)', () => {
    const { figma } = setup();
    const parent = figma.createFrame();
    const a = figma.createFrame();
    const b = figma.createFrame();
    b.resize(100, 200);
    parent.appendChild(a);
    parent.appendChild(b);
    expect(parent.primaryAxisSizingMode).toBe('AUTO');
    expect(parent.counterAxisSizingMode).toBe('FIXED');
    parent.layoutMode = 'HORIZONTAL';
    expect(box(parent)).toEqual([0, 0, 200, 100]);
    expect(box(a)).toEqual([0, 0, 100, 100]);
    expect(box(b)).toEqual([100, 0, 100, 200]);
    expect(parent.layoutSizingHorizontal).toBe('HUG');
    expect(parent.layoutSizingVertical).toBe('FIXED');
    parent.counterAxisSizingMode = 'AUTO';
    expect(box(parent)).toEqual([0, 0, 200, 200]);
  });

  it('recomputes on appendChild, padding, spacing, resize of a child, visibility and removal', () => {
    const { figma } = setup();
    const col = figma.createFrame();
    col.layoutMode = 'VERTICAL';
    col.layoutSizingHorizontal = 'HUG';
    const a = figma.createRectangle();
    a.resize(40, 10);
    const b = figma.createRectangle();
    b.resize(60, 20);
    col.appendChild(a);
    col.appendChild(b);
    expect(box(col)).toEqual([0, 0, 60, 30]);
    col.itemSpacing = 5;
    col.paddingTop = 10;
    col.paddingLeft = 4;
    col.paddingRight = 6;
    col.paddingBottom = 1;
    expect(box(b)).toEqual([4, 25, 60, 20]);
    expect(box(col)).toEqual([0, 0, 70, 46]);
    a.resize(40, 30);
    expect(box(b)).toEqual([4, 45, 60, 20]);
    a.visible = false;
    expect(box(b)).toEqual([4, 10, 60, 20]);
    expect(col.height).toBe(31);
    b.remove();
    expect(box(col)).toEqual([0, 0, 10, 11]);
  });

  it('x and y of an auto-layout child are computed: setting them changes nothing', () => {
    const { figma } = setup();
    const row = figma.createFrame();
    row.layoutMode = 'HORIZONTAL';
    row.paddingLeft = 8;
    const r = figma.createRectangle();
    row.appendChild(r);
    r.x = 50;
    r.y = 70;
    expect([r.x, r.y]).toEqual([8, 0]);
  });

  it('an absolute-positioned child keeps its place and takes no space', () => {
    const { figma } = setup();
    const row = figma.createFrame();
    row.layoutMode = 'HORIZONTAL';
    const a = figma.createRectangle();
    const badge = figma.createEllipse();
    badge.resize(20, 20);
    row.appendChild(a);
    row.appendChild(badge);
    expect(row.width).toBe(120);
    badge.layoutPositioning = 'ABSOLUTE';
    badge.x = 90;
    badge.y = -10;
    expect(row.width).toBe(100);
    expect([badge.x, badge.y]).toEqual([90, -10]);
    expect(() => (figma.createRectangle().layoutPositioning = 'ABSOLUTE')).toThrow(/children of auto-layout frames/);
  });

  it('FILL only for children of auto-layout frames, with Figma\'s error; it shares the remaining space', () => {
    const { figma } = setup();
    const loose = figma.createRectangle();
    expect(() => (loose.layoutSizingHorizontal = 'FILL')).toThrow(
      'in set_layoutSizingHorizontal: FILL can only be set on children of auto-layout frames',
    );
    const row = figma.createFrame();
    row.layoutMode = 'HORIZONTAL';
    row.resize(300, 100);
    expect(row.primaryAxisSizingMode).toBe('FIXED');
    const a = figma.createFrame();
    const b = figma.createFrame();
    row.appendChild(a);
    row.appendChild(b);
    b.layoutSizingHorizontal = 'FILL';
    expect(b.layoutGrow).toBe(1);
    expect(box(b)).toEqual([100, 0, 200, 100]);
    b.layoutSizingVertical = 'FILL';
    expect(b.layoutAlign).toBe('STRETCH');
    row.resize(400, 50);
    expect(box(b)).toEqual([100, 0, 300, 50]);
    b.layoutSizingHorizontal = 'FIXED';
    expect(b.layoutGrow).toBe(0);
    expect(b.width).toBe(300);
    b.layoutPositioning = 'ABSOLUTE';
    expect(() => (b.layoutSizingHorizontal = 'FILL')).toThrow(/absolute positioned/);
  });

  it('HUG only on auto-layout frames and on text in them', () => {
    const { figma } = setup();
    const plain = figma.createFrame();
    expect(() => (plain.layoutSizingHorizontal = 'HUG')).toThrow(/HUG can only be set on auto-layout frames/);
    expect(() => (figma.createRectangle().layoutSizingVertical = 'HUG')).toThrow(/HUG can only be set/);
    plain.layoutMode = 'VERTICAL';
    plain.layoutSizingHorizontal = 'HUG';
    expect(plain.counterAxisSizingMode).toBe('AUTO');
    plain.layoutSizingVertical = 'FIXED';
    expect(plain.primaryAxisSizingMode).toBe('FIXED');
  });

  it('nested frames: hug sizes bubble up, fill sizes flow down, text wraps at its fill width', async () => {
    const { figma } = setup();
    await figma.loadFontAsync(INTER);
    const page = figma.createFrame();
    page.layoutMode = 'VERTICAL';
    page.resize(400, 100);
    page.layoutSizingVertical = 'HUG';
    page.paddingLeft = page.paddingRight = 20;
    const card = figma.createFrame();
    page.appendChild(card);
    card.layoutMode = 'VERTICAL';
    card.layoutSizingHorizontal = 'FILL';
    card.layoutSizingVertical = 'HUG';
    card.paddingLeft = card.paddingRight = card.paddingTop = card.paddingBottom = 10;
    const text = figma.createText();
    card.appendChild(text);
    text.fontSize = 20;
    // 29 characters at 0.55 em (11 px) = 319 px: one line in the card's 340 px inner width.
    text.characters = 'aaaa bbbb cccc dddd eeee ffff';
    text.layoutSizingHorizontal = 'FILL';
    expect(text.textAutoResize).toBe('HEIGHT');
    expect(box(card)).toEqual([20, 0, 360, 44]);
    expect(box(text)).toEqual([10, 10, 340, 24]);
    text.characters = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh';
    // 39 characters at 11 px each do not fit in 340 px: two lines of 24 px.
    expect(text.height).toBe(48);
    expect(card.height).toBe(68);
    expect(page.height).toBe(68);
    // resize() fixes both axes of an auto-layout frame; HUG again to follow the content.
    page.resize(800, page.height);
    expect(page.layoutSizingVertical).toBe('FIXED');
    expect(text.width).toBe(740);
    expect(text.height).toBe(24);
    expect(page.height).toBe(68);
    page.layoutSizingVertical = 'HUG';
    expect(page.height).toBe(44);
  });

  it('moving a child out of an auto-layout frame relayouts the frame it left', () => {
    const { figma } = setup();
    const row = figma.createFrame();
    row.layoutMode = 'HORIZONTAL';
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    row.appendChild(a);
    row.appendChild(b);
    expect(row.width).toBe(200);
    figma.currentPage.appendChild(b);
    expect(row.width).toBe(100);
  });

  it('validates the auto-layout properties like Figma', () => {
    const { figma } = setup();
    const f = figma.createFrame();
    f.layoutMode = 'VERTICAL';
    expect(() => (f.layoutWrap = 'WRAP')).toThrow(/horizontal/);
    expect(() => (f.counterAxisAlignItems = 'BASELINE')).toThrow(/horizontal/);
    expect(() => (f.counterAxisAlignContent = 'SPACE_BETWEEN')).toThrow(/WRAP/);
    expect(() => (f.primaryAxisAlignItems = 'START' as never)).toThrow(/Invalid enum value/);
    expect(() => (f.paddingTop = -1)).toThrow(/>=0/);
    expect(() => (f.layoutMode = 'GRID')).toThrow(/Not implemented in Figma fake/);
    f.itemSpacing = 12;
    expect(f.counterAxisSpacing).toBe(12);
    f.layoutMode = 'HORIZONTAL';
    f.layoutWrap = 'WRAP';
    f.counterAxisSpacing = 4;
    expect(f.counterAxisSpacing).toBe(4);
    f.counterAxisSpacing = null;
    expect(f.counterAxisSpacing).toBe(12);
    expect(() => (figma.createRectangle().minWidth = 10)).toThrow(/auto-layout frames and their children/);
  });

  it('wraps children of a fixed-width horizontal frame into lines', () => {
    const { figma } = setup();
    const grid = figma.createFrame();
    grid.layoutMode = 'HORIZONTAL';
    grid.layoutWrap = 'WRAP';
    grid.resize(250, 10);
    grid.layoutSizingVertical = 'HUG';
    grid.itemSpacing = 10;
    grid.counterAxisSpacing = 20;
    const cells = [0, 1, 2, 3].map(() => {
      const c = figma.createRectangle();
      c.resize(100, 50);
      grid.appendChild(c);
      return c;
    });
    expect(cells.map((c) => [c.x, c.y])).toEqual([
      [0, 0],
      [110, 0],
      [0, 70],
      [110, 70],
    ]);
    expect(grid.height).toBe(120);
  });

  it('a clone of an auto-layout frame lays out like the original', () => {
    const { figma } = setup();
    const row = figma.createFrame();
    row.layoutMode = 'HORIZONTAL';
    row.itemSpacing = 10;
    row.appendChild(figma.createRectangle());
    row.appendChild(figma.createRectangle());
    const copy = row.clone();
    expect(copy.layoutMode).toBe('HORIZONTAL');
    expect(copy.width).toBe(210);
    copy.itemSpacing = 0;
    expect(copy.width).toBe(200);
    expect(row.width).toBe(210);
  });

  it('sections hold nodes on the canvas and never go inside frames', () => {
    const { figma } = setup();
    const section = figma.createSection();
    expect(section.type).toBe('SECTION');
    section.name = 'Designs';
    section.resizeWithoutConstraints(800, 600);
    const f = figma.createFrame();
    section.appendChild(f);
    expect(f.parent).toBe(section);
    expect([section.width, section.height]).toEqual([800, 600]);
    expect(() => f.appendChild(figma.createSection())).toThrow(/Cannot add a SECTION node to a FRAME node/);
  });
});
