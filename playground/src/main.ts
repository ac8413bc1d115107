import manifest from '../../manifest.json';
import { createFigmaFake, type FigmaFake } from '../../tests/fakes/figma';
import { createAutoFit } from './autofit';
import { createCanvasView } from './canvas';
import { hostUi, type HostedUi } from './host-ui';
import { attachInput } from './input';
import { createRedrawPacing } from './redraw-pacing';
import { localStorageBacking, seedIfMissing } from './storage';
import type { ThemeName } from './theme';
import { createToasts } from './toasts';
import { createToolbar } from './toolbar';

/** What the server writes into the page (see playground/server.ts). */
export interface PlaygroundConfig {
  /** The relay this playground's server started; seeded into clientStorage 'relay-url' if unset. */
  relayUrl: string;
  /** The key this server's relay wants (made afresh at each start); stored for the panel as 'relay-key'. */
  relayKey?: string;
  demo: boolean;
  /** The menu command to launch with (manifest `menu`), default 'open'. */
  command?: string;
}

/** What tests (and curious people in DevTools) reach as `window.__playground`. */
export interface PlaygroundHandle {
  figma: PluginAPI;
  fake: FigmaFake;
  ui: HostedUi | null;
  /** Plain data about every node on the current page, depth first, for assertions. */
  nodes(): NodeFacts[];
  setTheme(theme: ThemeName): void;
  /** Selects nodes by id (like clicks), firing selectionchange. */
  select(ids: string[]): void;
  /**
   * When the page spent its main thread on what Figma does natively: redrawing the canvas and
   * the fake's figma.createImage (hashing the bytes in JS). Epoch ms [start, end], the latest
   * TIMINGS_KEPT of each; the bench subtracts them from the plugin's own time.
   */
  timings: { render: [number, number][]; createImage: [number, number][] };
  /** Resolves once the canvas shows every change made before the call (redraws are paced: redraw-pacing.ts). */
  drawn(): Promise<void>;
}

export interface NodeFacts {
  id: string;
  name: string;
  type: string;
  parentId: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  fills: { type: string; scaleMode?: string; imageHash?: string | null; format?: string; imageWidth?: number; imageHeight?: number }[];
  pluginData: Record<string, string>;
}

const THEME_KEY = 'playground-theme';
const TIMINGS_KEPT = 2000;
const timings: PlaygroundHandle['timings'] = { render: [], createImage: [] };
function noteTiming(list: [number, number][], start: number, end: number): void {
  list.push([performance.timeOrigin + start, performance.timeOrigin + end]);
  if (list.length > TIMINGS_KEPT) list.splice(0, list.length - TIMINGS_KEPT);
}

async function boot(): Promise<void> {
  const config = (window as unknown as { __PLAYGROUND_CONFIG__: PlaygroundConfig }).__PLAYGROUND_CONFIG__;
  const [html, code] = await Promise.all([text('/ui.html'), text('/code.js')]);

  const storage = localStorageBacking();
  seedIfMissing(storage, 'relay-url', config.relayUrl);
  // Only while the panel points at this server's relay: a key typed for another relay stays.
  if (config.relayKey && storage.get('relay-url') === config.relayUrl) storage.set('relay-key', config.relayKey);
  let theme: ThemeName = localStorage.getItem(THEME_KEY) === 'dark' ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;

  const canvasHost = document.getElementById('canvas')!;
  const rect = canvasHost.getBoundingClientRect();
  const fake = createFigmaFake({
    storage,
    command: config.command ?? 'open',
    relaunchCommands: manifest.relaunchButtons.map((b) => b.command),
    viewport: { x: 0, y: 0, width: Math.max(200, rect.width), height: Math.max(200, rect.height) },
    html,
    onCreateImage: (start, end) => noteTiming(timings.createImage, start, end),
  });
  fake.install();
  // dist/code.js unchanged: an IIFE that reads the globals figma and __html__.
  new Function(code)();
  // Figma fires 'run' on every launch; the plugin starts there (plugin/main.ts).
  fake.run(config.command ?? 'open');

  const ui = hostUi(fake, document.getElementById('plugin')!, theme);
  const view = createCanvasView(fake, canvasHost);
  const toasts = createToasts(fake, document.getElementById('toasts')!);
  let dirty = true;
  // The person's own actions (drag, draw, resize, toolbar) are drawn in the next frame; the
  // plugin's changes as often as their cost allows (redraw-pacing.ts).
  let urgent = true;
  const changed = () => (dirty = urgent = true);
  const documentChanged = () => (dirty = true);
  const toolbar = createToolbar(
    fake,
    document.getElementById('toolbar')!,
    { theme, demo: config.demo, backend: config.demo ? 'Demo backend (offline)' : 'Replicate' },
    {
      onDrawToggle: () => input.setDrawing(!input.drawing),
      onTheme: (next) => setTheme(next),
      onChange: changed,
      onAutoFit: (on) => (autoFit.enabled = on),
    },
  );
  const input = attachInput(fake, canvasHost, view, changed, (on) => toolbar.setDrawing(on));
  fake.onDocumentChange(documentChanged);
  const autoFit = createAutoFit(fake, canvasHost);
  window.addEventListener('resize', changed);

  function setTheme(next: ThemeName): void {
    theme = next;
    localStorage.setItem(THEME_KEY, next);
    document.documentElement.dataset.theme = next;
    ui?.setTheme(next);
    toolbar.setTheme(next);
  }

  let lastView = '';
  const closed = document.getElementById('closed')!;
  const pacing = createRedrawPacing();
  const drawnWaiters: (() => void)[] = [];
  const frame = () => {
    if (dirty) autoFit.check();
    const { center, zoom } = fake.figma.viewport;
    const viewKey = `${center.x},${center.y},${zoom}`;
    if ((dirty && (urgent || pacing.due(performance.now()))) || viewKey !== lastView) {
      dirty = urgent = false;
      lastView = viewKey;
      const start = performance.now();
      view.render();
      const end = performance.now();
      noteTiming(timings.render, start, end);
      pacing.drawn(start, end);
    }
    toolbar.update();
    if (!dirty) drawnWaiters.splice(0).forEach((resolve) => resolve());
    toasts.poll();
    ui?.sync();
    if (closed.hidden !== !fake.closed) closed.hidden = !fake.closed;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  const handle: PlaygroundHandle = {
    figma: fake.figma,
    fake,
    ui,
    nodes: () => fake.figma.currentPage.findAll(() => true).map(facts(fake)),
    setTheme,
    timings,
    // From the next frame on: a change made just before the call may not have marked the canvas yet.
    drawn: () => new Promise<void>((resolve) => requestAnimationFrame(() => drawnWaiters.push(resolve))),
    select(ids) {
      const all = fake.figma.currentPage.findAll(() => true);
      fake.select(ids.map((id) => all.find((n) => n.id === id)!).filter(Boolean));
    },
  };
  (window as unknown as { __playground: PlaygroundHandle }).__playground = handle;
  document.body.dataset.ready = 'true';
}

function facts(fake: FigmaFake) {
  return (node: SceneNode): NodeFacts => {
    const fills = 'fills' in node && Array.isArray(node.fills) ? (node.fills as Paint[]) : [];
    const box = node.absoluteBoundingBox ?? { x: 0, y: 0, width: 0, height: 0 };
    return {
      id: node.id,
      name: node.name,
      type: node.type,
      parentId: node.parent && node.parent.type !== 'PAGE' ? node.parent.id : null,
      ...box,
      fills: fills.map((p) => {
        if (p.type !== 'IMAGE') return { type: p.type };
        const stored = p.imageHash ? fake.images.get(p.imageHash) : undefined;
        return {
          type: p.type,
          scaleMode: p.scaleMode,
          imageHash: p.imageHash,
          format: stored?.format,
          imageWidth: stored?.width,
          imageHeight: stored?.height,
        };
      }),
      pluginData: Object.fromEntries(node.getPluginDataKeys().map((k) => [k, node.getPluginData(k)])),
    };
  };
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}

boot().catch((error) => {
  console.error(error);
  const p = document.getElementById('boot-error')!;
  p.hidden = false;
  p.textContent = `The playground could not start: ${error instanceof Error ? error.message : String(error)}`;
});
