/** figma.viewport: a visible canvas rectangle that follows center/zoom and scrollAndZoomIntoView. */

export interface ViewportOptions {
  x: number;
  y: number;
  width: number;
  height: number;
  zoom?: number;
}

export interface FakeViewport {
  api: ViewportAPI;
  /** Node ids passed to each scrollAndZoomIntoView call. */
  scrollCalls: string[][];
}

export function createViewport(
  options: ViewportOptions | undefined,
  boundsOf: (node: BaseNode) => Rect | null,
): FakeViewport {
  const o = options ?? { x: 0, y: 0, width: 1440, height: 900, zoom: 1 };
  let zoom = o.zoom ?? 1;
  // The window size in screen pixels stays fixed; the canvas area shown depends on zoom.
  const screenW = o.width * zoom;
  const screenH = o.height * zoom;
  let center: Vector = { x: o.x + o.width / 2, y: o.y + o.height / 2 };
  const scrollCalls: string[][] = [];

  const api = {
    get center(): Vector {
      return { ...center };
    },
    set center(v: Vector) {
      if (!Number.isFinite(v?.x) || !Number.isFinite(v?.y)) throw new Error('in set_center: Expected a Vector');
      center = { x: v.x, y: v.y };
    },
    get zoom(): number {
      return zoom;
    },
    set zoom(z: number) {
      if (!(z > 0) || !Number.isFinite(z)) throw new Error('in set_zoom: Expected zoom to be a positive number');
      zoom = z;
    },
    get bounds(): Rect {
      const w = screenW / zoom;
      const h = screenH / zoom;
      return { x: center.x - w / 2, y: center.y - h / 2, width: w, height: h };
    },
    scrollAndZoomIntoView(nodes: ReadonlyArray<BaseNode>): void {
      if (!Array.isArray(nodes)) throw new Error('in scrollAndZoomIntoView: Expected an array of nodes');
      scrollCalls.push(nodes.map((n) => n.id));
      const rects = nodes.map(boundsOf).filter((r): r is Rect => r !== null);
      if (rects.length === 0) return;
      const x0 = Math.min(...rects.map((r) => r.x));
      const y0 = Math.min(...rects.map((r) => r.y));
      const x1 = Math.max(...rects.map((r) => r.x + r.width));
      const y1 = Math.max(...rects.map((r) => r.y + r.height));
      center = { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
      const fit = Math.min(screenW / Math.max(1, (x1 - x0) * 1.1), screenH / Math.max(1, (y1 - y0) * 1.1));
      zoom = Math.max(0.02, Math.min(fit, 2.56));
    },
  };
  return { api: api as unknown as ViewportAPI, scrollCalls };
}
