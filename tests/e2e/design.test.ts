/**
 * Design generation in the playground, in Chromium: a prompt becomes an editable design
 * (auto-layout frames, real text, images in their slots) through the built plugin, the
 * relay's /stream route and the demo language model; then Regenerate design and Redesign
 * section, each into a new frame beside the original.
 */
import { nodes, screenshots, select, until, usePlayground, type NodeFacts, type PlaygroundHandle } from './browser';

jest.setTimeout(120_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25, tokensPerSecond: 1500 });

const designs = (all: NodeFacts[]) => all.filter((n) => n.pluginData['design-recipe']);
const childrenOf = (all: NodeFacts[], id: string) => all.filter((n) => n.parentId === id);
const within = (all: NodeFacts[], root: string): NodeFacts[] => {
  const out: NodeFacts[] = [];
  const walk = (id: string) => {
    for (const c of childrenOf(all, id)) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(root);
  return out;
};
const cards = () => play.panel.getByRole('list', { name: 'Designs' }).getByRole('listitem').filter({ has: play.panel.locator('.job-title') }).allInnerTexts();

/** The characters of every text layer under a frame, read from the document itself. */
function textsIn(rootId: string): Promise<string[]> {
  return play.page.evaluate((id) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const root = figma.currentPage.findOne((n) => n.id === id) as FrameNode;
    return (root.findAll((n) => n.type === 'TEXT') as TextNode[]).map((t) => t.characters);
  }, rootId);
}

async function designsDone(count: number): Promise<void> {
  await until(
    cards,
    (texts) => texts.length >= count && texts.slice(0, count).every((t) => /Done/.test(t)),
    90_000,
    `${count} designs done`,
  );
}

test('prompt → editable design → regenerate → redesign a section', async () => {
  await play.panel.getByRole('tab', { name: 'Design' }).click();
  await play.panel.getByLabel('Prompt').fill('pricing page for a coffee subscription: hero with photo, three plan cards, FAQ, footer');
  await play.panel.getByLabel('Target').selectOption({ label: 'Laptop 1280×832' });
  await play.panel.getByRole('button', { name: 'Design', exact: true }).click();

  // The frame is on the canvas while the model is still writing.
  await until(() => nodes(play.page), (all) => all.some((n) => n.type === 'FRAME' && n.name.startsWith('Designing…')), 20_000, 'the design frame');
  await designsDone(1);
  let all = await nodes(play.page);
  const [design] = designs(all);
  expect(design.width).toBe(1280);
  const sections = childrenOf(all, design.id);
  expect(sections.map((s) => s.name)).toEqual(expect.arrayContaining(['Hero', 'Pricing', 'FAQ', 'Footer']));
  const inside = within(all, design.id);
  expect(inside.filter((n) => n.type === 'TEXT').length).toBeGreaterThan(10);
  const planCards = inside.filter((n) => n.name.startsWith('Plan card ·'));
  expect(planCards).toHaveLength(3);
  // Cards sit side by side, laid out by auto layout.
  expect(planCards[1].x).toBeGreaterThan(planCards[0].x + planCards[0].width - 1);
  const slots = inside.filter((n) => n.pluginData['design-slot']);
  expect(slots.length).toBeGreaterThan(0);
  await until(() => nodes(play.page), (now) => within(now, design.id).filter((n) => n.pluginData['design-slot']).every((n) => n.fills.some((f) => f.type === 'IMAGE' && f.imageHash)), 30_000, 'every slot filled');
  await screenshots(play.page, 'design-generated');

  // Regenerate design: a new alternative beside it; the first one untouched.
  await select(play.page, [design.id]);
  await play.panel.getByRole('button', { name: 'Regenerate design' }).click();
  await designsDone(2);
  all = await nodes(play.page);
  const [, second] = designs(all);
  expect(second).toBeDefined();
  expect(second.x).toBeGreaterThanOrEqual(design.x + design.width);
  expect(JSON.parse(second.pluginData['design-recipe']).alternative).toBe(1);

  // Redesign section: the pricing section of the first design, into a copy.
  const pricing = childrenOf(all, design.id).find((s) => s.name === 'Pricing')!;
  await select(play.page, [pricing.id]);
  await play.panel.getByLabel(/Redesign “Pricing”/).fill('friendlier copy');
  await play.panel.getByRole('button', { name: 'Redesign section' }).click();
  await designsDone(3);
  all = await nodes(play.page);
  const copies = designs(all).filter((d) => JSON.parse(d.pluginData['design-recipe']).parentId === design.id);
  expect(copies).toHaveLength(1);
  expect((await textsIn(copies[0].id)).some((t) => /here to help/.test(t))).toBe(true);
  expect((await textsIn(design.id)).some((t) => /here to help/.test(t))).toBe(false);
  await screenshots(play.page, 'design-redesigned');
});
