/** Plugin data and shared plugin data of one node, with Figma's argument checks and limits. */

/** "The total size of your entry (pluginId, key, value) cannot exceed 100 kB." */
export const PLUGIN_DATA_ENTRY_LIMIT = 100 * 1024;
/** Stand-in plugin id, counted in the private entry size like Figma does. */
export const FAKE_PLUGIN_ID = 'figma-fake-plugin';

const utf8 = new TextEncoder();

function byteLength(s: string): number {
  return utf8.encode(s).length;
}

function checkString(method: string, what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') {
    throw new Error(`in ${method}: Expected ${what} to be a string, got ${value === null ? 'null' : typeof value}`);
  }
}

function checkNamespace(method: string, namespace: unknown): asserts namespace is string {
  checkString(method, 'namespace', namespace);
  if (!/^[A-Za-z0-9_.]{3,}$/.test(namespace)) {
    throw new Error(
      `in ${method}: Invalid namespace "${namespace}": the namespace must be at least 3 alphanumeric characters (letters, digits, "_" or ".")`,
    );
  }
}

export class PluginDataStore {
  private readonly own = new Map<string, string>();
  private readonly shared = new Map<string, Map<string, string>>();

  get(key: string): string {
    checkString('getPluginData', 'key', key);
    return this.own.get(key) ?? '';
  }

  set(key: string, value: string): void {
    checkString('setPluginData', 'key', key);
    checkString('setPluginData', 'value', value);
    if (key.length === 0) throw new Error('in setPluginData: key must not be empty');
    const size = byteLength(FAKE_PLUGIN_ID) + byteLength(key) + byteLength(value);
    if (size > PLUGIN_DATA_ENTRY_LIMIT) {
      throw new Error(`in setPluginData: Plugin data entry exceeds the 100 kB size limit (${size} bytes)`);
    }
    if (value === '') this.own.delete(key);
    else this.own.set(key, value);
  }

  keys(): string[] {
    return [...this.own.keys()];
  }

  getShared(namespace: string, key: string): string {
    checkNamespace('getSharedPluginData', namespace);
    checkString('getSharedPluginData', 'key', key);
    return this.shared.get(namespace)?.get(key) ?? '';
  }

  setShared(namespace: string, key: string, value: string): void {
    checkNamespace('setSharedPluginData', namespace);
    checkString('setSharedPluginData', 'key', key);
    checkString('setSharedPluginData', 'value', value);
    if (key.length === 0) throw new Error('in setSharedPluginData: key must not be empty');
    const size = byteLength(namespace) + byteLength(key) + byteLength(value);
    if (size > PLUGIN_DATA_ENTRY_LIMIT) {
      throw new Error(`in setSharedPluginData: Shared plugin data entry exceeds the 100 kB size limit (${size} bytes)`);
    }
    let ns = this.shared.get(namespace);
    if (!ns) this.shared.set(namespace, (ns = new Map()));
    if (value === '') ns.delete(key);
    else ns.set(key, value);
  }

  sharedKeys(namespace: string): string[] {
    checkNamespace('getSharedPluginDataKeys', namespace);
    return [...(this.shared.get(namespace)?.keys() ?? [])];
  }

  copyFrom(other: PluginDataStore): void {
    for (const [k, v] of other.own) this.own.set(k, v);
    for (const [ns, m] of other.shared) this.shared.set(ns, new Map(m));
  }
}

/** Relaunch data: keys must be manifest `relaunchButtons` commands (when known), descriptions <= 1000 chars. */
export function validateRelaunchData(data: unknown, knownCommands: readonly string[] | undefined): Record<string, string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('in setRelaunchData: Expected data to be an object');
  }
  const out: Record<string, string> = {};
  for (const [command, description] of Object.entries(data)) {
    if (typeof description !== 'string') {
      throw new Error(`in setRelaunchData: Expected description for "${command}" to be a string`);
    }
    if (description.length > 1000) {
      throw new Error(`in setRelaunchData: Description for "${command}" exceeds 1000 characters`);
    }
    if (knownCommands && !knownCommands.includes(command)) {
      throw new Error(
        `in setRelaunchData: Command "${command}" is not one of the manifest's relaunchButtons (${knownCommands.join(', ')})`,
      );
    }
    out[command] = description;
  }
  return out;
}
