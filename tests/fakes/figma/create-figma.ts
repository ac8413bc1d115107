import { relayout } from './auto-layout-nodes';
import { createClientStorage, memoryBacking, type ClientStorageBacking } from './client-storage';
import { FakeDocumentNode, FakeFrameNode, FakeGroupNode, FakePageNode, FakeSectionNode } from './containers';
import { fontKey, type FakeContext } from './context';
import { notImplemented } from './errors';
import { Emitter, later } from './events';
import { DEFAULT_FONTS, fontNotFound } from './fonts';
import { FakeBaseNode, unwrap } from './node-base';
import { checkPaints, ImageStore, type StoredImage } from './paints-and-images';
import { FakeSceneNode } from './scene-node';
import { FakeEllipseNode, FakeRectangleNode, FakeTextNode, FakeVectorNode } from './shapes';
import { strictObject } from './strict-proxy';
import { createStyleStore } from './styles';
import { parseSvg } from './svg-import';
import { addSvgVectors } from './svg-nodes';
import { FakeUi, type FakeUiEndpoint } from './ui';
import { createParameters, type ManifestParameter, type SuggestionAnswer } from './parameters';
import { createVariableStore } from './variables';
import { createViewport, type ViewportOptions } from './viewport';

export interface FigmaFakeOptions {
  /** Backing for clientStorage (default: in-memory); the browser playground passes a localStorage-backed one. */
  storage?: ClientStorageBacking;
  /** figma.command for this run ('' by default). */
  command?: string;
  /** The visible canvas area at start. */
  viewport?: ViewportOptions;
  /** Manifest `relaunchButtons` commands; when given, setRelaunchData rejects other keys. */
  relaunchCommands?: string[];
  /** What `__html__` holds after install(). */
  html?: string;
  /** What listAvailableFontsAsync offers (and loadFontAsync accepts); default: fonts.ts. */
  fonts?: readonly Font[];
  /** The manifest `parameters` of the command; when given, input() rejects other keys and setError on freeform ones. */
  parameters?: readonly ManifestParameter[];
  /**
   * Launched from the command palette while parameters are typed ("query mode"): until run(),
   * showUI without `visible: false` throws, as Figma shows no plugin UI then.
   */
  queryMode?: boolean;
  /**
   * Called after each figma.createImage with when it started and ended (performance.now()):
   * hashing the bytes in JS is the fake's cost, done natively in Figma, which the bench
   * subtracts from the plugin's own time (BENCHMARKS.md).
   */
  onCreateImage?: (start: number, end: number) => void;
}

export interface FigmaFake {
  /** The fake, typed as the real PluginAPI; reading anything it does not model throws "Not implemented in Figma fake". */
  figma: PluginAPI;
  /** Sets globalThis.figma and globalThis.__html__; uninstall() restores what was there. */
  install(): void;
  uninstall(): void;
  /** The iframe side of figma.ui. */
  ui: FakeUiEndpoint;
  notifications: { message: string; options?: NotificationOptions }[];
  /** How many times figma.commitUndo() was called. */
  undoCommits: number;
  /** closePlugin() was called (or the user closed the plugin). */
  closed: boolean;
  /** The message given to closePlugin, if any. */
  closeMessage: string | undefined;
  /** Images made by figma.createImage, by hash. */
  images: Map<string, StoredImage>;
  /** Sets the current page's selection and fires 'selectionchange' at once, like a user click. */
  select(nodes: SceneNode[]): void;
  /** The user closes the plugin: fires 'close', the UI goes away. */
  close(): void;
  /** Fires 'run' with {command, parameters} (and sets figma.command), like a menu or quick-action launch. */
  run(command: string, parameters?: ParameterValues): void;
  showUICalls: { html: string; options?: ShowUIOptions }[];
  /** Node ids of each figma.viewport.scrollAndZoomIntoView call. */
  viewportCalls: string[][];
  /** Errors thrown by the controller's event and message listeners (also logged). */
  listenerErrors: unknown[];
  /** Listeners registered with figma.parameters.on('input'). */
  readonly parameterInputListeners: ((event: ParameterInputEvent) => void)[];
  /**
   * The person types `query` into the palette's `key` field (earlier fields' values in
   * `parameters`): fires figma.parameters 'input'; resolves with the plugin's answer once it
   * called setSuggestions or setError (rejects after 3 s without either).
   */
  input(key: string, query: string, parameters?: ParameterValues): Promise<SuggestionAnswer>;
  /**
   * Calls `listener` (once per microtask, batched) after the document may have changed: a node
   * created, removed, moved or edited, the selection or current page changed. For the playground's redraw.
   */
  onDocumentChange(listener: () => void): () => void;
  /** Waits until queued messages and events have been delivered. */
  settle(): Promise<void>;
}

type FigmaEvent = 'selectionchange' | 'currentpagechange' | 'close' | 'run';
const SUPPORTED_EVENTS: readonly string[] = ['selectionchange', 'currentpagechange', 'close', 'run'];

const DEFAULT_HTML = '<html><body><p>Figma fake UI</p></body></html>';

export function createFigmaFake(options: FigmaFakeOptions = {}): FigmaFake {
  let counter = 1;
  const registry = new Map<string, FakeBaseNode>();
  const images = new ImageStore();
  const loadedFonts = new Set<string>();
  const mixed: symbol = Symbol('figma.mixed');
  const listenerErrors: unknown[] = [];
  const onError = (e: unknown): void => {
    listenerErrors.push(e);
    // eslint-disable-next-line no-console
    console.error('[figma fake] error thrown by a plugin listener:', e);
  };
  const events = new Emitter<FigmaEvent>(onError);
  let pendingEvents = 0;
  const fireLater = (name: FigmaEvent): void => {
    pendingEvents++;
    later(() => {
      pendingEvents--;
      events.emit(name);
    });
  };
  let selectionFirePending = false;
  const changeListeners = new Set<() => void>();
  let changeQueued = false;
  const changed = (): void => {
    if (changeQueued || changeListeners.size === 0) return;
    changeQueued = true;
    queueMicrotask(() => {
      changeQueued = false;
      for (const l of [...changeListeners]) {
        try {
          l();
        } catch (e) {
          onError(e);
        }
      }
    });
  };

  const nextId = (): string => `1:${++counter}`;
  const variables = createVariableStore(nextId, () => changed());
  const styles = createStyleStore(
    nextId,
    loadedFonts,
    (styleId) => {
      for (const node of registry.values()) {
        if (node instanceof FakeTextNode && !node._removed && node._textStyleId === styleId) {
          node._applyTextStyle();
          node._afterEdit();
        }
      }
    },
    () => changed(),
  );
  const availableFonts = new Set((options.fonts ?? DEFAULT_FONTS).map((f) => fontKey(f.fontName)));

  const staleLayout = new Set<FakeBaseNode>();
  let layingOut = false;

  const ctx: FakeContext = {
    nextId,
    layoutDirty: (node) => void staleLayout.add(node),
    flushLayout: () => {
      if (layingOut || staleLayout.size === 0) return;
      layingOut = true;
      try {
        const nodes = [...staleLayout];
        staleLayout.clear();
        relayout(nodes);
      } finally {
        layingOut = false;
      }
    },
    register: (node) => void registry.set(node.id, node),
    images,
    loadedFonts,
    relaunchCommands: options.relaunchCommands,
    mixed,
    variables,
    styles,
    currentPage: () => current,
    changed,
    selectionChanged: (page, sync) => {
      changed();
      if (page !== current) return;
      if (sync) events.emit('selectionchange');
      else if (!selectionFirePending) {
        selectionFirePending = true;
        pendingEvents++;
        later(() => {
          pendingEvents--;
          selectionFirePending = false;
          events.emit('selectionchange');
        });
      }
    },
  };

  const root = new FakeDocumentNode(ctx);
  let current: FakePageNode = new FakePageNode(ctx, 'Page 1');
  root._insertChildAt(0, current.asNode(), 'appendChild');
  let allPagesLoaded = false;
  // With documentAccess: dynamic-page, searching the whole document needs loadAllPagesAsync first.
  const rootFindAll = root.findAll.bind(root);
  const rootFindOne = root.findOne.bind(root);
  const requireAllPages = (method: string): void => {
    if (!allPagesLoaded) {
      throw new Error(`in ${method}: Cannot call ${method} on the document node before figma.loadAllPagesAsync() (documentAccess: dynamic-page)`);
    }
  };
  root.findAll = (cb) => (requireAllPages('findAll'), rootFindAll(cb));
  root.findOne = (cb) => (requireAllPages('findOne'), rootFindOne(cb));

  const ui = new FakeUi(onError);
  const viewport = createViewport(options.viewport, (node) => {
    const raw = unwrap(node, 'scrollAndZoomIntoView');
    return raw instanceof FakeSceneNode && !raw._removed ? raw._absBox() : null;
  });
  const clientStorage = createClientStorage(options.storage ?? memoryBacking());
  const parameters = createParameters(options.parameters, onError);
  let queryMode = options.queryMode ?? false;

  /** Appends a new node to the current page, as every figma.createX() does. */
  const born = <T extends FakeSceneNode>(node: T): T => {
    current._insertChildAt(current._children!.length, node.asNode(), 'create');
    changed();
    return node;
  };

  /** Moves a node so its absolute position is (x, y) in its current coordinate space. */
  const placeAt = (node: FakeSceneNode, x: number, y: number): void => {
    const b = node._absBox();
    if (node.type === 'GROUP') node._moveChildren(x - b.x, y - b.y);
    else {
      node._x += x - b.x;
      node._y += y - b.y;
    }
  };

  const checkEvent = (method: string, type: string): FigmaEvent => {
    if (!SUPPORTED_EVENTS.includes(type)) throw notImplemented(`figma.${method}('${type}')`);
    return type as FigmaEvent;
  };

  const closePlugin = (message?: string): void => {
    if (fake.closed) return;
    fake.closed = true;
    fake.closeMessage = message;
    events.emit('close');
    ui.closeUi();
  };

  const api = {
    apiVersion: '1.0.0' as const,
    get command(): string {
      return command;
    },
    editorType: 'figma' as const,
    mode: 'default' as const,
    pluginId: 'figma-fake-plugin',
    fileKey: undefined,
    skipInvisibleInstanceChildren: false,
    mixed,
    hasMissingFont: false,
    currentUser: { id: 'fake-user', name: 'Fake User', photoUrl: null, color: '#18A0FB', sessionId: 1 } as User,
    get root(): DocumentNode {
      return root.asNode<DocumentNode>();
    },
    get currentPage(): PageNode {
      return current.asNode<PageNode>();
    },
    set currentPage(_page: PageNode) {
      throw new Error(
        'Setting figma.currentPage is not supported with documentAccess: dynamic-page. Use figma.setCurrentPageAsync instead.',
      );
    },
    async setCurrentPageAsync(page: PageNode): Promise<void> {
      const raw = unwrap(page, 'setCurrentPageAsync');
      if (!(raw instanceof FakePageNode) || raw._removed) throw new Error('in setCurrentPageAsync: Expected a page');
      if (raw === current) return;
      current = raw;
      changed();
      fireLater('currentpagechange');
    },
    async loadAllPagesAsync(): Promise<void> {
      allPagesLoaded = true;
    },
    getNodeById(_id: string): BaseNode | null {
      throw new Error('Cannot call getNodeById with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.');
    },
    async getNodeByIdAsync(id: string): Promise<BaseNode | null> {
      if (typeof id !== 'string') throw new Error('in getNodeByIdAsync: Expected "id" to be a string');
      const node = registry.get(id);
      return node && !node._removed ? node.asNode() : null;
    },

    createRectangle: (): RectangleNode => born(new FakeRectangleNode(ctx)).asNode<RectangleNode>(),
    createEllipse: (): EllipseNode => born(new FakeEllipseNode(ctx)).asNode<EllipseNode>(),
    createVector: (): VectorNode => born(new FakeVectorNode(ctx)).asNode<VectorNode>(),
    createText: (): TextNode => born(new FakeTextNode(ctx)).asNode<TextNode>(),
    createFrame: (): FrameNode => born(new FakeFrameNode(ctx)).asNode<FrameNode>(),
    createSection: (): SectionNode => born(new FakeSectionNode(ctx)).asNode<SectionNode>(),
    createPage: (): PageNode => {
      const page = new FakePageNode(ctx, `Page ${root._children!.length + 1}`);
      root._insertChildAt(root._children!.length, page.asNode(), 'createPage');
      changed();
      return page.asNode<PageNode>();
    },
    group(nodes: ReadonlyArray<BaseNode>, parent: BaseNode & ChildrenMixin, index?: number): GroupNode {
      if (!Array.isArray(nodes) || nodes.length === 0) {
        throw new Error('in group: First argument must be an array of at least one node');
      }
      const raws = nodes.map((n) => unwrap(n, 'group'));
      for (const r of raws) if (!(r instanceof FakeSceneNode)) throw new Error(`in group: Cannot group a ${r.type} node`);
      const target = unwrap(parent, 'group');
      const boxes = raws.map((r) => (r as FakeSceneNode)._absBox());
      const g = new FakeGroupNode(ctx);
      target._insertChildAt(index ?? target._children?.length ?? 0, g.asNode(), 'group');
      raws.forEach((r, i) => {
        g._insertChildAt(g._children!.length, r.asNode(), 'group');
        placeAt(r as FakeSceneNode, boxes[i].x, boxes[i].y);
      });
      changed();
      return g.asNode<GroupNode>();
    },
    ungroup(node: SceneNode & ChildrenMixin): SceneNode[] {
      const g = unwrap(node, 'ungroup');
      if (!(g instanceof FakeSceneNode) || !g._children || !g._parent) throw new Error('in ungroup: Expected a group or frame in a parent');
      const parent = g._parent;
      let at = parent._children!.indexOf(g);
      const kids = g._sceneChildren();
      for (const k of kids) {
        const b = k._absBox();
        parent._insertChildAt(++at, k.asNode(), 'ungroup');
        placeAt(k, b.x, b.y);
      }
      if (!g._removed) g.remove();
      changed();
      return kids.map((k) => k.asNode<SceneNode>());
    },
    createImage: (data: Uint8Array): Image => {
      const timed = options.onCreateImage;
      if (!timed) return images.create(data);
      const start = performance.now();
      try {
        return images.create(data);
      } finally {
        timed(start, performance.now());
      }
    },
    getImageByHash: (hash: string): Image | null => images.get(hash),
    createImageAsync: async (_src: string): Promise<Image> => {
      throw notImplemented('figma.createImageAsync (not supported in fake: fetch the bytes and use figma.createImage)');
    },
    createNodeFromSvg(svg: string): FrameNode {
      const parsed = parseSvg(svg);
      const frame = born(new FakeFrameNode(ctx));
      frame._name = 'Svg';
      frame._fills = checkPaints('fills', []);
      frame._resize(Math.max(0.01, parsed.width), Math.max(0.01, parsed.height), 'createNodeFromSvg');
      addSvgVectors(frame, parsed);
      return frame.asNode<FrameNode>();
    },
    async loadFontAsync(fontName: FontName): Promise<void> {
      if (typeof fontName?.family !== 'string' || typeof fontName?.style !== 'string') {
        throw new Error('in loadFontAsync: Expected a FontName {family, style}');
      }
      if (!availableFonts.has(fontKey(fontName))) throw fontNotFound(fontName);
      loadedFonts.add(fontKey(fontName));
    },
    async listAvailableFontsAsync(): Promise<Font[]> {
      return (options.fonts ?? DEFAULT_FONTS).map((f) => ({ fontName: { ...f.fontName } }));
    },
    get variables(): VariablesAPI {
      return variables.api;
    },
    createPaintStyle: (): PaintStyle => styles.createPaintStyle(),
    createTextStyle: (): TextStyle => styles.createTextStyle(),
    getLocalPaintStylesAsync: (): Promise<PaintStyle[]> => styles.getLocalPaintStylesAsync(),
    getLocalTextStylesAsync: (): Promise<TextStyle[]> => styles.getLocalTextStylesAsync(),
    getStyleByIdAsync: (id: string): Promise<BaseStyle | null> => styles.getStyleByIdAsync(id),
    getLocalPaintStyles(): PaintStyle[] {
      throw new Error('Cannot call getLocalPaintStyles with documentAccess: dynamic-page. Use getLocalPaintStylesAsync instead.');
    },
    getLocalTextStyles(): TextStyle[] {
      throw new Error('Cannot call getLocalTextStyles with documentAccess: dynamic-page. Use getLocalTextStylesAsync instead.');
    },

    get ui(): UIAPI {
      return uiApi;
    },
    showUI(html: string, opts?: ShowUIOptions): void {
      if (typeof html !== 'string') throw new Error('in showUI: Expected "html" to be a string');
      if (queryMode && opts?.visible !== false) {
        throw new Error('in showUI: Cannot show UI while quick-action parameters are entered (query mode); wait for figma.on("run") or pass visible: false');
      }
      fake.showUICalls.push({ html, options: opts ? { ...opts } : undefined });
      ui.show(opts);
    },
    get clientStorage(): ClientStorageAPI {
      return clientStorageApi;
    },
    get viewport(): ViewportAPI {
      return viewportApi;
    },
    get parameters(): ParametersAPI {
      return parametersApi;
    },
    notify(message: string, opts?: NotificationOptions): NotificationHandler {
      if (typeof message !== 'string') throw new Error('in notify: Expected "message" to be a string');
      fake.notifications.push({ message, options: opts });
      let done = false;
      return {
        cancel: () => {
          if (done) return;
          done = true;
          opts?.onDequeue?.('dismiss');
        },
      };
    },
    commitUndo(): void {
      fake.undoCommits++;
    },
    closePlugin,
    on(type: string, cb: (...args: never[]) => unknown): void {
      events.on(checkEvent('on', type), cb);
    },
    once(type: string, cb: (...args: never[]) => unknown): void {
      events.once(checkEvent('once', type), cb);
    },
    off(type: string, cb: (...args: never[]) => unknown): void {
      events.off(checkEvent('off', type), cb);
    },
    base64Encode(data: Uint8Array): string {
      let s = '';
      for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return btoa(s);
    },
    base64Decode(data: string): Uint8Array {
      const s = atob(data);
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      return out;
    },
  } satisfies Partial<Record<keyof PluginAPI, unknown>>;

  const uiApi = strictObject(ui.api, 'figma.ui');
  const clientStorageApi = strictObject(clientStorage, 'figma.clientStorage');
  const viewportApi = strictObject(viewport.api, 'figma.viewport');
  const parametersApi = strictObject(parameters.api, 'figma.parameters');
  let command = options.command ?? '';

  let saved: { figma?: PropertyDescriptor; html?: PropertyDescriptor } | null = null;
  const g = globalThis as Record<string, unknown>;

  const fake: FigmaFake = {
    figma: strictObject(api, 'figma') as unknown as PluginAPI,
    install() {
      if (saved) return;
      saved = {
        figma: Object.getOwnPropertyDescriptor(globalThis, 'figma'),
        html: Object.getOwnPropertyDescriptor(globalThis, '__html__'),
      };
      g.figma = fake.figma;
      g.__html__ = options.html ?? DEFAULT_HTML;
    },
    uninstall() {
      if (!saved) return;
      for (const [key, d] of [['figma', saved.figma], ['__html__', saved.html]] as const) {
        if (d) Object.defineProperty(globalThis, key, d);
        else delete g[key];
      }
      saved = null;
    },
    ui: ui.endpoint,
    notifications: [],
    undoCommits: 0,
    closed: false,
    closeMessage: undefined,
    images: images.images,
    select(nodes) {
      current._setSelection(nodes, true);
    },
    close() {
      closePlugin();
    },
    run(cmd, params) {
      command = cmd;
      queryMode = false;
      events.emit('run', { command: cmd, parameters: params });
    },
    showUICalls: [],
    viewportCalls: viewport.scrollCalls,
    listenerErrors,
    get parameterInputListeners() {
      return parameters.listeners.map((l) => l.cb);
    },
    input: (key, query, values) => parameters.input(key, query, values),
    onDocumentChange(listener) {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
    async settle() {
      for (let i = 0; i < 100 && (ui.inFlight > 0 || pendingEvents > 0 || i < 2); i++) {
        await new Promise((r) => setTimeout(r, 0));
      }
    },
  };
  return fake;
}
