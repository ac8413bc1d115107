/**
 * Reads a "split into layers" result (ideogram-ai/layerize). Its Output, as Replicate
 * publishes it (version 7a5ca3d9): `{background_image: uri, text_html: string,
 * text_containers: string, seed: integer, resolution: string}`. `text_containers` is JSON
 * text; its exact shape is not published on the model page, so this reads what Ideogram's
 * own Layerize API returns for its text blocks (`text`, `x`, `y`, `width`, `height`,
 * `font_size`, `font_name`, `color`, `alignment`, `role`, pixels of the source image), and
 * the common variants of it (a `bbox` of corners, a wrapping object). An older version
 * returned a plain list of URLs: its first is the background, with no text.
 */

export interface TextBox {
  text: string;
  /** In pixels of `LayeredOutput.space`. */
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize?: number;
  fontFamily?: string;
  /** `#rrggbb`. */
  color?: string;
  align?: 'LEFT' | 'CENTER' | 'RIGHT' | 'JUSTIFIED';
  /** heading, body… as the model names it. */
  role?: string;
}

export interface LayeredOutput {
  background: string;
  texts: TextBox[];
  /** The pixel space the boxes are in (from `resolution`), when the model said. */
  space?: { width: number; height: number };
}

const MAX_BOXES = 200;
const MAX_TEXT = 5000;

/** A layered result, or undefined for any other output (a URL, a list of URLs…). */
export function readLayeredOutput(output: unknown): LayeredOutput | undefined {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return undefined;
  const record = output as Record<string, unknown>;
  const background = record.background_image ?? record.base_image_url ?? record.background;
  if (typeof background !== 'string' || !background) return undefined;
  const space = readResolution(record.resolution);
  let texts = readBoxes(parseJson(record.text_containers) ?? record.text_blocks);
  // Boxes given as fractions of the image (all within 0..1) are scaled to its pixels.
  if (space && texts.length > 0 && texts.every((t) => t.x + t.width <= 1.001 && t.y + t.height <= 1.001)) {
    texts = texts.map((t) => ({ ...t, x: t.x * space.width, y: t.y * space.height, width: t.width * space.width, height: t.height * space.height }));
  }
  // At least a pixel: a sliver the model reported still gets a layer the person can find.
  texts = texts.map((t) => ({ ...t, width: Math.max(1, t.width), height: Math.max(1, t.height) }));
  return { background, texts, ...(space ? { space } : {}) };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** `1024x768`, `1024×768`, `1024*768`. */
function readResolution(value: unknown): { width: number; height: number } | undefined {
  const match = /^\s*(\d{1,5})\s*[x×*]\s*(\d{1,5})\s*$/i.exec(String(value ?? ''));
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function readBoxes(value: unknown): TextBox[] {
  let list = value;
  if (list && typeof list === 'object' && !Array.isArray(list)) {
    const record = list as Record<string, unknown>;
    list = record.text_blocks ?? record.text_containers ?? record.containers ?? record.blocks;
  }
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_BOXES).flatMap((item) => {
    const box = readBox(item);
    return box ? [box] : [];
  });
}

function readBox(item: unknown): TextBox | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const r = item as Record<string, unknown>;
  const text = typeof r.text === 'string' ? r.text : typeof r.content === 'string' ? r.content : undefined;
  if (!text?.trim()) return undefined;
  const geometry = readGeometry(r);
  if (!geometry) return undefined;
  const size = finite(r.font_size ?? r.fontSize);
  const family = typeof (r.font_name ?? r.font_family) === 'string' ? String(r.font_name ?? r.font_family) : undefined;
  const color = readColour(r.color ?? r.font_color ?? r.colour);
  const align = readAlign(r.alignment ?? r.align ?? r.text_align);
  return {
    text: text.slice(0, MAX_TEXT),
    ...geometry,
    ...(size && size > 0 ? { fontSize: size } : {}),
    ...(family?.trim() ? { fontFamily: family.trim() } : {}),
    ...(color ? { color } : {}),
    ...(align ? { align } : {}),
    ...(typeof r.role === 'string' ? { role: r.role } : {}),
  };
}

function readGeometry(r: Record<string, unknown>): Pick<TextBox, 'x' | 'y' | 'width' | 'height'> | undefined {
  const bbox = r.bbox ?? r.bounding_box ?? r.box;
  if (Array.isArray(bbox) && bbox.length === 4 && bbox.every((n) => finite(n) !== undefined)) {
    const [x1, y1, x2, y2] = bbox.map(Number);
    return positive({ x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) });
  }
  const source = bbox && typeof bbox === 'object' && !Array.isArray(bbox) ? (bbox as Record<string, unknown>) : r;
  const x = finite(source.x ?? source.left);
  const y = finite(source.y ?? source.top);
  const width = finite(source.width ?? source.w);
  const height = finite(source.height ?? source.h);
  if (x === undefined || y === undefined || width === undefined) return undefined;
  // Some blocks give no height: one line of their font size.
  const fallbackHeight = finite(r.font_size) ? Number(r.font_size) * 1.2 : undefined;
  return positive({ x, y, width, height: height ?? fallbackHeight ?? 0 });
}

function positive(box: Pick<TextBox, 'x' | 'y' | 'width' | 'height'>) {
  return box.width > 0 && box.height > 0 ? box : undefined;
}

function finite(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function readColour(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value.trim());
  if (!hex) return undefined;
  const digits = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
  return `#${digits.toLowerCase()}`;
}

function readAlign(value: unknown): TextBox['align'] | undefined {
  switch (String(value ?? '').toLowerCase()) {
    case 'left':
    case 'start':
      return 'LEFT';
    case 'center':
    case 'centre':
    case 'middle':
      return 'CENTER';
    case 'right':
    case 'end':
      return 'RIGHT';
    case 'justify':
    case 'justified':
      return 'JUSTIFIED';
    default:
      return undefined;
  }
}
