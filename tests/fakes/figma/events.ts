/** A tiny event emitter with Figma's on/once/off semantics (same callback twice = two calls). */
type Listener = (...args: never[]) => unknown;

export class Emitter<Name extends string> {
  private listeners: { name: Name; cb: Listener; once: boolean }[] = [];

  constructor(private readonly onError: (error: unknown) => void = reportListenerError) {}

  on(name: Name, cb: Listener): void {
    this.listeners.push({ name, cb, once: false });
  }

  once(name: Name, cb: Listener): void {
    this.listeners.push({ name, cb, once: true });
  }

  off(name: Name, cb: Listener): void {
    const i = this.listeners.findIndex((l) => l.name === name && l.cb === cb);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  count(name: Name): number {
    return this.listeners.filter((l) => l.name === name).length;
  }

  /** Calls every listener for `name`; a throwing listener is reported, the others still run. */
  emit(name: Name, ...args: unknown[]): void {
    const current = this.listeners.filter((l) => l.name === name);
    for (const l of current) {
      if (l.once) this.off(name, l.cb);
      try {
        (l.cb as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}

/** Like an uncaught exception in a Figma plugin: logged, does not stop other listeners. */
export function reportListenerError(error: unknown): void {
  // eslint-disable-next-line no-console
  console.error('[figma fake] error in event listener:', error);
}

/** Runs `fn` on a later macrotask, like Figma's cross-frame delivery. */
export function later(fn: () => void): void {
  setTimeout(() => {
    try {
      fn();
    } catch (error) {
      reportListenerError(error);
    }
  }, 0);
}
