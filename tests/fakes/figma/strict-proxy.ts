import { notImplemented } from './errors';

/**
 * Names that libraries probe on any object (promise resolution, jest's pretty-format and
 * matchers, JSON). Reading them must answer `undefined`, not throw, or `await node` and
 * `expect(node)` would break.
 */
const PROBED = new Set([
  'then',
  'toJSON',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  'tagName',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
  '_isMockFunction',
  'inspect',
]);

export function isProbedName(prop: string): boolean {
  return PROBED.has(prop);
}

/**
 * Wraps an API object so that reading a property it does not have throws
 * `Not implemented in Figma fake: <label>.<prop>` instead of silently giving `undefined`.
 */
export function strictObject<T extends object>(target: T, label: string): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver);
      if (PROBED.has(prop)) return undefined;
      throw notImplemented(`${label}.${prop}`);
    },
    set(t, prop, value, receiver) {
      if (typeof prop === 'symbol' || prop in t) {
        if (!Reflect.set(t, prop, value, receiver)) {
          throw new TypeError(`Cannot assign to read only property '${String(prop)}' of ${label}`);
        }
        return true;
      }
      throw notImplemented(`${label}.${prop} (set)`);
    },
  });
}
