import { fontKey } from './context';
import { checkPaints, readPaints } from './paints-and-images';
import { PluginDataStore } from './plugin-data';
import { strictObject } from './strict-proxy';
import { unloadedFont } from './fonts';

/**
 * Local paint and text styles. Nodes keep the id (setFillStyleIdAsync / setTextStyleIdAsync);
 * a paint style's paints are read through on every fills read, a text style's properties are
 * copied onto its text nodes when applied and again whenever the style changes.
 */

export interface TextStyleProps {
  fontName: FontName;
  fontSize: number;
  lineHeight: LineHeight;
  letterSpacing: LetterSpacing;
}

interface StyleRecord {
  id: string;
  type: 'PAINT' | 'TEXT';
  name: string;
  description: string;
  paints: ReadonlyArray<Paint>;
  text: TextStyleProps;
  removed: boolean;
  data: PluginDataStore;
  proxy: BaseStyle;
}

export interface StyleStore {
  createPaintStyle(): PaintStyle;
  createTextStyle(): TextStyle;
  getLocalPaintStylesAsync(): Promise<PaintStyle[]>;
  getLocalTextStylesAsync(): Promise<TextStyle[]>;
  getStyleByIdAsync(id: string): Promise<BaseStyle | null>;
  /** The paints of a live paint style, or null. */
  paintsOf(id: string): ReadonlyArray<Paint> | null;
  /** The properties of a live text style, or null. */
  textOf(id: string): TextStyleProps | null;
}

function styleKey(n: number): string {
  return n.toString(16).padStart(40, '0');
}

export function createStyleStore(
  nextId: () => string,
  loadedFonts: Set<string>,
  onTextStyleChanged: (id: string) => void,
  changed: () => void,
): StyleStore {
  const styles = new Map<string, StyleRecord>();
  let counter = 0;

  function make(type: 'PAINT' | 'TEXT'): StyleRecord {
    const key = styleKey(++counter);
    // Local style ids in Figma are "S:<key>,<node id>".
    const id = `S:${key},${nextId()}`;
    const rec: StyleRecord = {
      id,
      type,
      name: type === 'PAINT' ? 'Paint style' : 'Text style',
      description: '',
      paints: checkPaints('paints', []),
      text: { fontName: { family: 'Inter', style: 'Regular' }, fontSize: 12, lineHeight: { unit: 'AUTO' }, letterSpacing: { unit: 'PERCENT', value: 0 } },
      removed: false,
      data: new PluginDataStore(),
      proxy: null as unknown as BaseStyle,
    };
    const live = (method: string): StyleRecord => {
      if (rec.removed) throw new Error(`in ${method}: The style with id "${id}" does not exist`);
      return rec;
    };
    const requireFont = (font: FontName): void => {
      if (!loadedFonts.has(fontKey(font))) throw unloadedFont(font);
    };
    const textChanged = (): void => {
      onTextStyleChanged(id);
      changed();
    };
    const common = {
      get id() {
        return id;
      },
      get type() {
        return type;
      },
      get name() {
        return rec.name;
      },
      set name(v: string) {
        if (typeof v !== 'string') throw new Error('in set_name: Expected name to be a string');
        live('set_name').name = v;
      },
      get description() {
        return rec.description;
      },
      set description(v: string) {
        rec.description = String(v);
      },
      get remote() {
        return false;
      },
      get key() {
        return key;
      },
      remove(): void {
        rec.removed = true;
        changed();
      },
      getPluginData: (k: string) => rec.data.get(k),
      setPluginData: (k: string, v: string) => rec.data.set(k, v),
      getPluginDataKeys: () => rec.data.keys(),
      getSharedPluginData: (ns: string, k: string) => rec.data.getShared(ns, k),
      setSharedPluginData: (ns: string, k: string, v: string) => rec.data.setShared(ns, k, v),
      getSharedPluginDataKeys: (ns: string) => rec.data.sharedKeys(ns),
    };
    const target =
      type === 'PAINT'
        ? Object.defineProperties(common, {
            paints: {
              get: () => readPaints(rec.paints),
              set: (v: ReadonlyArray<Paint>) => {
                live('set_paints').paints = checkPaints('paints', v);
                changed();
              },
              enumerable: true,
            },
          })
        : Object.defineProperties(common, {
            fontName: {
              get: () => ({ ...rec.text.fontName }),
              set: (v: FontName) => {
                if (typeof v?.family !== 'string' || typeof v?.style !== 'string') throw new Error('in set_fontName: Expected a FontName');
                requireFont(v);
                live('set_fontName').text.fontName = { family: v.family, style: v.style };
                textChanged();
              },
              enumerable: true,
            },
            fontSize: {
              get: () => rec.text.fontSize,
              set: (v: number) => {
                if (typeof v !== 'number' || !(v >= 1)) throw new Error('in set_fontSize: Expected "fontSize" to have value >=1');
                requireFont(rec.text.fontName);
                live('set_fontSize').text.fontSize = v;
                textChanged();
              },
              enumerable: true,
            },
            lineHeight: {
              get: () => ({ ...rec.text.lineHeight }),
              set: (v: LineHeight) => {
                requireFont(rec.text.fontName);
                live('set_lineHeight').text.lineHeight = checkLineHeight(v, 'set_lineHeight');
                textChanged();
              },
              enumerable: true,
            },
            letterSpacing: {
              get: () => ({ ...rec.text.letterSpacing }),
              set: (v: LetterSpacing) => {
                requireFont(rec.text.fontName);
                live('set_letterSpacing').text.letterSpacing = checkLetterSpacing(v, 'set_letterSpacing');
                textChanged();
              },
              enumerable: true,
            },
          });
    rec.proxy = strictObject(target, type === 'PAINT' ? 'PaintStyle' : 'TextStyle') as unknown as BaseStyle;
    styles.set(id, rec);
    changed();
    return rec;
  }

  const local = (type: 'PAINT' | 'TEXT'): BaseStyle[] =>
    [...styles.values()].filter((s) => !s.removed && s.type === type).map((s) => s.proxy);

  return {
    createPaintStyle: () => make('PAINT').proxy as PaintStyle,
    createTextStyle: () => make('TEXT').proxy as TextStyle,
    getLocalPaintStylesAsync: async () => local('PAINT') as PaintStyle[],
    getLocalTextStylesAsync: async () => local('TEXT') as TextStyle[],
    getStyleByIdAsync: async (id) => {
      const s = styles.get(id);
      return s && !s.removed ? s.proxy : null;
    },
    paintsOf(id) {
      const s = styles.get(id);
      return s && !s.removed && s.type === 'PAINT' ? s.paints : null;
    },
    textOf(id) {
      const s = styles.get(id);
      return s && !s.removed && s.type === 'TEXT' ? structuredClone(s.text) : null;
    },
  };
}

export function checkLineHeight(v: unknown, method: string): LineHeight {
  const lh = v as LineHeight;
  if (typeof lh !== 'object' || lh === null) throw new Error(`in ${method}: Expected a LineHeight`);
  if (lh.unit === 'AUTO') return { unit: 'AUTO' };
  if ((lh.unit === 'PIXELS' || lh.unit === 'PERCENT') && typeof lh.value === 'number' && lh.value >= 0 && Number.isFinite(lh.value)) {
    return { unit: lh.unit, value: lh.value };
  }
  throw new Error(`in ${method}: Expected {unit: 'AUTO'} or {value, unit: 'PIXELS' | 'PERCENT'}, got ${JSON.stringify(v)}`);
}

export function checkLetterSpacing(v: unknown, method: string): LetterSpacing {
  const ls = v as LetterSpacing;
  if (
    typeof ls !== 'object' ||
    ls === null ||
    (ls.unit !== 'PIXELS' && ls.unit !== 'PERCENT') ||
    typeof ls.value !== 'number' ||
    !Number.isFinite(ls.value)
  ) {
    throw new Error(`in ${method}: Expected {value, unit: 'PIXELS' | 'PERCENT'}, got ${JSON.stringify(v)}`);
  }
  return { unit: ls.unit, value: ls.value };
}
