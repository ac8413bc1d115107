import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { intersects, type Rect } from '../../shared/layout';
import type { ExploreGrid } from '../../shared/messages/contract';
import manifest from '../../manifest.json';

let fake: FigmaFake;
let panel: PluginChannel;

function launch() {
  fake = createFigmaFake({ command: 'open', viewport: { x: 0, y: 0, width: 1600, height: 1000 }, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  startController('open');
  panel = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  return fake.figma;
}
afterEach(() => {
  panel?.close();
  fake?.uninstall();
});

const box = (n: SceneNode): Rect => {
  const b = n.absoluteBoundingBox!;
  return { x: b.x, y: b.y, width: b.width, height: b.height };
};
const STYLES = ['flat geometric mark', 'line art', 'mascot'];
const MODELS = ['FLUX.1 schnell', 'Recraft V3 SVG'];

async function explore(runId: string, grid: Partial<ExploreGrid> = {}, size = 200) {
  const full: ExploreGrid = { title: 'Ember & Oak coffee logo', columns: STYLES, rows: MODELS, variants: 1, ...grid };
  const count = Math.max(1, full.rows.length) * full.columns.length * full.variants;
  const { targets } = await panel.request('startRun', { runId, label: full.title, count, width: size, height: size, matchSelection: false, grid: full });
  const section = fake.figma.currentPage.children.find((n) => n.type === 'SECTION' && n.getPluginData('explore-section') === runId) as SectionNode;
  const cells = await Promise.all(targets.map(async (t) => (await fake.figma.getNodeByIdAsync(t.nodeId)) as SceneNode));
  return { targets, section, cells };
}

describe('an Explore grid on the canvas', () => {
  it('is a section named after the prompt, with the axis values as text labels in a header row and column', async () => {
    launch();
    const { section, cells } = await explore('r1');
    expect(section.name).toBe('Ember & Oak coffee logo');
    const texts = section.children.filter((n): n is TextNode => n.type === 'TEXT');
    expect(texts.map((t) => t.characters)).toEqual([...STYLES, ...MODELS]);
    // Every placeholder is inside the section.
    expect(cells.every((c) => c.parent?.id === section.id)).toBe(true);
    const [columnLabels, rowLabels] = [texts.slice(0, 3), texts.slice(3)];
    // Column labels sit above their column; row labels left of their row.
    columnLabels.forEach((label, c) => {
      expect(box(label).x).toBe(box(cells[c]).x);
      expect(box(label).y + box(label).height).toBeLessThanOrEqual(box(cells[c]).y);
    });
    rowLabels.forEach((label, r) => {
      expect(box(label).y).toBe(box(cells[r * 3]).y);
      expect(box(label).x + box(label).width).toBeLessThanOrEqual(box(cells[r * 3]).x);
    });
  });

  it('aligns the cells in rows and columns, variants side by side, none overlapping another or a label', async () => {
    launch();
    const { cells, section, targets } = await explore('r1', { variants: 2 });
    expect(targets).toHaveLength(12);
    const at = (row: number, column: number, variant: number) => box(cells[(row * 3 + column) * 2 + variant]);
    for (let row = 0; row < 2; row++) {
      for (let column = 0; column < 3; column++) {
        expect(at(row, column, 0).y).toBe(at(row, 0, 0).y);
        expect(at(row, column, 0).x).toBe(at(0, column, 0).x);
        expect(at(row, column, 1).x).toBeGreaterThan(at(row, column, 0).x + 200);
        expect(at(row, column, 1).y).toBe(at(row, column, 0).y);
      }
    }
    expect(at(1, 0, 0).y).toBeGreaterThan(at(0, 0, 0).y + 200);
    const everything = section.children.map(box);
    for (const a of everything) for (const b of everything) if (a !== b) expect(intersects(a, b)).toBe(false);
    for (const c of everything) {
      const s = box(section);
      expect(c.x >= s.x && c.y >= s.y && c.x + c.width <= s.x + s.width && c.y + c.height <= s.y + s.height).toBe(true);
    }
  });

  it('covers nothing already on the page', async () => {
    const figma = launch();
    const work = [figma.createFrame(), figma.createRectangle(), figma.createEllipse()];
    work[0].resize(900, 700);
    work[0].x = 300;
    work[0].y = 200;
    work[1].resize(400, 400);
    work[1].x = 1400;
    work[2].resize(300, 300);
    work[2].y = -300;
    const before = work.map(box);
    const { section } = await explore('r1');
    for (const existing of before) expect(intersects(box(section), existing)).toBe(false);
    expect(work.map(box)).toEqual(before);
  });

  it('puts a second exploration in a new section below the first, not to the right of everything', async () => {
    const figma = launch();
    const first = await explore('r1');
    const right = figma.createFrame();
    right.resize(500, 500);
    right.x = box(first.section).x + box(first.section).width + 100;
    right.y = box(first.section).y;
    const second = await explore('r2', { title: 'second', columns: ['a', 'b'], rows: [] });
    const [a, b] = [box(first.section), box(second.section)];
    expect(b.x).toBe(a.x);
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
    // Something just below the second: the third slides further down, past it.
    const below = figma.createRectangle();
    below.resize(300, 300);
    below.x = b.x;
    below.y = b.y + b.height + 60;
    const third = await explore('r3', { title: 'third', rows: [] });
    const c = box(third.section);
    expect(c.x).toBe(a.x);
    expect(c.y).toBeGreaterThanOrEqual(box(below).y + 300);
    for (const n of [first.section, second.section, right, below]) expect(intersects(c, box(n))).toBe(false);
  });

  it('is one undo step, and a grid that got no image at all is removed with its placeholders', async () => {
    launch();
    const before = fake.undoCommits;
    const { section, targets } = await explore('r1', { rows: [] });
    for (const t of targets) await panel.request('failTarget', { runId: 'r1', nodeId: t.nodeId, reason: 'test' });
    await panel.request('finishRun', { runId: 'r1' });
    expect(fake.undoCommits).toBe(before + 2);
    expect(section.removed).toBe(true);
  });

  it('refuses a grid whose cells do not add up to the run’s count', async () => {
    launch();
    await expect(
      panel.request('startRun', { runId: 'r1', label: 'x', count: 5, width: 100, height: 100, matchSelection: false, grid: { title: 'x', columns: ['a', 'b'], rows: ['c', 'd'], variants: 1 } }),
    ).rejects.toThrow('An Explore grid of 2 × 2 cells with 1 each has 4 images, not 5.');
    expect(fake.figma.currentPage.children).toHaveLength(0);
  });
});
