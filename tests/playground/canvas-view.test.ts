/**
 * @jest-environment jsdom
 */
import '../support/jsdom-web-globals';
import { encode } from 'fast-png';
import { deserialize, serialize } from 'node:v8';
import { createFigmaFake } from '../fakes/figma';
import { createCanvasView } from '../../playground/src/canvas';

let urls = 0;
beforeAll(() => {
  // jsdom has no object URLs (the view only needs distinct strings) and no structuredClone (the fake copies paints with it).
  URL.createObjectURL = () => `blob:test/${++urls}`;
  globalThis.structuredClone ??= ((value: unknown) => deserialize(serialize(value))) as typeof structuredClone;
});

function setup() {
  const fake = createFigmaFake({ viewport: { x: 0, y: 0, width: 800, height: 600 } });
  const figma = fake.figma;
  const host = document.createElement('div');
  document.body.replaceChildren(host);
  const view = createCanvasView(fake, host);
  const frame = figma.createFrame();
  frame.resize(400, 200);
  frame.strokes = [{ type: 'SOLID', color: { r: 0, g: 0, b: 0 } }];
  const cells = [0, 1, 2].map((i) => {
    const r = figma.createRectangle();
    r.name = `cell ${i}`;
    r.x = i * 110;
    frame.appendChild(r);
    return r;
  });
  view.render();
  const png = encode({ width: 2, height: 2, data: new Uint8Array(16).fill(200), channels: 4 });
  return { figma, fake, view, frame, cells, png };
}

/** The frame's children as drawn: layer ids, and 'stroke' for its stroke layer. */
function drawnOrder(el: HTMLElement): string[] {
  return [...el.children].flatMap((c) => ((c as HTMLElement).dataset.nodeId ? [(c as HTMLElement).dataset.nodeId!] : c.classList.contains('stroke') ? ['stroke'] : []));
}

test('a cell that gets its image is drawn again; the frame and the other cells keep their elements', () => {
  const { figma, view, frame, cells, png } = setup();
  const before = [frame, ...cells].map((n) => view.elementFor(n.id));
  cells[1].fills = [{ type: 'IMAGE', imageHash: figma.createImage(png).hash, scaleMode: 'FILL' }];
  view.render();
  const after = [frame, ...cells].map((n) => view.elementFor(n.id));
  expect(after[0]).toBe(before[0]);
  expect(after[1]).toBe(before[1]);
  expect(after[3]).toBe(before[3]);
  expect(after[2]).not.toBe(before[2]);
  expect(after[2]!.querySelector('.paint.image')).not.toBeNull();
  expect(after[2]!.isConnected).toBe(true);
  expect(before[2]!.isConnected).toBe(false);
  expect(drawnOrder(after[0]!)).toEqual([...cells.map((c) => c.id), 'stroke']);
});

test('nothing changed: nothing is drawn again', () => {
  const { view, frame, cells } = setup();
  const before = [frame, ...cells].map((n) => view.elementFor(n.id));
  view.render();
  const after = [frame, ...cells].map((n) => view.elementFor(n.id));
  after.forEach((e, i) => expect(e).toBe(before[i]));
});

test('a renamed, moved or resized layer is drawn again', () => {
  const { view, cells } = setup();
  for (const change of [(r: RectangleNode) => (r.name = 'renamed'), (r: RectangleNode) => (r.x += 5), (r: RectangleNode) => r.resize(50, 60)]) {
    const before = view.elementFor(cells[0].id)!;
    change(cells[0]);
    view.render();
    const after = view.elementFor(cells[0].id)!;
    expect(after).not.toBe(before);
    expect(after.dataset.name).toBe(cells[0].name);
    expect(after.style.width).toBe(`${cells[0].width}px`);
    expect(after.style.left).toBe(`${cells[0].x}px`);
  }
});

test('a frame drawn again keeps its cells (moved into it, in order, under its stroke)', () => {
  const { view, frame, cells } = setup();
  const kids = cells.map((c) => view.elementFor(c.id));
  const before = view.elementFor(frame.id);
  frame.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
  view.render();
  const after = view.elementFor(frame.id)!;
  expect(after).not.toBe(before);
  cells.forEach((c, i) => expect(view.elementFor(c.id)).toBe(kids[i]));
  expect(drawnOrder(after)).toEqual([...cells.map((c) => c.id), 'stroke']);
  expect((after.querySelector(':scope > .paint') as HTMLElement).style.background).toBe('rgb(255, 0, 0)');
});

test('reordered, removed and added layers are drawn in the document order', () => {
  const { figma, view, frame, cells } = setup();
  frame.insertChild(0, cells[2]);
  cells[0].remove();
  const added = figma.createEllipse();
  frame.appendChild(added);
  view.render();
  expect(drawnOrder(view.elementFor(frame.id)!)).toEqual([cells[2].id, cells[1].id, added.id, 'stroke']);
  expect(view.elementFor(cells[0].id)).toBeNull();
});

test('top-level layers are labelled, and the labels follow a rename', () => {
  const { view, frame } = setup();
  const labels = () => [...document.querySelectorAll('.labels .label')].map((l) => l.textContent);
  expect(labels()).toEqual([frame.name]);
  frame.name = 'Grid: a fox';
  view.render();
  expect(labels()).toEqual(['Grid: a fox']);
});
