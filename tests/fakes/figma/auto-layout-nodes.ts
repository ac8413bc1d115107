import { layoutFlow, type CounterAlign, type FlowFrame, type FlowItem, type PrimaryAlign } from './auto-layout';
import type { FakeBaseNode } from './node-base';
import type { FakeSceneNode } from './scene-node';

/**
 * Runs auto layout on the fake's nodes: after any edit, the topmost chain of auto-layout frames
 * around the edited node is laid out again: hug sizes bottom-up, then child boxes and fill sizes
 * top-down, repeated until nothing moves (a fill width can change a wrapped text's height, which
 * changes its parent's hug height). Also the rules of layoutSizingHorizontal/Vertical.
 */

/** The auto-layout fields of a frame (containers.ts). */
export interface AutoLayoutFields {
  _layoutMode: 'NONE' | 'HORIZONTAL' | 'VERTICAL';
  _primarySizing: 'FIXED' | 'AUTO';
  _counterSizing: 'FIXED' | 'AUTO';
  _paddingLeft: number;
  _paddingRight: number;
  _paddingTop: number;
  _paddingBottom: number;
  _itemSpacing: number;
  _counterAxisSpacing: number | null;
  _primaryAlign: PrimaryAlign;
  _counterAlign: CounterAlign;
  _counterAlignContent: 'AUTO' | 'SPACE_BETWEEN';
  _layoutWrap: 'NO_WRAP' | 'WRAP';
}

/** What a text node offers the engine (shapes.ts). */
interface TextFields {
  _autoResize: TextNode['textAutoResize'];
  _relayout(): void;
  _baseline(): number;
}

type Frame = FakeSceneNode & AutoLayoutFields;
type Axis = 'HORIZONTAL' | 'VERTICAL';
export type LayoutSizing = 'FIXED' | 'HUG' | 'FILL';

export function isAutoLayout(node: FakeBaseNode | null | undefined): node is Frame {
  return !!node && '_layoutMode' in node && (node as Partial<Frame>)._layoutMode !== 'NONE';
}

function isText(node: FakeSceneNode): node is FakeSceneNode & TextFields {
  return node.type === 'TEXT';
}

function isScene(node: FakeBaseNode): node is FakeSceneNode {
  return '_layoutPositioning' in node;
}

/** Whether a child takes part in its auto-layout parent's flow. */
export function inFlow(child: FakeSceneNode): boolean {
  return child._visible && child._layoutPositioning === 'AUTO';
}

/** Whether `node` fills `axis` of its auto-layout parent. */
function fills(node: FakeSceneNode, axis: Axis): boolean {
  const p = node._parent;
  if (!isAutoLayout(p) || node._layoutPositioning !== 'AUTO') return false;
  return p._layoutMode === axis ? node._layoutGrow === 1 : node._layoutAlign === 'STRETCH';
}

function sizingOf(frame: Frame, axis: Axis): 'FIXED' | 'AUTO' {
  return frame._layoutMode === axis ? frame._primarySizing : frame._counterSizing;
}

function setSizingOf(frame: Frame, axis: Axis, v: 'FIXED' | 'AUTO'): void {
  if (frame._layoutMode === axis) frame._primarySizing = v;
  else frame._counterSizing = v;
}

/** The frame as the pure engine sees it: an axis filled by the parent counts as fixed. */
function flowFrame(f: Frame): FlowFrame {
  const wAuto = sizingOf(f, 'HORIZONTAL') === 'AUTO' && !fills(f, 'HORIZONTAL');
  const hAuto = sizingOf(f, 'VERTICAL') === 'AUTO' && !fills(f, 'VERTICAL');
  const horizontal = f._layoutMode === 'HORIZONTAL';
  return {
    direction: f._layoutMode as Axis,
    width: f._w,
    height: f._h,
    primarySizing: (horizontal ? wAuto : hAuto) ? 'AUTO' : 'FIXED',
    counterSizing: (horizontal ? hAuto : wAuto) ? 'AUTO' : 'FIXED',
    paddingLeft: f._paddingLeft,
    paddingRight: f._paddingRight,
    paddingTop: f._paddingTop,
    paddingBottom: f._paddingBottom,
    itemSpacing: f._itemSpacing,
    counterAxisSpacing: f._counterAxisSpacing ?? f._itemSpacing,
    primaryAlign: f._primaryAlign,
    counterAlign: f._counterAlign === 'BASELINE' && !horizontal ? 'MIN' : f._counterAlign,
    counterAlignContent: f._counterAlignContent,
    wrap: f._layoutWrap === 'WRAP',
    minWidth: f._minWidth,
    maxWidth: f._maxWidth,
    minHeight: f._minHeight,
    maxHeight: f._maxHeight,
  };
}

function flowChildren(f: Frame): FakeSceneNode[] {
  return f._sceneChildren().filter(inFlow);
}

function flowItem(c: FakeSceneNode, parent: Frame): FlowItem {
  const box = c.type === 'GROUP' ? c._absBox() : { width: c._w, height: c._h };
  return {
    width: box.width,
    height: box.height,
    grow: c._layoutGrow === 1,
    stretch: c._layoutAlign === 'STRETCH',
    baseline: parent._counterAlign === 'BASELINE' && isText(c) ? c._baseline() : undefined,
    minWidth: c._minWidth,
    maxWidth: c._maxWidth,
    minHeight: c._minHeight,
    maxHeight: c._maxHeight,
  };
}

/** Bottom-up: hugging frames take their content's size. */
function measure(f: Frame): void {
  for (const c of f._sceneChildren()) if (isAutoLayout(c)) measure(c);
  const ff = flowFrame(f);
  if (ff.primarySizing === 'FIXED' && ff.counterSizing === 'FIXED') return;
  const r = layoutFlow(ff, flowChildren(f).map((c) => flowItem(c, f)));
  f._w = r.width;
  f._h = r.height;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;

/** Top-down: places and sizes the children; true when anything changed. */
function arrange(f: Frame): boolean {
  let changed = false;
  const kids = flowChildren(f);
  const r = layoutFlow(flowFrame(f), kids.map((c) => flowItem(c, f)));
  kids.forEach((c, i) => {
    const b = r.boxes[i];
    if (c.type === 'GROUP') {
      const box = c._absBox();
      const origin = c._spaceOrigin();
      const dx = b.x - (box.x - origin.x);
      const dy = b.y - (box.y - origin.y);
      if (!near(dx, 0) || !near(dy, 0)) {
        c._moveChildren(dx, dy);
        changed = true;
      }
      return;
    }
    if (!near(c._x, b.x) || !near(c._y, b.y) || !near(c._w, b.width) || !near(c._h, b.height)) changed = true;
    c._x = b.x;
    c._y = b.y;
    const resized = !near(c._w, b.width) || !near(c._h, b.height);
    c._w = b.width;
    c._h = b.height;
    if (resized && isText(c)) c._relayout();
  });
  for (const c of f._sceneChildren()) if (isAutoLayout(c) && arrange(c)) changed = true;
  return changed;
}

const MAX_PASSES = 8;

/** The outermost auto-layout frame whose layout `node` takes part in, or null. */
function islandRoot(node: FakeBaseNode): Frame | null {
  if (node._removed || !isScene(node)) return null;
  let root: FakeSceneNode = node;
  while (isAutoLayout(root._parent)) root = root._parent;
  return isAutoLayout(root) ? root : null;
}

function layoutIsland(root: Frame): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    measure(root);
    if (!arrange(root)) return;
  }
}

/** Lays out every auto-layout island the given (edited) nodes belong to, each once. */
export function relayout(nodes: Iterable<FakeBaseNode>): void {
  const roots = new Set<Frame>();
  for (const n of nodes) {
    const r = islandRoot(n);
    if (r) roots.add(r);
  }
  for (const r of roots) if (!r._removed) layoutIsland(r);
}

// ---- layoutSizingHorizontal / layoutSizingVertical ----

export function getLayoutSizing(n: FakeSceneNode, axis: Axis): LayoutSizing {
  if (fills(n, axis)) return 'FILL';
  if (isAutoLayout(n)) return sizingOf(n, axis) === 'AUTO' ? 'HUG' : 'FIXED';
  if (isText(n)) {
    const ar = n._autoResize;
    if (ar === 'WIDTH_AND_HEIGHT') return 'HUG';
    return axis === 'VERTICAL' && ar === 'HEIGHT' ? 'HUG' : 'FIXED';
  }
  return 'FIXED';
}

function clearFill(n: FakeSceneNode, axis: Axis): void {
  const p = n._parent;
  if (!isAutoLayout(p)) return;
  if (p._layoutMode === axis) n._layoutGrow = 0;
  else if (n._layoutAlign === 'STRETCH') n._layoutAlign = 'INHERIT';
}

export function setLayoutSizing(n: FakeSceneNode, axis: Axis, v: LayoutSizing): void {
  const method = `set_layoutSizing${axis === 'HORIZONTAL' ? 'Horizontal' : 'Vertical'}`;
  if (v !== 'FIXED' && v !== 'HUG' && v !== 'FILL') {
    throw new Error(`in ${method}: Invalid enum value: expected 'FIXED' | 'HUG' | 'FILL', received '${String(v)}'`);
  }
  const p = n._parent;
  const text = isText(n) ? n : null;
  if (v === 'FILL') {
    if (!isAutoLayout(p)) throw new Error(`in ${method}: FILL can only be set on children of auto-layout frames`);
    if (n._layoutPositioning === 'ABSOLUTE') {
      throw new Error(`in ${method}: FILL cannot be set on absolute positioned auto-layout children`);
    }
    if (p._layoutMode === axis) n._layoutGrow = 1;
    else n._layoutAlign = 'STRETCH';
    if (isAutoLayout(n)) setSizingOf(n, axis, 'FIXED');
    if (text) fixTextAxis(text, axis);
    return;
  }
  if (v === 'HUG') {
    if (isAutoLayout(n)) setSizingOf(n, axis, 'AUTO');
    else if (text && isAutoLayout(p)) {
      if (axis === 'HORIZONTAL') text._autoResize = 'WIDTH_AND_HEIGHT';
      else if (text._autoResize !== 'WIDTH_AND_HEIGHT') text._autoResize = 'HEIGHT';
      text._relayout();
    } else {
      throw new Error(`in ${method}: HUG can only be set on auto-layout frames or text children of auto-layout frames`);
    }
    clearFill(n, axis);
    return;
  }
  clearFill(n, axis);
  if (isAutoLayout(n)) setSizingOf(n, axis, 'FIXED');
  if (text) fixTextAxis(text, axis);
}

/** A text that stops hugging an axis: width fixed keeps wrapping to it (HEIGHT), height fixed is NONE. */
function fixTextAxis(text: FakeSceneNode & TextFields, axis: Axis): void {
  if (axis === 'HORIZONTAL' && text._autoResize === 'WIDTH_AND_HEIGHT') text._autoResize = 'HEIGHT';
  if (axis === 'VERTICAL' && (text._autoResize === 'WIDTH_AND_HEIGHT' || text._autoResize === 'HEIGHT')) text._autoResize = 'NONE';
  text._relayout();
}
