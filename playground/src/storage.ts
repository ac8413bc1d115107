import type { ClientStorageBacking } from '../../tests/fakes/figma';

/**
 * figma.clientStorage kept in the browser's localStorage, so settings (the token, the relay
 * URL) survive a reload like they survive a Figma restart. Values are JSON with Uint8Array
 * and Date tagged, which covers what plugins store in practice.
 */
const PREFIX = 'figma-client-storage:';

export function localStorageBacking(store: Storage = window.localStorage): ClientStorageBacking {
  return {
    get(key) {
      const raw = store.getItem(PREFIX + key);
      return raw === null ? undefined : decode(raw);
    },
    set(key, value) {
      store.setItem(PREFIX + key, encode(value));
    },
    delete(key) {
      store.removeItem(PREFIX + key);
    },
    keys() {
      const out: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const k = store.key(i);
        if (k?.startsWith(PREFIX)) out.push(k.slice(PREFIX.length));
      }
      return out;
    },
  };
}

/** Writes `value` under `key` unless the user already has one (e.g. the relay URL the server runs). */
export function seedIfMissing(backing: ClientStorageBacking, key: string, value: unknown): void {
  if (backing.get(key) === undefined) backing.set(key, value);
}

function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, k, v) {
    const original = this[k];
    if (original instanceof Uint8Array) return { __u8: Array.from(original) };
    if (original instanceof Date) return { __date: original.getTime() };
    return v;
  });
}

function decode(raw: string): unknown {
  return JSON.parse(raw, (_k, v) => {
    if (v && typeof v === 'object' && Array.isArray(v.__u8)) return new Uint8Array(v.__u8);
    if (v && typeof v === 'object' && typeof v.__date === 'number') return new Date(v.__date);
    return v;
  });
}
