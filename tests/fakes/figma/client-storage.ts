/** figma.clientStorage over a pluggable backing store (in-memory by default, localStorage in the playground). */

export interface ClientStorageBacking {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): string[];
}

/** Figma gives each plugin about 5 MB of client storage. */
export const CLIENT_STORAGE_LIMIT = 5 * 1024 * 1024;

export function memoryBacking(): ClientStorageBacking {
  const map = new Map<string, unknown>();
  return {
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}

/** Rough serialized size of a structured-clonable value, in bytes. */
export function estimateSize(value: unknown, seen = new Set<object>()): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return 2 + value.length * 2;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 4;
    case 'object': {
      if (seen.has(value)) return 0;
      seen.add(value);
      if (ArrayBuffer.isView(value)) return value.byteLength;
      if (value instanceof ArrayBuffer) return value.byteLength;
      if (value instanceof Date) return 8;
      let n = 2;
      if (value instanceof Map) {
        for (const [k, v] of value) n += estimateSize(k, seen) + estimateSize(v, seen);
        return n;
      }
      for (const [k, v] of Object.entries(value)) n += k.length * 2 + estimateSize(v, seen);
      return n;
    }
    default:
      throw new Error(`in setAsync: Cannot store a value of type ${typeof value}`);
  }
}

/**
 * Each stored value's estimated size, per backing (several fakes may share one), kept as values
 * are written: the quota check then reads no other value back (in the playground each read is a
 * localStorage parse, which made every write cost in proportion to everything stored).
 */
const sizesByBacking = new WeakMap<ClientStorageBacking, Map<string, number>>();

export function createClientStorage(backing: ClientStorageBacking): ClientStorageAPI {
  let sizes = sizesByBacking.get(backing);
  if (!sizes) sizesByBacking.set(backing, (sizes = new Map()));
  const known = sizes;
  const sizeOf = (key: string): number => {
    let size = known.get(key);
    if (size === undefined) known.set(key, (size = key.length * 2 + estimateSize(backing.get(key))));
    return size;
  };
  const checkKey = (method: string, key: unknown): void => {
    if (typeof key !== 'string') throw new Error(`in ${method}: Expected key to be a string`);
  };
  return {
    async getAsync(key: string) {
      checkKey('getAsync', key);
      const v = backing.get(key);
      return v === undefined ? undefined : structuredClone(v);
    },
    async setAsync(key: string, value: unknown) {
      checkKey('setAsync', key);
      const copy = structuredClone(value); // throws DataCloneError for functions etc., like Figma
      const size = key.length * 2 + estimateSize(copy);
      let total = size;
      for (const k of backing.keys()) if (k !== key) total += sizeOf(k);
      if (total > CLIENT_STORAGE_LIMIT) {
        throw new Error(`in setAsync: Client storage quota exceeded (${total} bytes > ${CLIENT_STORAGE_LIMIT})`);
      }
      backing.set(key, copy);
      known.set(key, size);
    },
    async deleteAsync(key: string) {
      checkKey('deleteAsync', key);
      backing.delete(key);
      known.delete(key);
    },
    async keysAsync() {
      return backing.keys();
    },
  };
}
