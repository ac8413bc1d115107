import { createFigmaFake, memoryBacking } from '../fakes/figma';

describe('figma API surface', () => {
  it('install sets the globals and uninstall restores them', () => {
    const fake = createFigmaFake();
    const g = globalThis as { figma?: unknown; __html__?: unknown };
    expect(g.figma).toBeUndefined();
    fake.install();
    expect(g.figma).toBe(fake.figma);
    expect(typeof g.__html__).toBe('string');
    fake.uninstall();
    expect(g.figma).toBeUndefined();
    expect(g.__html__).toBeUndefined();
  });

  it('unknown API access throws "Not implemented in Figma fake"', () => {
    const { figma } = createFigmaFake();
    expect(() => figma.triggerUndo()).toThrow('Not implemented in Figma fake: figma.triggerUndo');
    expect(() => figma.teamLibrary).toThrow('Not implemented in Figma fake: figma.teamLibrary');
    expect(() => (figma.variables as unknown as { importVariableByKeyAsync: unknown }).importVariableByKeyAsync).toThrow(
      'Not implemented in Figma fake: figma.variables.importVariableByKeyAsync',
    );
    expect(() => figma.ui.reposition).not.toThrow();
    expect(() => (figma.viewport as unknown as { slidesView: string }).slidesView).toThrow('Not implemented in Figma fake: figma.viewport.slidesView');
    expect(() => figma.on('documentchange', () => undefined)).toThrow(/Not implemented in Figma fake/);
  });

  it('selection: a user click fires selectionchange at once, a plugin write fires it later', async () => {
    const fake = createFigmaFake();
    const { figma } = fake;
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    const seen = jest.fn();
    figma.on('selectionchange', seen);
    fake.select([a]);
    expect(seen).toHaveBeenCalledTimes(1);
    expect(figma.currentPage.selection).toEqual([a]);
    figma.currentPage.selection = [a, b];
    expect(seen).toHaveBeenCalledTimes(1);
    await fake.settle();
    expect(seen).toHaveBeenCalledTimes(2);
    b.remove();
    expect(figma.currentPage.selection).toEqual([a]);
    figma.off('selectionchange', seen);
    fake.select([]);
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it('run, command, notify, commitUndo, closePlugin are recorded', () => {
    const fake = createFigmaFake({ command: 'generate' });
    const { figma } = fake;
    expect(figma.command).toBe('generate');
    expect(figma.editorType).toBe('figma');
    expect(typeof figma.mixed).toBe('symbol');
    const run = jest.fn();
    figma.on('run', run);
    fake.run('vary', { prompt: 'cat' });
    expect(run).toHaveBeenCalledWith({ command: 'vary', parameters: { prompt: 'cat' } });
    const handler = figma.notify('Done', { timeout: 2000 });
    handler.cancel();
    expect(fake.notifications).toEqual([{ message: 'Done', options: { timeout: 2000 } }]);
    figma.commitUndo();
    figma.commitUndo();
    expect(fake.undoCommits).toBe(2);
    figma.parameters.on('input', () => undefined);
    expect(fake.parameterInputListeners).toHaveLength(1);
    figma.closePlugin('bye');
    expect(fake.closed).toBe(true);
    expect(fake.closeMessage).toBe('bye');
  });

  it('clientStorage persists through the provided storage, cloned, with a quota', async () => {
    const backing = memoryBacking();
    const first = createFigmaFake({ storage: backing });
    const value = { token: 'r8_x', bytes: new Uint8Array([1, 2]) };
    await first.figma.clientStorage.setAsync('settings', value);
    value.token = 'changed';
    const second = createFigmaFake({ storage: backing });
    expect(await second.figma.clientStorage.getAsync('settings')).toEqual({ token: 'r8_x', bytes: new Uint8Array([1, 2]) });
    expect(await second.figma.clientStorage.keysAsync()).toEqual(['settings']);
    await second.figma.clientStorage.deleteAsync('settings');
    expect(await first.figma.clientStorage.getAsync('settings')).toBeUndefined();
    await expect(second.figma.clientStorage.setAsync('huge', new Uint8Array(6 * 1024 * 1024))).rejects.toThrow(/quota/);
  });

  it('clientStorage counts every stored value against the quota, and a deleted one no longer', async () => {
    const backing = memoryBacking();
    const { figma } = createFigmaFake({ storage: backing });
    const mb = (n: number) => new Uint8Array(n * 1024 * 1024);
    await figma.clientStorage.setAsync('a', mb(2));
    await figma.clientStorage.setAsync('b', mb(2));
    // A fake opened later on the same storage sees what the first wrote.
    const later = createFigmaFake({ storage: backing }).figma;
    await expect(later.clientStorage.setAsync('c', mb(2))).rejects.toThrow(/quota/);
    // Rewriting a key counts its new value, not its old one as well.
    await later.clientStorage.setAsync('b', mb(1));
    await expect(figma.clientStorage.setAsync('c', mb(2))).rejects.toThrow(/quota/);
    await later.clientStorage.deleteAsync('a');
    await expect(figma.clientStorage.setAsync('c', mb(2))).resolves.toBeUndefined();
  });

  it('viewport: bounds from options, scrollAndZoomIntoView centres on the nodes and is recorded', () => {
    const fake = createFigmaFake({ viewport: { x: 0, y: 0, width: 1000, height: 800, zoom: 1 } });
    const { figma } = fake;
    expect(figma.viewport.bounds).toEqual({ x: 0, y: 0, width: 1000, height: 800 });
    expect(figma.viewport.center).toEqual({ x: 500, y: 400 });
    const frame = figma.createFrame();
    frame.x = 2000;
    frame.y = 3000;
    frame.resize(200, 100);
    figma.viewport.scrollAndZoomIntoView([frame]);
    expect(figma.viewport.center).toEqual({ x: 2100, y: 3050 });
    const b = figma.viewport.bounds;
    expect(b.x <= 2000 && b.y <= 3000 && b.x + b.width >= 2200 && b.y + b.height >= 3100).toBe(true);
    expect(fake.viewportCalls).toEqual([[frame.id]]);
  });
});

describe('onDocumentChange', () => {
  it('batches notifications for creates, edits and removals, not for reads', async () => {
    const fake = createFigmaFake();
    const listener = jest.fn();
    fake.onDocumentChange(listener);
    const rect = fake.figma.createRectangle();
    rect.x = 10;
    rect.resize(5, 5);
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(1);
    rect.getPluginData('k');
    void rect.absoluteBoundingBox;
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(1);
    rect.remove();
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
