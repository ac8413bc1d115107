import { createFigmaFake, memoryBacking, type FigmaFake } from '../fakes/figma';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { writeRecipe } from '../../plugin/recipe-store';
import { CHUNK_SIZE, MAX_FILE_ENTRIES, RECENT_MAX_WAIT_MS, RECENT_WRITE_DELAY_MS, readIndex, saveRecentRuns, writeQueuedEntries } from '../../plugin/history-store';
import type { Recipe } from '../../shared/recipe';
import manifest from '../../manifest.json';
import { waitFor } from '../support/wait-for';
import { FakeBaseNode } from '../fakes/figma/node-base';

let fake: FigmaFake;
let panel: PluginChannel;
let changes = 0;

function launch() {
  fake = createFigmaFake({ command: 'open', relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  startController('open');
  panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  changes = 0;
  panel.on('historyChanged', () => void changes++);
  panel.emit('ready', {});
  return fake.figma;
}
afterEach(async () => {
  // Runs remembered for the recent list are written a moment later: into this test's storage.
  await saveRecentRuns();
  panel?.close();
  fake?.uninstall();
});

let serial = 0;
function recipe(over: Partial<Recipe> = {}): Recipe {
  serial++;
  return {
    v: 1, tool: 'generate', model: 'black-forest-labs/flux-schnell', prompt: `a fox ${serial}`,
    input: { prompt: `a fox ${serial}`, aspect_ratio: '16:9' }, seed: serial, outputIndex: 0,
    predictionId: `p${serial}`, createdAt: new Date(Date.UTC(2026, 0, 1) + serial * 1000).toISOString(), ...over,
  };
}

/** A generated layer as the controller leaves it: a rectangle with its recipe. */
function generated(figma: PluginAPI, r: Recipe = recipe()): RectangleNode {
  const node = figma.createRectangle();
  node.resize(64, 36);
  node.fills = [{ type: 'SOLID', color: { r: 0.9, g: 0.4, b: 0.1 } }];
  writeRecipe(node, r);
  return node;
}

/** Page changes and events arrive on later tasks. */
const until = (check: () => boolean): Promise<void> => waitFor(check);

describe('the file’s history index', () => {
  it('lists each generation once its recipe is written: prompt, model, seed, ratio, page, cost; and the file’s total', async () => {
    const figma = launch();
    const a = generated(figma, recipe({ prompt: 'a red fox', cost: 0.003 }));
    const b = generated(figma, recipe({ prompt: 'a blue whale', model: 'black-forest-labs/flux-dev', cost: 0.025 }));
    const list = await panel.request('listHistory', {});
    expect(list.file.map((e) => [e.nodeId, e.prompt, e.model, e.pageId])).toEqual([
      [a.id, 'a red fox', 'black-forest-labs/flux-schnell', figma.currentPage.id],
      [b.id, 'a blue whale', 'black-forest-labs/flux-dev', figma.currentPage.id],
    ]);
    expect(list.file[0]).toMatchObject({ seed: expect.any(Number), ratio: '16:9', cost: 0.003, tool: 'generate' });
    expect(list.fileSpent).toBeCloseTo(0.028, 6);
    // This person's runs across files: newest first, naming the file.
    expect(list.recent.map((e) => [e.prompt, e.file])).toEqual([['a blue whale', figma.root.name], ['a red fox', figma.root.name]]);
  });

  it('a layer filled again in place has one entry, with its newest recipe', async () => {
    const figma = launch();
    const node = generated(figma, recipe({ prompt: 'first' }));
    writeRecipe(node, recipe({ prompt: 'second' }));
    const { file } = await panel.request('listHistory', {});
    expect(file.map((e) => e.prompt)).toEqual(['second']);
  });

  it('a first recipe reads only the index\'s last chunk; a layer filled again reads them all to replace its entry', () => {
    // Spied before launch: the fake binds a node's methods on their first use.
    const original = FakeBaseNode.prototype.getPluginData;
    const read: string[] = [];
    const spy = jest.spyOn(FakeBaseNode.prototype, 'getPluginData').mockImplementation(function (this: FakeBaseNode, key: string) {
      if (/^history-\d+$/.test(key)) read.push(key);
      return original.call(this, key);
    });
    const figma = launch();
    const nodes = Array.from({ length: CHUNK_SIZE * 2 + 1 }, () => generated(figma));
    writeQueuedEntries();
    read.length = 0;
    generated(figma);
    writeQueuedEntries();
    expect(read).toEqual(['history-2']);
    read.length = 0;
    writeRecipe(nodes[0], recipe({ prompt: 'again' }));
    writeQueuedEntries();
    expect(new Set(read)).toEqual(new Set(['history-0', 'history-1', 'history-2']));
    expect(readIndex().filter((e) => e.nodeId === nodes[0].id).map((e) => e.prompt)).toEqual(['again']);
    // Restored only now: the root keeps the method it bound, the spy.
    spy.mockRestore();
  });

  it('a deleted layer drops out of the file’s history (and of the stored index); the panel is told', async () => {
    const figma = launch();
    const keep = generated(figma);
    const frame = figma.createFrame();
    const inside = generated(figma);
    frame.appendChild(inside);
    generated(figma).remove();
    // Deleting a frame reports only the frame: its generated child goes too.
    frame.remove();
    await until(() => changes > 0);
    expect(changes).toBeGreaterThan(0);
    const { file } = await panel.request('listHistory', {});
    expect(file.map((e) => e.nodeId)).toEqual([keep.id]);
    expect(readIndex().map((e) => e.nodeId)).toEqual([keep.id]);
  });

  it('a layer that comes back (undo of its deletion) is listed again, without duplicating one already there', async () => {
    const figma = launch();
    const r = recipe({ prompt: 'came back' });
    const node = generated(figma, r);
    node.remove();
    await panel.request('listHistory', {});
    expect(readIndex()).toHaveLength(0);
    // Figma's undo restores the layer with its plugin data: a CREATE on the page.
    const restored = figma.createRectangle();
    restored.setPluginData('recipe', JSON.stringify(r));
    const copy = figma.createRectangle();
    copy.setPluginData('recipe', JSON.stringify(r));
    await until(() => readIndex().length > 0);
    // A window for a duplicate to show up in: the assertion below is that none does.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(readIndex().map((e) => e.prompt)).toEqual(['came back']);
  });

  it('keeps entries on other pages without loading them, and selecting one switches to its page', async () => {
    const figma = launch();
    const first = figma.currentPage;
    const onFirst = generated(figma, recipe({ prompt: 'on page one' }));
    const second = figma.createPage();
    await figma.setCurrentPageAsync(second);
    const onSecond = generated(figma, recipe({ prompt: 'on page two' }));
    const goneOnSecond = generated(figma, recipe({ prompt: 'deleted on page two' }));
    goneOnSecond.remove();
    const list = await panel.request('listHistory', {});
    expect(list.currentPageId).toBe(second.id);
    expect(list.file.map((e) => [e.prompt, e.pageId])).toEqual([
      ['on page one', first.id],
      ['on page two', second.id],
    ]);
    expect(list.pages.map((p) => p.id)).toEqual([first.id, second.id]);
    // Thumbnails only for the page in view: another page's layer is not exported.
    expect((await panel.request('historyThumbnail', { nodeId: onSecond.id })).png?.length).toBeGreaterThan(0);
    expect((await panel.request('historyThumbnail', { nodeId: onFirst.id })).png).toBeUndefined();
    const selected = await panel.request('selectNodes', { nodeIds: [onFirst.id] });
    expect(selected).toEqual({ selected: 1, missing: 0 });
    expect(figma.currentPage.id).toBe(first.id);
  });

  it('shows picks as picked, starred after the run', async () => {
    const figma = launch();
    const node = generated(figma);
    generated(figma);
    await panel.request('setPicked', { nodeIds: [node.id], picked: true });
    const { file } = await panel.request('listHistory', {});
    expect(file.map((e) => !!e.picked)).toEqual([true, false]);
  });

  it('a large file: 2,000 recipes over 4 pages list from the index, no page walked or loaded', async () => {
    const figma = launch();
    const pages = [figma.currentPage, figma.createPage(), figma.createPage(), figma.createPage()];
    const started = Date.now();
    for (let i = 0; i < 2000; i++) {
      if (i % 500 === 0) await figma.setCurrentPageAsync(pages[i / 500]);
      generated(figma);
    }
    const writeMs = Date.now() - started;
    // Walking a page (or the document) is what the index is there to avoid.
    const walked: string[] = [];
    for (const method of ['findAll', 'findOne', 'findChildren', 'findChild', 'findAllWithCriteria'] as const) {
      const original = (FakeBaseNode.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      if (!original) continue;
      jest.spyOn(FakeBaseNode.prototype as unknown as Record<string, (...a: unknown[]) => unknown>, method).mockImplementation(function (this: FakeBaseNode, ...args: unknown[]) {
        if (this.type === 'PAGE' || this.type === 'DOCUMENT') walked.push(`${this.type} ${method}`);
        return original.apply(this, args);
      });
    }
    const childrenOf = Object.getOwnPropertyDescriptor(FakeBaseNode.prototype, 'children')!;
    jest.spyOn(FakeBaseNode.prototype, 'children', 'get').mockImplementation(function (this: FakeBaseNode) {
      if (this.type === 'PAGE') walked.push('PAGE children');
      return childrenOf.get!.call(this);
    });
    const listStarted = Date.now();
    const { file } = await panel.request('listHistory', {});
    const listMs = Date.now() - listStarted;
    expect(file).toHaveLength(2000);
    expect(new Set(file.map((e) => e.pageId)).size).toBe(4);
    expect(walked).toEqual([]);
    jest.restoreAllMocks();
    // Each plugin data entry stays far below Figma's 100 kB.
    const keys = figma.root.getPluginDataKeys().filter((k) => k.startsWith('history-'));
    for (const key of keys) expect(figma.root.getPluginData(key).length).toBeLessThan(100_000);
    console.log(`history: 2,000 recipes written in ${writeMs} ms; listed in ${listMs} ms; ${keys.length} plugin data entries`);
  }, 60_000);

  it('indexes a grid’s results together: one write of its chunk once they stop coming, not one per image', async () => {
    // Spied before launch: the fake binds a node's methods on their first use.
    const original = FakeBaseNode.prototype.setPluginData;
    const writes: string[] = [];
    const spy = jest.spyOn(FakeBaseNode.prototype, 'setPluginData').mockImplementation(function (this: FakeBaseNode, key: string, value: string) {
      if (/^history-\d+$/.test(key)) writes.push(key);
      return original.call(this, key, value);
    });
    const figma = launch();
    // The grid's placeholders are made first; its results are then written into them.
    const cells = Array.from({ length: 48 }, () => {
      const node = figma.createRectangle();
      node.resize(64, 64);
      return node;
    });
    await new Promise((r) => setTimeout(r, 50));
    writes.length = 0;
    for (const cell of cells) writeRecipe(cell, recipe({ cost: 0.003 }));
    expect(writes).toEqual([]);
    await new Promise((r) => setTimeout(r, RECENT_WRITE_DELAY_MS + 100));
    expect(writes).toEqual(['history-0']);
    spy.mockRestore();
    expect(readIndex().map((e) => e.nodeId)).toEqual(cells.map((c) => c.id));
    expect((await panel.request('listHistory', {})).fileSpent).toBeCloseTo(48 * 0.003, 6);
  });

  it('writes what it queued when it is read at once, and when the plugin closes', async () => {
    const figma = launch();
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    await new Promise((r) => setTimeout(r, 50));
    writeRecipe(a, recipe({ prompt: 'read at once' }));
    expect(readIndex().map((e) => e.prompt)).toEqual(['read at once']);
    writeRecipe(b, recipe({ prompt: 'closed at once' }));
    fake.close();
    const stored = JSON.parse(figma.root.getPluginData('history-0')) as unknown[];
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).toContain('closed at once');
  });

  it('stays bounded: past the limit the oldest entries go, the newest stay', async () => {
    const figma = launch();
    const nodes: RectangleNode[] = [];
    for (let i = 0; i < MAX_FILE_ENTRIES + 100; i++) nodes.push(generated(figma));
    const ids = readIndex().map((e) => e.nodeId);
    expect(ids.length).toBeLessThanOrEqual(MAX_FILE_ENTRIES);
    expect(ids).toContain(nodes[nodes.length - 1].id);
    expect(ids).not.toContain(nodes[0].id);
  }, 60_000);
});

describe('this person’s recent runs across files', () => {
  it('takes a grid’s 48 results in one write of the list, and reads them all back', async () => {
    const backing = memoryBacking();
    const writes: number[] = [];
    const storage = { ...backing, set: (key: string, value: unknown) => (key === 'recent-runs' && writes.push((value as unknown[]).length), backing.set(key, value)) };
    fake = createFigmaFake({ command: 'open', storage, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
    fake.install();
    startController('open');
    panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
    panel.emit('ready', {});
    const layers = Array.from({ length: 48 }, () => generated(fake.figma));
    await new Promise((r) => setTimeout(r, RECENT_WRITE_DELAY_MS + 100));
    expect(writes).toEqual([48]);
    const list = await panel.request('listHistory', {});
    expect(list.recent).toHaveLength(48);
    expect(new Set(list.recent.map((e) => e.nodeId))).toEqual(new Set(layers.map((l) => l.id)));
  });

  it('writes once results stop coming for a moment, and no later than its longest wait while they keep coming', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      const backing = memoryBacking();
      const writes: [number, number][] = [];
      const storage = { ...backing, set: (key: string, value: unknown) => (key === 'recent-runs' && writes.push([Date.now(), (value as unknown[]).length]), backing.set(key, value)) };
      fake = createFigmaFake({ command: 'open', storage, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
      fake.install();
      startController('open');
      // A result every 100 ms for 1 s (a grid's cells coming in): one write, after the last.
      for (let i = 0; i < 10; i++) {
        generated(fake.figma);
        await jest.advanceTimersByTimeAsync(100);
      }
      await jest.advanceTimersByTimeAsync(RECENT_WRITE_DELAY_MS);
      expect(writes).toEqual([[900 + RECENT_WRITE_DELAY_MS, 10]]);
      // A result every 200 ms for 3 s: written when the oldest unsaved one has waited its longest.
      writes.length = 0;
      const from = Date.now();
      for (let i = 0; i < 15; i++) {
        generated(fake.figma);
        await jest.advanceTimersByTimeAsync(200);
      }
      expect(writes[0][0] - from).toBeLessThanOrEqual(RECENT_MAX_WAIT_MS);
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes what it remembered when read before its moment comes (a quick action closing)', async () => {
    const figma = launch();
    generated(figma, recipe({ prompt: 'a lighthouse' }));
    const list = await panel.request('listHistory', {});
    expect(list.recent.map((e) => e.prompt)).toEqual(['a lighthouse']);
  });
});

describe('the run budget', () => {
  it('is $1 until changed, and kept in client storage', async () => {
    launch();
    expect(await panel.request('loadBudget', {})).toEqual({ usd: 1 });
    await panel.request('saveBudget', { usd: 0.25 });
    expect(await panel.request('loadBudget', {})).toEqual({ usd: 0.25 });
    expect(await fake.figma.clientStorage.getAsync('run-budget-usd')).toBe(0.25);
  });
});
