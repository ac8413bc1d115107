import type { FigmaFake } from '../../tests/fakes/figma';
import type { CanvasView } from './canvas';

/**
 * Pointer and keyboard input on the canvas, like Figma's: a click selects the top-level layer
 * under the pointer (Ctrl/Cmd+click the exact layer, Shift+click adds or removes), a click on
 * empty canvas clears the selection; dragging a top-level layer moves it (with the rest of the
 * selection when it is selected; Shift keeps the move horizontal or vertical); Delete or
 * Backspace removes the selection; in draw mode a drag draws an ellipse (a target or a mask);
 * the wheel pans and Ctrl/Cmd+wheel zooms. Each selection change fires 'selectionchange', and
 * moves set x/y through the API, so the plugin sees what a person did in Figma.
 */
export interface CanvasInput {
  drawing: boolean;
  setDrawing(on: boolean): void;
}

/** Screen pixels the pointer must travel before a press becomes a drag, so a click never moves a layer. */
export const DRAG_THRESHOLD = 4;

export function attachInput(fake: FigmaFake, host: HTMLElement, view: CanvasView, onChange: () => void, onDrawingChange: (on: boolean) => void): CanvasInput {
  const figma = fake.figma;
  const state: CanvasInput = {
    drawing: false,
    setDrawing(on) {
      state.drawing = on;
      host.classList.toggle('drawing', on);
      onDrawingChange(on);
    },
  };
  let drag: { x: number; y: number; box: HTMLElement } | null = null;
  let move: Move | null = null;
  // Focusable, so Delete reaches the page's keydown handler after a click on the canvas even
  // when the panel's iframe had focus.
  host.tabIndex = -1;

  host.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    host.focus({ preventScroll: true });
    if (state.drawing) {
      const r = host.getBoundingClientRect();
      const box = document.createElement('div');
      box.className = 'rubber';
      host.append(box);
      drag = { x: event.clientX - r.left, y: event.clientY - r.top, box };
      host.setPointerCapture(event.pointerId);
      updateRubber(event);
      return;
    }
    const hit = view.nodeFor(event.target as Element);
    if (!hit) {
      fake.select([]);
      return;
    }
    const node = event.metaKey || event.ctrlKey ? hit : topLevel(hit);
    const current = figma.currentPage.selection;
    const has = current.some((n) => n.id === node.id);
    // Pressing a layer that is already selected keeps the selection, so the drag moves all of
    // it; a click without a drag then narrows the selection to that layer, as in Figma.
    let narrowTo: SceneNode | null = null;
    if (event.shiftKey) fake.select(has ? current.filter((n) => n.id !== node.id) : [...current, node]);
    else if (!has) fake.select([node]);
    else if (current.length > 1) narrowTo = node;
    const selected = figma.currentPage.selection;
    if (!selected.some((n) => n.id === node.id)) return;
    const layers = selected.filter((n) => n.parent?.type === 'PAGE');
    if (!layers.length) return;
    move = {
      pointer: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      moving: false,
      narrowTo,
      from: layers.map((n) => ({ node: n, x: n.x, y: n.y })),
    };
    host.setPointerCapture(event.pointerId);
  });

  host.addEventListener('pointermove', (event) => {
    if (!move || event.pointerId !== move.pointer) return;
    let dx = event.clientX - move.x;
    let dy = event.clientY - move.y;
    if (!move.moving && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    move.moving = true;
    host.classList.add('moving');
    if (event.shiftKey) {
      if (Math.abs(dx) > Math.abs(dy)) dy = 0;
      else dx = 0;
    }
    const zoom = figma.viewport.zoom;
    for (const { node, x, y } of move.from) {
      if (node.removed) continue;
      // Whole canvas pixels, like Figma's pixel grid snapping.
      node.x = Math.round(x + dx / zoom);
      node.y = Math.round(y + dy / zoom);
    }
  });

  const endMove = (event: PointerEvent) => {
    if (!move || event.pointerId !== move.pointer) return;
    const { moving, narrowTo } = move;
    move = null;
    host.classList.remove('moving');
    if (!moving && narrowTo && !narrowTo.removed) fake.select([narrowTo]);
  };
  host.addEventListener('pointerup', endMove);
  host.addEventListener('pointercancel', endMove);

  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Delete' && event.key !== 'Backspace') return;
    if (isTextEntry(event.target) || isTextEntry(document.activeElement)) return;
    const doomed = figma.currentPage.selection;
    if (!doomed.length) return;
    event.preventDefault();
    // Clearing the selection first fires selectionchange at once, as a person's delete does in Figma.
    fake.select([]);
    for (const node of doomed) if (!node.removed) node.remove();
    onChange();
  });

  const updateRubber = (event: PointerEvent) => {
    if (!drag) return;
    const r = host.getBoundingClientRect();
    const x = event.clientX - r.left;
    const y = event.clientY - r.top;
    Object.assign(drag.box.style, {
      left: `${Math.min(x, drag.x)}px`,
      top: `${Math.min(y, drag.y)}px`,
      width: `${Math.abs(x - drag.x)}px`,
      height: `${Math.abs(y - drag.y)}px`,
    });
  };
  host.addEventListener('pointermove', updateRubber);
  host.addEventListener('pointerup', (event) => {
    if (!drag) return;
    const r = host.getBoundingClientRect();
    const a = view.toCanvas(drag.x + r.left, drag.y + r.top);
    const b = view.toCanvas(event.clientX, event.clientY);
    drag.box.remove();
    drag = null;
    state.setDrawing(false);
    const w = Math.abs(b.x - a.x);
    const h = Math.abs(b.y - a.y);
    if (w < 2 || h < 2) return;
    const shape = figma.createEllipse();
    shape.name = 'Mask shape';
    shape.x = Math.round(Math.min(a.x, b.x));
    shape.y = Math.round(Math.min(a.y, b.y));
    shape.resize(Math.round(w), Math.round(h));
    shape.fills = [{ type: 'SOLID', color: { r: 1, g: 0.33, b: 0.33 }, opacity: 0.55 }];
    fake.select([shape]);
  });

  host.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const vp = figma.viewport;
      if (event.ctrlKey || event.metaKey) {
        const at = view.toCanvas(event.clientX, event.clientY);
        const zoom = Math.max(0.02, Math.min(16, vp.zoom * Math.exp(-event.deltaY / 300)));
        const k = vp.zoom / zoom;
        vp.center = { x: at.x + (vp.center.x - at.x) * k, y: at.y + (vp.center.y - at.y) * k };
        vp.zoom = zoom;
      } else {
        vp.center = { x: vp.center.x + event.deltaX / vp.zoom, y: vp.center.y + event.deltaY / vp.zoom };
      }
      onChange();
    },
    { passive: false },
  );
  return state;
}

interface Move {
  pointer: number;
  /** Where the press started, in client pixels. */
  x: number;
  y: number;
  moving: boolean;
  narrowTo: SceneNode | null;
  from: { node: SceneNode; x: number; y: number }[];
}

/** Where typing happens: the key belongs to the field, not to the canvas. */
function isTextEntry(target: EventTarget | Element | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLIFrameElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
}

/** The layer a plain click selects: the ancestor directly on the page. */
function topLevel(node: SceneNode): SceneNode {
  let n: BaseNode = node;
  while (n.parent && n.parent.type !== 'PAGE') n = n.parent;
  return n as SceneNode;
}
