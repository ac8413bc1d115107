import { parseRatio } from '../../shared/models/capabilities';
import {
  TEXT_ROLE_SCALE,
  type ColorToken,
  type FrameSpec,
  type IconSpec,
  type ImageSpec,
  type NodeSpec,
  type Palette,
  type ShapeSpec,
  type Sizing,
  type TextSpec,
  type Typography,
} from '../../shared/design/spec';
import type { FontBook } from './fonts';
import { iconSvg } from './icons';
import type { PaletteBinding } from './palette';

/** Plugin data on every built frame: where it sits in the spec ("2" is section 2, "2.0" its first child). */
export const DESIGN_PATH_KEY = 'design-path';
/** Plugin data on an image slot: the prompt its image is generated from. */
export const DESIGN_SLOT_KEY = 'design-slot';

export interface SlotInfo {
  nodeId: string;
  prompt: string;
  name: string;
  width: number;
  height: number;
}

export interface BuildContext {
  palette: PaletteBinding;
  /** The file's own text styles by role, when "Use this file's styles" found them. */
  textStyles?: Partial<Record<TextSpec['role'], TextStyle>>;
  hex: Palette;
  fonts: FontBook;
  typography: Typography;
  notes: string[];
  slots: SlotInfo[];
}

type Direction = FrameSpec['direction'];
type Sized = SceneNode & LayoutMixin;

const JUSTIFY = { start: 'MIN', center: 'CENTER', end: 'MAX', 'space-between': 'SPACE_BETWEEN' } as const;
const ALIGN = { start: 'MIN', center: 'CENTER', end: 'MAX' } as const;

/**
 * Builds one spec node (and its subtree) as real Figma nodes inside an auto-layout parent.
 * Sizing is set after appending, because FILL exists only for children of auto layout.
 * Image heights follow their aspect once widths are known (see `settleImageHeights`).
 */
export async function buildNode(
  spec: NodeSpec,
  parent: FrameNode,
  ctx: BuildContext,
  path: string,
  surface: ColorToken | undefined,
): Promise<SceneNode> {
  const direction: Direction = parent.layoutMode === 'HORIZONTAL' ? 'horizontal' : 'vertical';
  switch (spec.kind) {
    case 'frame':
      return buildFrame(spec, parent, ctx, path, direction, surface);
    case 'text':
      return buildText(spec, parent, ctx, direction, surface);
    case 'image':
      return buildImage(spec, parent, ctx, direction);
    case 'shape':
      return buildShape(spec, parent, ctx);
    case 'icon':
      return buildIcon(spec, parent, ctx, surface);
  }
}

async function buildFrame(
  spec: FrameSpec,
  parent: FrameNode,
  ctx: BuildContext,
  path: string,
  parentDirection: Direction,
  surface: ColorToken | undefined,
): Promise<FrameNode> {
  const frame = figma.createFrame();
  frame.name = spec.name || (spec.direction === 'horizontal' ? 'Row' : 'Stack');
  frame.setPluginData(DESIGN_PATH_KEY, path);
  frame.layoutMode = spec.direction === 'horizontal' ? 'HORIZONTAL' : 'VERTICAL';
  const gap = spec.gap ?? 0;
  frame.itemSpacing = gap;
  const [top, right, bottom, left] = paddingOf(spec.padding);
  frame.paddingTop = top;
  frame.paddingRight = right;
  frame.paddingBottom = bottom;
  frame.paddingLeft = left;
  frame.primaryAxisAlignItems = JUSTIFY[spec.justify ?? 'start'];
  frame.counterAxisAlignItems = ALIGN[spec.align ?? 'start'];
  if (spec.wrap && spec.direction === 'horizontal') {
    frame.layoutWrap = 'WRAP';
    frame.counterAxisSpacing = gap;
  }
  frame.fills = [];
  if (spec.fill) await ctx.palette.fill(frame, spec.fill);
  if (spec.stroke) {
    frame.strokes = [ctx.palette.paint(spec.stroke)];
    frame.strokeWeight = 1;
  }
  if (spec.radius) frame.cornerRadius = spec.radius;
  frame.clipsContent = false;
  parent.appendChild(frame);
  setSizing(frame, spec.width ?? (parentDirection === 'vertical' ? 'fill' : 'hug'), spec.height ?? 'hug', true);

  const inner = spec.fill ?? surface;
  for (const [index, child] of spec.children.entries()) {
    await buildNode(child, frame, ctx, `${path}.${index}`, inner);
  }
  return frame;
}

async function buildText(
  spec: TextSpec,
  parent: FrameNode,
  ctx: BuildContext,
  parentDirection: Direction,
  surface: ColorToken | undefined,
): Promise<TextNode> {
  const text = figma.createText();
  const scale = TEXT_ROLE_SCALE[spec.role];
  text.fontName = ctx.fonts.fontFor(spec.role);
  text.characters = spec.text;
  text.fontSize = Math.round(ctx.typography.baseSize * scale.size);
  text.lineHeight = { unit: 'PERCENT', value: scale.heading ? 120 : 150 };
  text.textAlignHorizontal = spec.align === 'center' ? 'CENTER' : spec.align === 'right' ? 'RIGHT' : 'LEFT';
  text.fills = [ctx.palette.paint(spec.color ?? defaultTextColor(spec.role, surface))];
  const style = ctx.textStyles?.[spec.role];
  if (style) await text.setTextStyleIdAsync(style.id);
  text.name = spec.name || roleName(spec.role, spec.text);
  parent.appendChild(text);
  const width = spec.width ?? (parentDirection === 'vertical' ? 'fill' : 'hug');
  if (width === 'hug') {
    text.textAutoResize = 'WIDTH_AND_HEIGHT';
  } else {
    text.textAutoResize = 'HEIGHT';
    if (width === 'fill') text.layoutSizingHorizontal = 'FILL';
    else text.resize(width, text.height);
  }
  return text;
}

async function buildImage(spec: ImageSpec, parent: FrameNode, ctx: BuildContext, parentDirection: Direction): Promise<RectangleNode> {
  const slot = figma.createRectangle();
  slot.name = spec.name || 'Image';
  slot.setPluginData(DESIGN_SLOT_KEY, spec.prompt);
  // A slot with a fixed height keeps it; any other takes its aspect's height once laid out.
  if (typeof spec.height !== 'number') slot.setPluginData(ASPECT_KEY, String(aspectOf(spec)));
  slot.fills = [{ ...ctx.palette.paint('muted'), opacity: 0.18 }];
  if (spec.radius) slot.cornerRadius = spec.radius;
  slot.resize(typeof spec.width === 'number' ? spec.width : 320, typeof spec.height === 'number' ? spec.height : 240);
  parent.appendChild(slot);
  const width = spec.width ?? (parentDirection === 'vertical' ? 'fill' : 320);
  setSizing(slot, width === 'hug' ? 'fill' : width, spec.height === 'hug' ? undefined : spec.height, false);
  ctx.slots.push({ nodeId: slot.id, prompt: spec.prompt, name: slot.name, width: slot.width, height: slot.height });
  return slot;
}

async function buildShape(spec: ShapeSpec, parent: FrameNode, ctx: BuildContext): Promise<SceneNode> {
  const shape = spec.shape === 'ellipse' ? figma.createEllipse() : figma.createRectangle();
  shape.name = spec.name || (spec.shape === 'ellipse' ? 'Circle' : 'Rectangle');
  shape.resize(typeof spec.width === 'number' ? spec.width : 48, typeof spec.height === 'number' ? spec.height : 48);
  await ctx.palette.fill(shape, spec.color);
  if (spec.radius && shape.type === 'RECTANGLE') shape.cornerRadius = spec.radius;
  parent.appendChild(shape);
  setSizing(shape, spec.width === 'hug' ? 48 : spec.width, spec.height === 'hug' ? 48 : spec.height, false);
  return shape;
}

async function buildIcon(spec: IconSpec, parent: FrameNode, ctx: BuildContext, surface: ColorToken | undefined): Promise<FrameNode> {
  const token = spec.color ?? (surface === 'primary' ? 'onPrimary' : 'text');
  const icon = figma.createNodeFromSvg(iconSvg(spec.name, ctx.hex[token]));
  icon.name = `Icon · ${spec.name}`;
  icon.fills = [];
  const size = spec.size ?? 24;
  icon.rescale(size / 24);
  // Bound like every other colour, so re-theming reaches the icons too.
  for (const vector of icon.findAll((n) => n.type === 'VECTOR') as VectorNode[]) {
    if (vector.strokes.length > 0) vector.strokes = [ctx.palette.paint(token)];
  }
  parent.appendChild(icon);
  return icon;
}

const ASPECT_KEY = 'design-aspect';

/**
 * Gives each image slot its aspect's height once the layout has settled its width (a FILL
 * slot's width depends on its siblings, built after it), and records the slot's final size.
 */
export function settleImageHeights(root: FrameNode, slots: SlotInfo[]): void {
  for (const slot of slots) {
    const node = root.findOne((n) => n.id === slot.nodeId) as RectangleNode | null;
    if (!node) continue;
    const aspect = Number(node.getPluginData(ASPECT_KEY));
    if (aspect > 0 && node.layoutSizingVertical === 'FIXED') {
      const horizontal = node.layoutSizingHorizontal;
      node.resize(node.width, Math.max(1, Math.round(node.width / aspect)));
      if (horizontal === 'FILL') node.layoutSizingHorizontal = 'FILL';
    }
    slot.width = node.width;
    slot.height = node.height;
  }
}

function setSizing(node: Sized, width: Sizing | undefined, height: Sizing | undefined, canHug: boolean): void {
  const axis = (value: Sizing | undefined, which: 'Horizontal' | 'Vertical') => {
    const key = `layoutSizing${which}` as const;
    if (value === 'fill') node[key] = 'FILL';
    else if (value === 'hug') node[key] = canHug ? 'HUG' : 'FIXED';
    else if (typeof value === 'number') {
      node[key] = 'FIXED';
      if (which === 'Horizontal') node.resize(value, node.height);
      else node.resize(node.width, value);
    } else node[key] = 'FIXED';
  };
  axis(width, 'Horizontal');
  axis(height, 'Vertical');
}

function aspectOf(spec: ImageSpec): number {
  if (spec.aspect) return parseRatio(spec.aspect) ?? 16 / 9;
  if (typeof spec.width === 'number' && typeof spec.height === 'number') return spec.width / spec.height;
  return 16 / 9;
}

function paddingOf(padding: FrameSpec['padding']): [number, number, number, number] {
  if (padding === undefined) return [0, 0, 0, 0];
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  if (padding.length === 2) return [padding[0], padding[1], padding[0], padding[1]];
  if (padding.length === 3) return [padding[0], padding[1], padding[2], padding[1]];
  return [padding[0], padding[1], padding[2], padding[3]];
}

function defaultTextColor(role: TextSpec['role'], surface: ColorToken | undefined): ColorToken {
  if (surface === 'primary') return 'onPrimary';
  if (role === 'caption' || role === 'label') return 'muted';
  return 'text';
}

/** Layers named for what they are: "Heading · Choose your roast", "Button · Start". */
function roleName(role: TextSpec['role'], text: string): string {
  const label = { display: 'Display', h1: 'Heading', h2: 'Heading', h3: 'Subheading', body: 'Body', caption: 'Caption', label: 'Label', button: 'Button label' }[role];
  const short = text.replace(/\s+/g, ' ').trim();
  return `${label} · ${short.length > 32 ? `${short.slice(0, 31)}…` : short}`;
}
