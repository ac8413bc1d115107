import type { FakeContext } from './context';
import { nodeDoesNotExist, notImplemented, readOnlyProperty } from './errors';
import { PluginDataStore, validateRelaunchData } from './plugin-data';
import { isProbedName } from './strict-proxy';

/**
 * The part every fake node shares: identity, parent/children, removal, plugin data.
 *
 * Each node is a plain object ("raw") that the fake's own code works on, and a Proxy of it
 * that the controller gets. The proxy does what Figma does and a plain object would not:
 * reading or writing a removed node throws `The node with id "X" does not exist`, writing
 * a read-only property throws, and touching a property the fake does not model throws
 * `Not implemented in Figma fake: TYPE.prop`.
 */

const RAW = new WeakMap<object, FakeBaseNode>();
const READABLE_WHEN_REMOVED = new Set(['removed', 'id', 'type', 'toString']);
const READ_ONLY_FIELDS = new Set(['id', 'type']);
/** Defined on the base class for sharing, but only containers have them (`'children' in node` must be false on leaves). */
const CONTAINER_ONLY = new Set(['children', 'appendChild', 'insertChild', 'findChildren', 'findChild', 'findAll', 'findOne']);

function lacks(t: FakeBaseNode, prop: string): boolean {
  return !(prop in t) || (t._children === null && CONTAINER_ONLY.has(prop));
}

/** The raw fake node behind a proxy handed to the controller; throws for anything else. */
export function unwrap(node: unknown, method: string): FakeBaseNode {
  const raw = typeof node === 'object' && node !== null ? RAW.get(node) : undefined;
  if (!raw) throw new Error(`in ${method}: Expected a node, got ${describe(node)}`);
  return raw;
}

export function isFakeNode(node: unknown): boolean {
  return typeof node === 'object' && node !== null && RAW.has(node);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

function findDescriptor(obj: object, prop: string): PropertyDescriptor | undefined {
  for (let o: object | null = obj; o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, prop);
    if (d) return d;
  }
  return undefined;
}

function makeProxy(target: FakeBaseNode): object {
  const bound = new Map<PropertyKey, unknown>();
  const proxy = new Proxy(target, {
    get(t, prop) {
      if (typeof prop === 'symbol' || prop.startsWith('_')) return Reflect.get(t, prop, t);
      if (t._children === null && CONTAINER_ONLY.has(prop)) return undefined;
      if (!(prop in t)) {
        if (isProbedName(prop) || prop === 'constructor') return undefined;
        throw notImplemented(`${t.type}.${prop}`);
      }
      if (t._removed && !READABLE_WHEN_REMOVED.has(prop)) throw nodeDoesNotExist(t.id);
      const v = Reflect.get(t, prop, t);
      if (typeof v !== 'function') return v;
      if (!bound.has(prop)) {
        const fn = v as (...a: unknown[]) => unknown;
        const reads = /^(get|find|export|toString)/.test(prop);
        bound.set(
          prop,
          reads
            ? fn.bind(t)
            : (...args: unknown[]) => {
                const result = fn.apply(t, args);
                t._afterEdit();
                t._ctx.changed();
                return result;
              },
        );
      }
      return bound.get(prop);
    },
    set(t, prop, value) {
      if (typeof prop === 'symbol' || prop.startsWith('_')) return Reflect.set(t, prop, value, t);
      if (lacks(t, prop)) throw notImplemented(`${t.type}.${prop} (set)`);
      if (t._removed) throw nodeDoesNotExist(t.id);
      const d = findDescriptor(t, prop);
      const readOnly =
        READ_ONLY_FIELDS.has(prop) || (d && ((d.get && !d.set) || d.writable === false || typeof d.value === 'function'));
      if (readOnly) throw readOnlyProperty(prop);
      Reflect.set(t, prop, value, t);
      t._afterEdit();
      t._ctx.changed();
      return true;
    },
    has(t, prop) {
      return typeof prop === 'symbol' ? Reflect.has(t, prop) : !lacks(t, prop);
    },
    defineProperty(_t, prop) {
      throw notImplemented(`defineProperty ${String(prop)}`);
    },
    deleteProperty(_t, prop) {
      throw readOnlyProperty(String(prop));
    },
  });
  RAW.set(proxy, target);
  return proxy;
}

export abstract class FakeBaseNode {
  abstract readonly type: NodeType;
  readonly id: string;
  _name = '';
  _parent: FakeBaseNode | null = null;
  /** null for leaves; containers (document, page, frame, group) set an array. */
  _children: FakeBaseNode[] | null = null;
  _removed = false;
  readonly _data = new PluginDataStore();
  _relaunch: Record<string, string> = {};
  readonly _ctx: FakeContext;
  readonly _proxy: object;

  constructor(ctx: FakeContext, id?: string) {
    this._ctx = ctx;
    this.id = id ?? ctx.nextId();
    this._proxy = makeProxy(this);
    ctx.register(this);
  }

  /** The proxy, typed as the real Figma node (the one boundary where the fake is cast). */
  asNode<T extends BaseNode = BaseNode>(): T {
    return this._proxy as unknown as T;
  }

  get name(): string {
    return this._name;
  }
  set name(v: string) {
    if (typeof v !== 'string') throw new Error('in set_name: Expected name to be a string');
    this._name = v;
  }

  get parent(): (BaseNode & ChildrenMixin) | null {
    return this._parent ? this._parent.asNode<BaseNode & ChildrenMixin>() : null;
  }

  get removed(): boolean {
    return this._removed;
  }

  toString(): string {
    return `[${this.type} ${this.id}]`;
  }

  /** Hook run after every edit made through the API (scene nodes recompute auto layout). */
  _afterEdit(): void {}

  remove(): void {
    if (this.type === 'DOCUMENT') throw new Error('in remove: Cannot remove the document');
    if (this.type === 'PAGE' && this._parent && this._parent._children!.length <= 1) {
      throw new Error('in remove: Cannot remove the last page of a document');
    }
    const page = this._page();
    this._detach();
    this._markRemoved();
    if (page !== this) page?._nodeChange('DELETE', this);
  }

  /** Pages report CREATE and DELETE to PageNode.on('nodechange') listeners (see containers.ts). */
  _nodeChange(_type: 'CREATE' | 'DELETE', _node: FakeBaseNode): void {}

  _markRemoved(): void {
    this._removed = true;
    for (const c of this._children ?? []) c._markRemoved();
  }

  /** Takes this node out of its parent; a group left empty removes itself, like in Figma. */
  _detach(): void {
    const p = this._parent;
    if (!p) return;
    p._children!.splice(p._children!.indexOf(this), 1);
    this._parent = null;
    if (p.type === 'GROUP' && p._children!.length === 0) p.remove();
    else p._afterEdit();
  }

  _isAncestorOf(node: FakeBaseNode): boolean {
    for (let n: FakeBaseNode | null = node; n; n = n._parent) if (n === this) return true;
    return false;
  }

  /** Page this node is on (itself for a page), or null when detached. */
  _page(): FakeBaseNode | null {
    for (let n: FakeBaseNode | null = this; n; n = n._parent) if (n.type === 'PAGE') return n;
    return null;
  }

  // ---- children (used by document, page, frame, group) ----

  get children(): ReadonlyArray<SceneNode> {
    if (!this._children) throw notImplemented(`${this.type}.children`);
    return Object.freeze(this._children.map((c) => c.asNode<SceneNode>()));
  }

  /** Hook for subclasses: which child types they accept. */
  _acceptsChild(child: FakeBaseNode): boolean {
    return child.type !== 'DOCUMENT' && child.type !== 'PAGE';
  }

  /** Hook: called before a child moves in (frames/groups keep relative x, y: nothing to do by default). */
  _insertChildAt(index: number, childNode: unknown, method: string): void {
    if (!this._children) throw notImplemented(`${this.type}.${method}`);
    const child = unwrap(childNode, method);
    if (child._removed) throw nodeDoesNotExist(child.id);
    if (!this._acceptsChild(child)) throw new Error(`in ${method}: Cannot add a ${child.type} node to a ${this.type} node`);
    if (child._isAncestorOf(this)) throw new Error(`in ${method}: Cannot move a node into itself or one of its descendants`);
    if (!Number.isInteger(index) || index < 0 || index > this._children.length) {
      throw new Error(`in ${method}: Index ${index} is out of range (0..${this._children.length})`);
    }
    if (child._parent === this && this._children.indexOf(child) < index) index--;
    const oldParent = child._parent;
    const oldPage = child._page();
    if (oldParent) {
      oldParent._children!.splice(oldParent._children!.indexOf(child), 1);
      child._parent = null;
    }
    this._children.splice(index, 0, child);
    child._parent = this;
    const newPage = child._page();
    if (newPage !== oldPage) {
      oldPage?._nodeChange('DELETE', child);
      newPage?._nodeChange('CREATE', child);
    }
    if (oldParent && oldParent !== this && oldParent.type === 'GROUP' && oldParent._children!.length === 0) {
      oldParent.remove();
    } else if (oldParent && oldParent !== this) oldParent._afterEdit();
  }

  appendChild(child: SceneNode): void {
    this._insertChildAt(this._children?.length ?? 0, child, 'appendChild');
  }

  insertChild(index: number, child: SceneNode): void {
    this._insertChildAt(index, child, 'insertChild');
  }

  _descendants(): FakeBaseNode[] {
    const out: FakeBaseNode[] = [];
    const walk = (n: FakeBaseNode): void => {
      for (const c of n._children ?? []) {
        out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }

  findChildren(callback?: (node: SceneNode) => boolean): SceneNode[] {
    return this.children.filter((c) => (callback ? callback(c) : true));
  }

  findChild(callback: (node: SceneNode) => boolean): SceneNode | null {
    return this.children.find((c) => callback(c)) ?? null;
  }

  findAll(callback?: (node: SceneNode) => boolean): SceneNode[] {
    if (!this._children) throw notImplemented(`${this.type}.findAll`);
    const all = this._descendants().map((n) => n.asNode<SceneNode>());
    return callback ? all.filter((n) => callback(n)) : all;
  }

  findOne(callback: (node: SceneNode) => boolean): SceneNode | null {
    if (!this._children) throw notImplemented(`${this.type}.findOne`);
    for (const n of this._descendants()) if (callback(n.asNode<SceneNode>())) return n.asNode<SceneNode>();
    return null;
  }

  // ---- plugin data and relaunch data ----

  getPluginData(key: string): string {
    return this._data.get(key);
  }
  setPluginData(key: string, value: string): void {
    this._data.set(key, value);
  }
  getPluginDataKeys(): string[] {
    return this._data.keys();
  }
  getSharedPluginData(namespace: string, key: string): string {
    return this._data.getShared(namespace, key);
  }
  setSharedPluginData(namespace: string, key: string, value: string): void {
    this._data.setShared(namespace, key, value);
  }
  getSharedPluginDataKeys(namespace: string): string[] {
    return this._data.sharedKeys(namespace);
  }
  setRelaunchData(data: { [command: string]: string }): void {
    this._relaunch = validateRelaunchData(data, this._ctx.relaunchCommands);
  }
  getRelaunchData(): { [command: string]: string } {
    return { ...this._relaunch };
  }
}
