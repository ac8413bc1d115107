import type { FigmaFake } from '../../tests/fakes/figma';
import type { CanvasView } from './canvas';

/**
 * Pointer input on the canvas, like Figma's: a click selects the top-level layer under the
 * pointer (Ctrl/Cmd+click the exact layer, Shift+click adds or removes), a click on empty
 * canvas clears the selection; in draw mode a drag draws an ellipse (a target or a mask);
 * the wheel pans and Ctrl/Cmd+wheel zooms. Each selection change fires 'selectionchange'.
 */
export interface CanvasInput {
  drawing: boolean;
  setDrawing(on: boolean): void;
}

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

  host.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
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
    if (event.shiftKey) {
      const has = current.some((n) => n.id === node.id);
      fake.select(has ? current.filter((n) => n.id !== node.id) : [...current, node]);
    } else {
      fake.select([node]);
    }
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

/** The layer a plain click selects: the ancestor directly on the page. */
function topLevel(node: SceneNode): SceneNode {
  let n: BaseNode = node;
  while (n.parent && n.parent.type !== 'PAGE') n = n.parent;
  return n as SceneNode;
}
