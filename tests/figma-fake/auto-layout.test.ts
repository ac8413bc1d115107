import { layoutFlow, type FlowFrame, type FlowItem, type FlowResult } from '../fakes/figma/auto-layout';

/**
 * The auto-layout arithmetic against Figma's documented behaviour (plugin API pages for
 * layoutMode, itemSpacing, counterAxisSpacing, primaryAxisAlignItems, counterAxisAlignItems,
 * layoutWrap, *SizingMode, layoutGrow, layoutAlign; help page "Explore auto layout properties").
 */

const frame = (over: Partial<FlowFrame>): FlowFrame => ({
  direction: 'HORIZONTAL',
  width: 100,
  height: 100,
  primarySizing: 'FIXED',
  counterSizing: 'FIXED',
  paddingLeft: 0,
  paddingRight: 0,
  paddingTop: 0,
  paddingBottom: 0,
  itemSpacing: 0,
  counterAxisSpacing: 0,
  primaryAlign: 'MIN',
  counterAlign: 'MIN',
  wrap: false,
  ...over,
});
const item = (width: number, height: number, over: Partial<FlowItem> = {}): FlowItem => ({ width, height, ...over });
const boxes = (r: FlowResult): number[][] => r.boxes.map((b) => [b.x, b.y, b.width, b.height]);

interface Case {
  name: string;
  frame: Partial<FlowFrame>;
  items: FlowItem[];
  size: [number, number];
  boxes: number[][];
}

const cases: Case[] = [
  {
    name: 'hug on both axes sums the children, the gaps and the padding',
    frame: { primarySizing: 'AUTO', counterSizing: 'AUTO', itemSpacing: 10, paddingLeft: 5, paddingRight: 7, paddingTop: 3, paddingBottom: 4 },
    items: [item(40, 20), item(30, 50)],
    size: [5 + 40 + 10 + 30 + 7, 3 + 50 + 4],
    boxes: [
      [5, 3, 40, 20],
      [55, 3, 30, 50],
    ],
  },
  {
    name: 'vertical hug stacks children top to bottom',
    frame: { direction: 'VERTICAL', primarySizing: 'AUTO', counterSizing: 'AUTO', itemSpacing: 8, paddingTop: 16, paddingBottom: 16, paddingLeft: 12, paddingRight: 12 },
    items: [item(100, 20), item(60, 30)],
    size: [12 + 100 + 12, 16 + 20 + 8 + 30 + 16],
    boxes: [
      [12, 16, 100, 20],
      [12, 44, 60, 30],
    ],
  },
  {
    name: 'default createFrame + layoutMode: hug primary, fixed counter (children may overflow it)',
    frame: { primarySizing: 'AUTO', counterSizing: 'FIXED', height: 100 },
    items: [item(100, 100), item(100, 200)],
    size: [200, 100],
    boxes: [
      [0, 0, 100, 100],
      [100, 0, 100, 200],
    ],
  },
  {
    name: 'one fill child takes the space the fixed ones leave',
    frame: { width: 300, itemSpacing: 10, paddingLeft: 20, paddingRight: 20 },
    items: [item(100, 50), item(100, 50, { grow: true })],
    size: [300, 100],
    boxes: [
      [20, 0, 100, 50],
      [130, 0, 150, 50],
    ],
  },
  {
    name: 'several fill children share the remaining space equally',
    frame: { width: 310, itemSpacing: 5 },
    items: [item(10, 10, { grow: true }), item(100, 10), item(50, 10, { grow: true })],
    size: [310, 100],
    boxes: [
      [0, 0, 100, 10],
      [105, 0, 100, 10],
      [210, 0, 100, 10],
    ],
  },
  {
    name: 'fill respects the child maxWidth and minWidth',
    frame: { width: 400 },
    items: [item(10, 10, { grow: true, maxWidth: 120 }), item(10, 10, { grow: true, minWidth: 300 })],
    size: [400, 100],
    boxes: [
      [0, 0, 120, 10],
      [120, 0, 300, 10],
    ],
  },
  {
    name: 'a fill child in a hugging frame keeps its own size (nothing to share)',
    frame: { primarySizing: 'AUTO', itemSpacing: 10 },
    items: [item(40, 10), item(60, 10, { grow: true })],
    size: [110, 100],
    boxes: [
      [0, 0, 40, 10],
      [50, 0, 60, 10],
    ],
  },
  {
    name: 'stretch fills the counter axis inside the padding',
    frame: { direction: 'VERTICAL', width: 200, height: 300, paddingLeft: 10, paddingRight: 30 },
    items: [item(50, 40, { stretch: true }), item(50, 40)],
    size: [200, 300],
    boxes: [
      [10, 0, 160, 40],
      [10, 40, 50, 40],
    ],
  },
  {
    name: 'stretch children in a hugging counter axis follow the widest rigid child',
    frame: { direction: 'VERTICAL', primarySizing: 'AUTO', counterSizing: 'AUTO', paddingLeft: 8, paddingRight: 8 },
    items: [item(10, 1, { stretch: true }), item(120, 30), item(80, 20)],
    size: [136, 51],
    boxes: [
      [8, 0, 120, 1],
      [8, 1, 120, 30],
      [8, 31, 80, 20],
    ],
  },
  {
    name: 'SPACE_BETWEEN ignores itemSpacing: first and last child flush with the padding',
    frame: { width: 300, itemSpacing: 99, primaryAlign: 'SPACE_BETWEEN', paddingLeft: 10, paddingRight: 10 },
    items: [item(40, 10), item(40, 10), item(40, 10)],
    size: [300, 100],
    boxes: [
      [10, 0, 40, 10],
      [130, 0, 40, 10],
      [250, 0, 40, 10],
    ],
  },
  {
    name: 'SPACE_BETWEEN in a hugging frame has no free space: children touch',
    frame: { primarySizing: 'AUTO', itemSpacing: 99, primaryAlign: 'SPACE_BETWEEN' },
    items: [item(40, 10), item(40, 10)],
    size: [80, 100],
    boxes: [
      [0, 0, 40, 10],
      [40, 0, 40, 10],
    ],
  },
  {
    name: 'primary CENTER and counter CENTER',
    frame: { width: 200, height: 100, itemSpacing: 20, primaryAlign: 'CENTER', counterAlign: 'CENTER' },
    items: [item(40, 20), item(40, 60)],
    size: [200, 100],
    boxes: [
      [50, 40, 40, 20],
      [110, 20, 40, 60],
    ],
  },
  {
    name: 'primary MAX and counter MAX (vertical: bottom and right)',
    frame: { direction: 'VERTICAL', width: 100, height: 200, paddingBottom: 10, paddingRight: 5, primaryAlign: 'MAX', counterAlign: 'MAX' },
    items: [item(30, 50), item(60, 40)],
    size: [100, 200],
    boxes: [
      [65, 100, 30, 50],
      [35, 150, 60, 40],
    ],
  },
  {
    name: 'SPACE_EVENLY puts equal free space before, between and after',
    frame: { width: 160, primaryAlign: 'SPACE_EVENLY' },
    items: [item(40, 10), item(40, 10)],
    size: [160, 100],
    boxes: [
      [80 / 3, 0, 40, 10],
      [80 / 3 + 40 + 80 / 3, 0, 40, 10],
    ],
  },
  {
    name: 'BASELINE aligns first baselines (boxes without text use their bottom)',
    frame: { primarySizing: 'AUTO', counterSizing: 'AUTO', counterAlign: 'BASELINE' },
    items: [item(50, 40), item(30, 20, { baseline: 15 }), item(30, 60, { baseline: 50 })],
    size: [110, 60],
    boxes: [
      [0, 10, 50, 40],
      [50, 35, 30, 20],
      [80, 0, 30, 60],
    ],
  },
  {
    name: 'wrap breaks lines at the fixed width and spaces them by counterAxisSpacing',
    frame: { width: 230, counterSizing: 'AUTO', wrap: true, itemSpacing: 10, counterAxisSpacing: 20, paddingLeft: 10, paddingRight: 10, paddingTop: 5, paddingBottom: 5 },
    items: [item(100, 30), item(100, 40), item(100, 30)],
    size: [230, 5 + 40 + 20 + 30 + 5],
    boxes: [
      [10, 5, 100, 30],
      [120, 5, 100, 40],
      [10, 65, 100, 30],
    ],
  },
  {
    name: 'wrapped lines are as tall as their tallest child; items align inside their line',
    frame: { width: 200, counterSizing: 'AUTO', wrap: true, counterAlign: 'CENTER' },
    items: [item(100, 20), item(100, 40), item(150, 10)],
    size: [200, 50],
    boxes: [
      [0, 10, 100, 20],
      [100, 0, 100, 40],
      [0, 40, 150, 10],
    ],
  },
  {
    name: 'wrap with counterAxisAlignContent SPACE_BETWEEN pushes the lines apart',
    frame: { width: 100, height: 200, wrap: true, counterAlignContent: 'SPACE_BETWEEN', counterAxisSpacing: 5 },
    items: [item(100, 30), item(100, 30)],
    size: [100, 200],
    boxes: [
      [0, 0, 100, 30],
      [0, 170, 100, 30],
    ],
  },
  {
    name: 'wrap needs a fixed width: a hugging frame stays on one line',
    frame: { primarySizing: 'AUTO', counterSizing: 'AUTO', wrap: true, itemSpacing: 10 },
    items: [item(300, 10), item(300, 10)],
    size: [610, 10],
    boxes: [
      [0, 0, 300, 10],
      [310, 0, 300, 10],
    ],
  },
  {
    name: 'negative itemSpacing overlaps the children',
    frame: { primarySizing: 'AUTO', counterSizing: 'AUTO', itemSpacing: -20 },
    items: [item(50, 10), item(50, 10)],
    size: [80, 10],
    boxes: [
      [0, 0, 50, 10],
      [30, 0, 50, 10],
    ],
  },
  {
    name: 'an empty hugging frame is its padding',
    frame: { primarySizing: 'AUTO', counterSizing: 'AUTO', paddingLeft: 12, paddingRight: 12, paddingTop: 8, paddingBottom: 8 },
    items: [],
    size: [24, 16],
    boxes: [],
  },
  {
    name: 'a hugging frame is held within its own maxWidth (then lays out as fixed)',
    frame: { primarySizing: 'AUTO', maxWidth: 150 },
    items: [item(100, 10), item(100, 10, { grow: true })],
    size: [150, 100],
    boxes: [
      [0, 0, 100, 10],
      [100, 0, 50, 10],
    ],
  },
];

describe('auto layout arithmetic', () => {
  it.each(cases)('$name', (c) => {
    const r = layoutFlow(frame(c.frame), c.items);
    expect([r.width, r.height].map((v) => +v.toFixed(6))).toEqual(c.size.map((v) => +v.toFixed(6)));
    expect(boxes(r).map((b) => b.map((v) => +v.toFixed(6)))).toEqual(c.boxes.map((b) => b.map((v) => +v.toFixed(6))));
  });
});
