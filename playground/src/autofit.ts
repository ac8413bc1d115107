import type { FigmaFake } from '../../tests/fakes/figma';

/**
 * A playground convenience Figma does not have: when a new top-level layer lands outside the
 * visible area, zoom out to show every layer (at most 100 %), so a person trying the plugin
 * sees what it made. Sets figma.viewport.center/zoom directly, so the fake's record of the
 * plugin's own scrollAndZoomIntoView calls stays the plugin's.
 */
export function createAutoFit(fake: FigmaFake, host: HTMLElement): { check(): boolean; enabled: boolean } {
  const seen = new Set<string>();
  const state = {
    enabled: true,
    /** Returns true when it moved the viewport. */
    check(): boolean {
      const figma = fake.figma;
      const children = figma.currentPage.children;
      let fresh = false;
      for (const n of children) {
        if (!seen.has(n.id)) {
          seen.add(n.id);
          fresh = true;
        }
      }
      if (!fresh || !state.enabled || children.length === 0) return false;
      const boxes = children.map((n) => n.absoluteBoundingBox).filter((b): b is Rect => !!b);
      // What the canvas shows now (the window may have been resized since the fake was made).
      const { zoom: z, center } = figma.viewport;
      const view = { x: center.x - host.clientWidth / 2 / z, y: center.y - host.clientHeight / 2 / z, width: host.clientWidth / z, height: host.clientHeight / z };
      const inside = boxes.every(
        (b) => b.x >= view.x && b.y >= view.y && b.x + b.width <= view.x + view.width && b.y + b.height <= view.y + view.height,
      );
      if (inside) return false;
      const x0 = Math.min(...boxes.map((b) => b.x));
      const y0 = Math.min(...boxes.map((b) => b.y));
      const x1 = Math.max(...boxes.map((b) => b.x + b.width));
      const y1 = Math.max(...boxes.map((b) => b.y + b.height));
      const screenW = view.width * figma.viewport.zoom;
      const screenH = view.height * figma.viewport.zoom;
      const zoom = Math.min(1, screenW / ((x1 - x0) * 1.15 || 1), screenH / ((y1 - y0) * 1.25 || 1));
      figma.viewport.zoom = Math.max(0.02, zoom);
      figma.viewport.center = { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
      return true;
    },
  };
  return state;
}
