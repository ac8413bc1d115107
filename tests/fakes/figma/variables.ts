import { deepFreeze } from './paints-and-images';
import { PluginDataStore } from './plugin-data';
import { strictObject } from './strict-proxy';

/**
 * figma.variables: local collections with modes, variables with a value per mode, aliases, and
 * binding a solid paint's colour to a COLOR variable. Nodes resolve bound paints through
 * `resolvePaints` when their fills are read, so editing a variable re-colours everything bound to it.
 */

interface CollectionRecord {
  id: string;
  name: string;
  modes: { modeId: string; name: string }[];
  variableIds: string[];
  removed: boolean;
  data: PluginDataStore;
  proxy: VariableCollection;
}

interface VariableRecord {
  id: string;
  name: string;
  description: string;
  collectionId: string;
  resolvedType: VariableResolvedDataType;
  valuesByMode: Record<string, VariableValue>;
  scopes: VariableScope[];
  removed: boolean;
  data: PluginDataStore;
  proxy: Variable;
}

const TYPES: readonly VariableResolvedDataType[] = ['COLOR', 'FLOAT', 'STRING', 'BOOLEAN'];

function initialValue(type: VariableResolvedDataType): VariableValue {
  switch (type) {
    case 'COLOR':
      return { r: 1, g: 1, b: 1, a: 1 };
    case 'FLOAT':
      return 0;
    case 'STRING':
      return '';
    default:
      return false;
  }
}

function isAlias(v: unknown): v is VariableAlias {
  return typeof v === 'object' && v !== null && (v as VariableAlias).type === 'VARIABLE_ALIAS';
}

function hex(n: number): string {
  return n.toString(16).padStart(40, '0');
}

export interface VariableStore {
  api: VariablesAPI;
  /** Paints as a node reads them: solid paints bound to a COLOR variable take its current value. */
  resolvePaints(paints: ReadonlyArray<Paint>): ReadonlyArray<Paint>;
}

export function createVariableStore(nextId: () => string, changed: () => void): VariableStore {
  const collections = new Map<string, CollectionRecord>();
  const variables = new Map<string, VariableRecord>();
  // Mode ids look like node ids ("1:7") in Figma.
  const newModeId = nextId;

  const liveCollection = (c: CollectionRecord, method: string): CollectionRecord => {
    if (c.removed) throw new Error(`in ${method}: The variable collection with id "${c.id}" does not exist`);
    return c;
  };
  const liveVariable = (v: VariableRecord, method: string): VariableRecord => {
    if (v.removed) throw new Error(`in ${method}: The variable with id "${v.id}" does not exist`);
    return v;
  };

  function checkValue(v: VariableRecord, value: unknown): VariableValue {
    if (isAlias(value)) {
      const target = variables.get(String(value.id));
      if (!target || target.removed) throw new Error(`in setValueForMode: No variable with id "${String(value.id)}"`);
      if (target.resolvedType !== v.resolvedType) {
        throw new Error(`in setValueForMode: Cannot alias a ${v.resolvedType} variable to a ${target.resolvedType} variable`);
      }
      if (target.id === v.id) throw new Error('in setValueForMode: A variable cannot alias itself');
      return { type: 'VARIABLE_ALIAS', id: target.id };
    }
    const fail = (): never => {
      throw new Error(`in setValueForMode: Expected a ${v.resolvedType} value, got ${JSON.stringify(value)}`);
    };
    switch (v.resolvedType) {
      case 'COLOR': {
        if (typeof value !== 'object' || value === null) fail();
        const c = value as Record<string, unknown>;
        const extra = Object.keys(c).filter((k) => !['r', 'g', 'b', 'a'].includes(k));
        if (extra.length) fail();
        for (const k of ['r', 'g', 'b']) if (typeof c[k] !== 'number' || !(c[k]! >= 0 && c[k]! <= 1)) fail();
        if (c.a !== undefined && (typeof c.a !== 'number' || !(c.a >= 0 && c.a <= 1))) fail();
        return { r: c.r as number, g: c.g as number, b: c.b as number, a: (c.a as number | undefined) ?? 1 };
      }
      case 'FLOAT':
        if (typeof value !== 'number' || !Number.isFinite(value)) fail();
        return value as number;
      case 'STRING':
        if (typeof value !== 'string') fail();
        return value as string;
      default:
        if (typeof value !== 'boolean') fail();
        return value as boolean;
    }
  }

  /** The value in the collection's default mode, aliases followed (null when unresolvable). */
  function resolve(id: string, seen = new Set<string>()): VariableValue | null {
    const v = variables.get(id);
    if (!v || v.removed || seen.has(id)) return null;
    seen.add(id);
    const c = collections.get(v.collectionId)!;
    const value = v.valuesByMode[c.modes[0].modeId];
    return isAlias(value) ? resolve(value.id, seen) : value;
  }

  function makeCollection(name: string): CollectionRecord {
    const id = `VariableCollectionId:${nextId()}`;
    const rec: CollectionRecord = {
      id,
      name,
      modes: [{ modeId: newModeId(), name: 'Mode 1' }],
      variableIds: [],
      removed: false,
      data: new PluginDataStore(),
      proxy: null as unknown as VariableCollection,
    };
    const target = {
      get id() {
        return id;
      },
      get name() {
        return rec.name;
      },
      set name(v: string) {
        if (typeof v !== 'string' || !v.trim()) throw new Error('in set_name: Expected a non-empty name');
        liveCollection(rec, 'set_name').name = v;
      },
      hiddenFromPublishing: false,
      get remote() {
        return false;
      },
      get isExtension() {
        return false;
      },
      get key() {
        return hex(parseInt(id.replace(/\D/g, ''), 10));
      },
      get modes() {
        return rec.modes.map((m) => ({ ...m }));
      },
      get variableIds() {
        return rec.variableIds.filter((v) => !variables.get(v)!.removed);
      },
      get defaultModeId() {
        return rec.modes[0].modeId;
      },
      addMode(modeName: string): string {
        liveCollection(rec, 'addMode');
        if (typeof modeName !== 'string' || !modeName.trim()) throw new Error('in addMode: Expected a mode name');
        const modeId = newModeId();
        rec.modes.push({ modeId, name: modeName });
        // A new mode starts with each variable's value in the default mode, as in Figma.
        for (const vid of rec.variableIds) {
          const v = variables.get(vid)!;
          v.valuesByMode[modeId] = structuredClone(v.valuesByMode[rec.modes[0].modeId]);
        }
        changed();
        return modeId;
      },
      renameMode(modeId: string, newName: string): void {
        const mode = liveCollection(rec, 'renameMode').modes.find((m) => m.modeId === modeId);
        if (!mode) throw new Error(`in renameMode: No mode with id "${modeId}"`);
        mode.name = newName;
      },
      removeMode(modeId: string): void {
        liveCollection(rec, 'removeMode');
        const i = rec.modes.findIndex((m) => m.modeId === modeId);
        if (i < 0) throw new Error(`in removeMode: No mode with id "${modeId}"`);
        if (rec.modes.length === 1) throw new Error('in removeMode: Cannot remove the last mode of a collection');
        rec.modes.splice(i, 1);
        for (const vid of rec.variableIds) delete variables.get(vid)!.valuesByMode[modeId];
        changed();
      },
      remove(): void {
        rec.removed = true;
        for (const vid of rec.variableIds) variables.get(vid)!.removed = true;
        changed();
      },
      getPluginData: (key: string) => rec.data.get(key),
      setPluginData: (key: string, value: string) => rec.data.set(key, value),
      getPluginDataKeys: () => rec.data.keys(),
      getSharedPluginData: (ns: string, key: string) => rec.data.getShared(ns, key),
      setSharedPluginData: (ns: string, key: string, value: string) => rec.data.setShared(ns, key, value),
      getSharedPluginDataKeys: (ns: string) => rec.data.sharedKeys(ns),
    };
    rec.proxy = strictObject(target, 'VariableCollection') as unknown as VariableCollection;
    collections.set(id, rec);
    return rec;
  }

  function makeVariable(name: string, c: CollectionRecord, type: VariableResolvedDataType): VariableRecord {
    const id = `VariableID:${nextId()}`;
    const rec: VariableRecord = {
      id,
      name,
      description: '',
      collectionId: c.id,
      resolvedType: type,
      valuesByMode: Object.fromEntries(c.modes.map((m) => [m.modeId, initialValue(type)])),
      scopes: ['ALL_SCOPES'],
      removed: false,
      data: new PluginDataStore(),
      proxy: null as unknown as Variable,
    };
    const target = {
      get id() {
        return id;
      },
      get name() {
        return rec.name;
      },
      set name(v: string) {
        liveVariable(rec, 'set_name');
        checkName(v, c, rec);
        rec.name = v;
      },
      get description() {
        return rec.description;
      },
      set description(v: string) {
        rec.description = String(v);
      },
      hiddenFromPublishing: false,
      get remote() {
        return false;
      },
      get variableCollectionId() {
        return c.id;
      },
      get key() {
        return hex(parseInt(id.replace(/\D/g, ''), 10));
      },
      get resolvedType() {
        return type;
      },
      get valuesByMode() {
        return deepFreeze(structuredClone(rec.valuesByMode));
      },
      get scopes() {
        return [...rec.scopes];
      },
      set scopes(v: VariableScope[]) {
        if (!Array.isArray(v)) throw new Error('in set_scopes: Expected an array');
        rec.scopes = [...v];
      },
      get codeSyntax() {
        return {};
      },
      setValueForMode(modeId: string, value: VariableValue): void {
        liveVariable(rec, 'setValueForMode');
        if (!c.modes.some((m) => m.modeId === modeId)) {
          throw new Error(`in setValueForMode: Mode "${String(modeId)}" is not in the variable's collection`);
        }
        rec.valuesByMode[modeId] = checkValue(rec, value);
        changed();
      },
      resolveForConsumer(_consumer: SceneNode): { value: VariableValue; resolvedType: VariableResolvedDataType } {
        const value = resolve(liveVariable(rec, 'resolveForConsumer').id);
        if (value === null) throw new Error('in resolveForConsumer: The variable could not be resolved');
        return { value: structuredClone(value), resolvedType: type };
      },
      remove(): void {
        rec.removed = true;
        changed();
      },
      getPluginData: (key: string) => rec.data.get(key),
      setPluginData: (key: string, value: string) => rec.data.set(key, value),
      getPluginDataKeys: () => rec.data.keys(),
      getSharedPluginData: (ns: string, key: string) => rec.data.getShared(ns, key),
      setSharedPluginData: (ns: string, key: string, value: string) => rec.data.setShared(ns, key, value),
      getSharedPluginDataKeys: (ns: string) => rec.data.sharedKeys(ns),
    };
    rec.proxy = strictObject(target, 'Variable') as unknown as Variable;
    variables.set(id, rec);
    c.variableIds.push(id);
    return rec;
  }

  function checkName(name: unknown, c: CollectionRecord, self?: VariableRecord): asserts name is string {
    if (typeof name !== 'string' || !name.trim()) throw new Error('Expected a non-empty variable name');
    // Figma's variable names are paths ("color/primary"); these characters are refused.
    if (/[.{}]/.test(name)) throw new Error(`Invalid variable name "${name}": names cannot contain ".", "{" or "}"`);
    const clash = c.variableIds.map((v) => variables.get(v)!).find((v) => !v.removed && v !== self && v.name === name);
    if (clash) throw new Error(`A variable named "${name}" already exists in collection "${c.name}"`);
  }

  const recordOf = (v: unknown, method: string): VariableRecord => {
    const rec = typeof v === 'object' && v !== null ? variables.get((v as Variable).id) : undefined;
    if (!rec || rec.proxy !== v) throw new Error(`in ${method}: Expected a Variable`);
    return liveVariable(rec, method);
  };

  const dynamicPage = (name: string, instead: string): never => {
    throw new Error(`Cannot call ${name} with documentAccess: dynamic-page. Use ${instead} instead.`);
  };

  const api = {
    async getVariableByIdAsync(id: string): Promise<Variable | null> {
      const v = variables.get(id);
      return v && !v.removed ? v.proxy : null;
    },
    getVariableById: (): Variable | null => dynamicPage('getVariableById', 'getVariableByIdAsync'),
    async getVariableCollectionByIdAsync(id: string): Promise<VariableCollection | null> {
      const c = collections.get(id);
      return c && !c.removed ? c.proxy : null;
    },
    getVariableCollectionById: (): VariableCollection | null =>
      dynamicPage('getVariableCollectionById', 'getVariableCollectionByIdAsync'),
    async getLocalVariablesAsync(type?: VariableResolvedDataType): Promise<Variable[]> {
      if (type !== undefined && !TYPES.includes(type)) throw new Error(`in getLocalVariablesAsync: Unknown type "${String(type)}"`);
      return [...variables.values()].filter((v) => !v.removed && (!type || v.resolvedType === type)).map((v) => v.proxy);
    },
    getLocalVariables: (): Variable[] => dynamicPage('getLocalVariables', 'getLocalVariablesAsync'),
    async getLocalVariableCollectionsAsync(): Promise<VariableCollection[]> {
      return [...collections.values()].filter((c) => !c.removed).map((c) => c.proxy);
    },
    getLocalVariableCollections: (): VariableCollection[] =>
      dynamicPage('getLocalVariableCollections', 'getLocalVariableCollectionsAsync'),
    createVariableCollection(name: string): VariableCollection {
      if (typeof name !== 'string' || !name.trim()) throw new Error('in createVariableCollection: Expected a non-empty name');
      const c = makeCollection(name);
      changed();
      return c.proxy;
    },
    createVariable(name: string, collection: VariableCollection | string, resolvedType: VariableResolvedDataType): Variable {
      if (typeof collection === 'string') {
        throw new Error(
          'in createVariable: Passing a collection id is not supported with documentAccess: dynamic-page. Pass the VariableCollection object.',
        );
      }
      const c = [...collections.values()].find((r) => r.proxy === collection);
      if (!c) throw new Error('in createVariable: Expected a VariableCollection');
      liveCollection(c, 'createVariable');
      if (!TYPES.includes(resolvedType)) throw new Error(`in createVariable: Unknown resolvedType "${String(resolvedType)}"`);
      try {
        checkName(name, c);
      } catch (e) {
        throw new Error(`in createVariable: ${(e as Error).message}`);
      }
      const v = makeVariable(name, c, resolvedType);
      changed();
      return v.proxy;
    },
    createVariableAlias(variable: Variable): VariableAlias {
      return { type: 'VARIABLE_ALIAS', id: recordOf(variable, 'createVariableAlias').id };
    },
    async createVariableAliasByIdAsync(variableId: string): Promise<VariableAlias> {
      const v = variables.get(variableId);
      if (!v || v.removed) throw new Error(`in createVariableAliasByIdAsync: No variable with id "${variableId}"`);
      return { type: 'VARIABLE_ALIAS', id: v.id };
    },
    setBoundVariableForPaint(paint: SolidPaint, field: VariableBindablePaintField, variable: Variable | null): SolidPaint {
      if (typeof paint !== 'object' || paint === null || paint.type !== 'SOLID') {
        throw new Error('in setBoundVariableForPaint: Expected a SolidPaint');
      }
      if (field !== 'color') throw new Error(`in setBoundVariableForPaint: Cannot bind field "${String(field)}" of a paint`);
      const copy = structuredClone(paint) as { -readonly [K in keyof SolidPaint]: SolidPaint[K] };
      if (variable === null) {
        const rest = { ...(copy.boundVariables ?? {}) };
        delete rest.color;
        copy.boundVariables = rest;
        return copy;
      }
      const rec = recordOf(variable, 'setBoundVariableForPaint');
      if (rec.resolvedType !== 'COLOR') {
        throw new Error(`in setBoundVariableForPaint: Cannot bind a ${rec.resolvedType} variable to a paint's color`);
      }
      copy.boundVariables = { ...(copy.boundVariables ?? {}), color: { type: 'VARIABLE_ALIAS', id: rec.id } };
      return copy;
    },
  };

  return {
    api: strictObject(api, 'figma.variables') as unknown as VariablesAPI,
    resolvePaints(paints) {
      if (!paints.some((p) => p.type === 'SOLID' && p.boundVariables?.color)) return paints;
      return paints.map((p) => {
        const id = p.type === 'SOLID' ? p.boundVariables?.color?.id : undefined;
        const value = id ? resolve(id) : null;
        if (!value || typeof value !== 'object' || isAlias(value) || !('r' in value)) return p;
        const rgba = value as RGBA;
        return { ...p, color: { r: rgba.r, g: rgba.g, b: rgba.b }, opacity: rgba.a ?? 1 } as SolidPaint;
      });
    },
  };
}
