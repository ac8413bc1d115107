import { later } from './events';

/** The iframe side of figma.ui, as a test or the playground page drives it. */
export interface FakeUiEndpoint {
  /** What the controller posted with figma.ui.postMessage, as the iframe gets it (`event.data.pluginMessage`). */
  onMessage(listener: (pluginMessage: unknown) => void): () => void;
  /** What the iframe posts with `parent.postMessage({pluginMessage: msg}, '*')`; delivered later, cloned. */
  post(pluginMessage: unknown): void;
  visible: boolean;
  /** Every message the controller posted to the UI (cloned), in order. */
  messagesToUi: unknown[];
  /** Every message the UI posted to the controller (cloned), in order. */
  messagesFromUi: unknown[];
  /** Messages posted either way while there was no UI (before showUI or after close): dropped. */
  dropped: { direction: 'toUi' | 'fromUi'; message: unknown }[];
  /** showUI was called and neither ui.close() nor closePlugin() since. */
  readonly open: boolean;
  width: number;
  height: number;
  title: string | undefined;
  themeColors: boolean;
}

type Handler = (pluginMessage: unknown, props: OnMessageProperties) => void;

/** figma.ui and its iframe endpoint, sharing one state. */
export class FakeUi {
  private shown = false;
  private closed = false;
  private controllerHandlers: { cb: Handler; once: boolean }[] = [];
  private onmessageHandler: Handler | undefined;
  private iframeListeners = new Set<(m: unknown) => void>();
  /** Messages to the UI that arrived before the iframe listened; Figma delivers them once it loads. */
  private pendingToUi: unknown[] = [];
  /** Deliveries scheduled but not yet run, so tests can wait for quiet. */
  inFlight = 0;

  readonly endpoint: FakeUiEndpoint;
  readonly api: UIAPI;

  constructor(private readonly onError: (e: unknown) => void) {
    const self = this;
    this.endpoint = {
      onMessage(listener) {
        self.iframeListeners.add(listener);
        if (self.pendingToUi.length) {
          const queued = self.pendingToUi.splice(0);
          for (const m of queued) self.deliverToUi(m);
        }
        return () => void self.iframeListeners.delete(listener);
      },
      post(message) {
        self.postFromUi(message);
      },
      visible: false,
      messagesToUi: [],
      messagesFromUi: [],
      dropped: [],
      get open() {
        return self.shown && !self.closed;
      },
      width: 300,
      height: 200,
      title: undefined,
      themeColors: false,
    };

    const api: UIAPI = {
      show: () => {
        if (this.isOpen()) this.endpoint.visible = true;
      },
      hide: () => {
        if (this.isOpen()) this.endpoint.visible = false;
      },
      resize: (width: number, height: number) => {
        if (!(width > 0 && height > 0)) throw new Error('in resize: width and height must be positive numbers');
        this.endpoint.width = Math.max(70, Math.round(width));
        this.endpoint.height = Math.max(0, Math.round(height));
      },
      reposition: () => undefined,
      getPosition: () => ({ windowSpace: { x: 0, y: 0 }, canvasSpace: { x: 0, y: 0 } }),
      close: () => this.closeUi(),
      postMessage: (message: unknown) => this.postToUi(message),
      get onmessage() {
        return self.onmessageHandler;
      },
      set onmessage(h: Handler | undefined) {
        self.onmessageHandler = h;
      },
      on: (type: 'message', cb: Handler) => {
        checkType(type);
        this.controllerHandlers.push({ cb, once: false });
      },
      once: (type: 'message', cb: Handler) => {
        checkType(type);
        this.controllerHandlers.push({ cb, once: true });
      },
      off: (type: 'message', cb: Handler) => {
        checkType(type);
        const i = this.controllerHandlers.findIndex((h) => h.cb === cb);
        if (i >= 0) this.controllerHandlers.splice(i, 1);
      },
    };
    this.api = api;
  }

  isOpen(): boolean {
    return this.shown && !this.closed;
  }

  show(options: ShowUIOptions | undefined): void {
    this.shown = true;
    this.closed = false;
    this.endpoint.visible = options?.visible ?? true;
    this.endpoint.width = options?.width ?? 300;
    this.endpoint.height = options?.height ?? 200;
    this.endpoint.title = options?.title;
    this.endpoint.themeColors = options?.themeColors ?? false;
  }

  closeUi(): void {
    this.closed = true;
    this.endpoint.visible = false;
    this.iframeListeners.clear();
    this.pendingToUi = [];
  }

  private postToUi(message: unknown): void {
    if (!this.isOpen()) {
      this.endpoint.dropped.push({ direction: 'toUi', message });
      return;
    }
    const copy = structuredClone(message); // DataCloneError for functions, like the real postMessage
    this.endpoint.messagesToUi.push(copy);
    if (this.iframeListeners.size === 0) this.pendingToUi.push(copy);
    else this.deliverToUi(copy);
  }

  private deliverToUi(copy: unknown): void {
    this.inFlight++;
    later(() => {
      this.inFlight--;
      if (!this.isOpen()) return;
      for (const l of [...this.iframeListeners]) {
        try {
          l(structuredClone(copy));
        } catch (e) {
          this.onError(e);
        }
      }
    });
  }

  private postFromUi(message: unknown): void {
    if (!this.isOpen()) {
      this.endpoint.dropped.push({ direction: 'fromUi', message });
      return;
    }
    const copy = structuredClone(message);
    this.endpoint.messagesFromUi.push(copy);
    this.inFlight++;
    later(() => {
      this.inFlight--;
      if (!this.isOpen()) return;
      const props: OnMessageProperties = { origin: 'null' };
      const handlers: Handler[] = [];
      if (this.onmessageHandler) handlers.push(this.onmessageHandler);
      for (const h of [...this.controllerHandlers]) {
        if (h.once) this.controllerHandlers.splice(this.controllerHandlers.indexOf(h), 1);
        handlers.push(h.cb);
      }
      for (const h of handlers) {
        try {
          h(structuredClone(copy), props);
        } catch (e) {
          this.onError(e);
        }
      }
    });
  }
}

function checkType(type: string): void {
  if (type !== 'message') throw new Error(`Unknown event type "${type}" for figma.ui (only "message")`);
}
