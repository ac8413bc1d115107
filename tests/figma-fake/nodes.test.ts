import { createFigmaFake } from '../fakes/figma';

describe('nodes', () => {
  it('new nodes land on the current page with Figma-like ids and defaults', () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    expect(frame.id).toMatch(/^\d+:\d+$/);
    expect(frame.parent).toBe(figma.currentPage);
    expect(figma.currentPage.children).toEqual([frame]);
    expect(figma.root.children).toEqual([figma.currentPage]);
    expect([frame.x, frame.y, frame.width, frame.height]).toEqual([0, 0, 100, 100]);
    expect(frame.fills).toEqual([expect.objectContaining({ type: 'SOLID', color: { r: 1, g: 1, b: 1 } })]);
    expect('children' in frame).toBe(true);
    expect('children' in figma.createRectangle()).toBe(false);
  });

  it('computes absoluteBoundingBox through nested frames and groups', () => {
    const { figma } = createFigmaFake();
    const outer = figma.createFrame();
    outer.x = 100;
    outer.y = 50;
    const inner = figma.createFrame();
    outer.appendChild(inner);
    inner.x = 10;
    inner.y = 20;
    const rect = figma.createRectangle();
    inner.appendChild(rect);
    rect.x = 5;
    rect.y = 6;
    rect.resize(30, 40);
    expect(rect.absoluteBoundingBox).toEqual({ x: 115, y: 76, width: 30, height: 40 });
    expect(rect.absoluteTransform).toEqual([
      [1, 0, 115],
      [0, 1, 76],
    ]);
    // A group makes no coordinate space: children keep their place, the group wraps them.
    const other = figma.createRectangle();
    inner.appendChild(other);
    other.x = 50;
    other.y = 60;
    other.resize(10, 10);
    const group = figma.group([rect, other], inner);
    expect(rect.absoluteBoundingBox).toEqual({ x: 115, y: 76, width: 30, height: 40 });
    expect(rect.x).toBe(5);
    expect([group.x, group.y, group.width, group.height]).toEqual([5, 6, 55, 64]);
    expect(group.absoluteBoundingBox).toEqual({ x: 115, y: 76, width: 55, height: 64 });
    group.x = 0;
    expect(rect.x).toBe(0);
    expect(other.x).toBe(45);
  });

  it('resize rejects sizes below 0.01', () => {
    const { figma } = createFigmaFake();
    const rect = figma.createRectangle();
    expect(() => rect.resize(0, 10)).toThrow(/0\.01/);
    expect(() => rect.resize(10, 0.001)).toThrow(/0\.01/);
    rect.resizeWithoutConstraints(0.01, 3);
    expect(rect.width).toBe(0.01);
  });

  it('a removed node throws on use and is gone from getNodeByIdAsync', async () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    const child = figma.createRectangle();
    frame.appendChild(child);
    expect(await figma.getNodeByIdAsync(child.id)).toBe(child);
    frame.remove();
    expect(frame.removed).toBe(true);
    expect(child.removed).toBe(true);
    expect(() => frame.name).toThrow(`The node with id "${frame.id}" does not exist`);
    expect(() => child.x).toThrow(`The node with id "${child.id}" does not exist`);
    expect(() => child.setPluginData('k', 'v')).toThrow(/does not exist/);
    expect(() => {
      frame.name = 'x';
    }).toThrow(/does not exist/);
    expect(await figma.getNodeByIdAsync(frame.id)).toBeNull();
    expect(await figma.getNodeByIdAsync(child.id)).toBeNull();
    expect(figma.currentPage.children).toEqual([]);
  });

  it('getNodeById throws under documentAccess: dynamic-page', () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    expect(() => figma.getNodeById(frame.id)).toThrow(
      'Cannot call getNodeById with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.',
    );
  });

  it('an emptied group removes itself', () => {
    const { figma } = createFigmaFake();
    const rect = figma.createRectangle();
    const group = figma.group([rect], figma.currentPage);
    figma.currentPage.appendChild(rect);
    expect(group.removed).toBe(true);
  });

  it('clone copies properties, children and plugin data with new ids, next to the original', () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    frame.name = 'Result';
    frame.setPluginData('recipe', '{"seed":1}');
    frame.appendChild(figma.createRectangle());
    const copy = frame.clone();
    expect(copy.id).not.toBe(frame.id);
    expect(copy.name).toBe('Result');
    expect(copy.getPluginData('recipe')).toBe('{"seed":1}');
    expect(copy.children).toHaveLength(1);
    expect(copy.children[0].id).not.toBe(frame.children[0].id);
    expect(figma.currentPage.children).toEqual([frame, copy]);
  });

  it('text needs its font loaded before characters can be written', async () => {
    const { figma } = createFigmaFake();
    const text = figma.createText();
    expect(() => {
      text.characters = 'hi';
    }).toThrow('Cannot write to node with unloaded font "Inter Regular"');
    await figma.loadFontAsync({ family: 'Inter', style: 'Regular' });
    text.characters = 'hello';
    expect(text.characters).toBe('hello');
    expect(text.width).toBeGreaterThan(0);
  });

  it('findAll and findOne search descendants; the document needs loadAllPagesAsync', async () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    const rect = figma.createRectangle();
    frame.appendChild(rect);
    expect(figma.currentPage.findAll()).toEqual([frame, rect]);
    expect(figma.currentPage.findOne((n) => n.type === 'RECTANGLE')).toBe(rect);
    expect(frame.findAll((n) => n.type === 'FRAME')).toEqual([]);
    expect(() => figma.root.findAll()).toThrow(/loadAllPagesAsync/);
    await figma.loadAllPagesAsync();
    expect(figma.root.findAll((n) => n.type === 'RECTANGLE')).toEqual([rect]);
  });

  it('pages: setCurrentPageAsync switches and fires currentpagechange; assigning currentPage throws', async () => {
    const fake = createFigmaFake();
    const { figma } = fake;
    const page = figma.createPage();
    const seen = jest.fn();
    figma.on('currentpagechange', seen);
    expect(() => {
      figma.currentPage = page;
    }).toThrow(/setCurrentPageAsync/);
    await figma.setCurrentPageAsync(page);
    expect(figma.currentPage).toBe(page);
    await fake.settle();
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('read-only and unmodelled node properties throw', () => {
    const { figma } = createFigmaFake();
    const rect = figma.createRectangle();
    expect(() => {
      (rect as { width: number }).width = 3;
    }).toThrow(/read only/);
    expect(() => (rect as unknown as { reactions: unknown }).reactions).toThrow('Not implemented in Figma fake: RECTANGLE.reactions');
  });
});
