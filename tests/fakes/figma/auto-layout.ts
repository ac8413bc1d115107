/**
 * The arithmetic of Figma's auto layout (horizontal and vertical flows, with wrap), as a pure
 * function of one frame and its in-flow children. The fake's nodes feed it (auto-layout-nodes.ts);
 * tests check it as a table against what Figma's plugin docs and help pages describe.
 *
 * Sizes the caller passes are the children's current sizes: a child that hugs its own content
 * has been measured already (bottom-up). What comes back is the frame's size and each child's
 * box relative to the frame, fill children resized (top-down).
 */

export type PrimaryAlign = 'MIN' | 'CENTER' | 'MAX' | 'SPACE_BETWEEN' | 'SPACE_EVENLY' | 'SPACE_AROUND';
export type CounterAlign = 'MIN' | 'CENTER' | 'MAX' | 'BASELINE';

export interface FlowFrame {
  direction: 'HORIZONTAL' | 'VERTICAL';
  /** Current size; used on an axis that is FIXED (AUTO axes are computed). */
  width: number;
  height: number;
  primarySizing: 'FIXED' | 'AUTO';
  counterSizing: 'FIXED' | 'AUTO';
  paddingLeft: number;
  paddingRight: number;
  paddingTop: number;
  paddingBottom: number;
  itemSpacing: number;
  /** Gap between wrapped lines (Figma's `null` means "same as itemSpacing": resolve before calling). */
  counterAxisSpacing: number;
  primaryAlign: PrimaryAlign;
  counterAlign: CounterAlign;
  counterAlignContent?: 'AUTO' | 'SPACE_BETWEEN';
  wrap: boolean;
  minWidth?: number | null;
  maxWidth?: number | null;
  minHeight?: number | null;
  maxHeight?: number | null;
}

export interface FlowItem {
  width: number;
  height: number;
  /** layoutGrow 1: fills the remaining space on the frame's primary axis. */
  grow?: boolean;
  /** layoutAlign STRETCH: fills the frame's counter axis (or its line, when wrapping). */
  stretch?: boolean;
  /** Distance from the top to the first text baseline; the bottom edge when absent (CSS does the same). */
  baseline?: number;
  minWidth?: number | null;
  maxWidth?: number | null;
  minHeight?: number | null;
  maxHeight?: number | null;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowResult {
  width: number;
  height: number;
  /** One box per item, in the order given, relative to the frame's top-left corner. */
  boxes: Box[];
}

/** Figma's smallest node size. */
const MIN_SIZE = 0.01;

function clamp(v: number, min?: number | null, max?: number | null): number {
  let out = v;
  if (max != null) out = Math.min(out, max);
  if (min != null) out = Math.max(out, min);
  return Math.max(MIN_SIZE, out);
}

interface AxisItem {
  main: number;
  cross: number;
  grow: boolean;
  stretch: boolean;
  baseline: number;
  minMain?: number | null;
  maxMain?: number | null;
  minCross?: number | null;
  maxCross?: number | null;
}

export function layoutFlow(frame: FlowFrame, items: readonly FlowItem[]): FlowResult {
  const result = flowOnce(frame, items);
  // A hugging axis limited by min/max size is laid out again as fixed at the limit.
  const w = frame.direction === 'HORIZONTAL' ? frame.primarySizing : frame.counterSizing;
  const h = frame.direction === 'HORIZONTAL' ? frame.counterSizing : frame.primarySizing;
  const cw = w === 'AUTO' ? clamp(result.width, frame.minWidth, frame.maxWidth) : result.width;
  const ch = h === 'AUTO' ? clamp(result.height, frame.minHeight, frame.maxHeight) : result.height;
  if (cw === result.width && ch === result.height) return result;
  const horizontal = frame.direction === 'HORIZONTAL';
  return flowOnce(
    {
      ...frame,
      width: cw,
      height: ch,
      primarySizing: (horizontal ? cw : ch) !== (horizontal ? result.width : result.height) ? 'FIXED' : frame.primarySizing,
      counterSizing: (horizontal ? ch : cw) !== (horizontal ? result.height : result.width) ? 'FIXED' : frame.counterSizing,
    },
    items,
  );
}

function flowOnce(frame: FlowFrame, items: readonly FlowItem[]): FlowResult {
  const horizontal = frame.direction === 'HORIZONTAL';
  const padMainStart = horizontal ? frame.paddingLeft : frame.paddingTop;
  const padMainEnd = horizontal ? frame.paddingRight : frame.paddingBottom;
  const padCrossStart = horizontal ? frame.paddingTop : frame.paddingLeft;
  const padCrossEnd = horizontal ? frame.paddingBottom : frame.paddingRight;
  const spaced = frame.primaryAlign.startsWith('SPACE_');
  // With SPACE_* alignment Figma's gap is "Auto": itemSpacing plays no part.
  const gap = spaced ? 0 : frame.itemSpacing;
  const baselineAligned = horizontal && frame.counterAlign === 'BASELINE';

  const axis: AxisItem[] = items.map((it) => ({
    main: horizontal ? it.width : it.height,
    cross: horizontal ? it.height : it.width,
    grow: !!it.grow,
    stretch: !!it.stretch,
    baseline: it.baseline ?? it.height,
    minMain: horizontal ? it.minWidth : it.minHeight,
    maxMain: horizontal ? it.maxWidth : it.maxHeight,
    minCross: horizontal ? it.minHeight : it.minWidth,
    maxCross: horizontal ? it.maxHeight : it.maxWidth,
  }));

  const fixedMain = frame.primarySizing === 'FIXED';
  const fixedCross = frame.counterSizing === 'FIXED';
  let innerMain = (horizontal ? frame.width : frame.height) - padMainStart - padMainEnd;
  let innerCross = (horizontal ? frame.height : frame.width) - padCrossStart - padCrossEnd;

  // Lines: wrapping needs a horizontal frame of fixed width to break against.
  const lines: number[][] = [];
  if (frame.wrap && horizontal && fixedMain) {
    let line: number[] = [];
    let used = 0;
    axis.forEach((a, i) => {
      const next = line.length === 0 ? a.main : used + gap + a.main;
      if (line.length > 0 && next > innerMain + 1e-9) {
        lines.push(line);
        line = [i];
        used = a.main;
      } else {
        line.push(i);
        used = next;
      }
    });
    if (line.length) lines.push(line);
  } else lines.push(axis.map((_, i) => i));

  const sumMain = (line: number[]): number => line.reduce((s, i) => s + axis[i].main, 0) + gap * Math.max(0, line.length - 1);
  if (!fixedMain) innerMain = Math.max(0, ...lines.map(sumMain));

  // Primary axis sizes: fill children share what the fixed ones leave (a hugging frame has nothing to share).
  const mainSize = axis.map((a) => a.main);
  if (fixedMain) {
    for (const line of lines) {
      const growers = line.filter((i) => axis[i].grow);
      if (!growers.length) continue;
      const taken = line.filter((i) => !axis[i].grow).reduce((s, i) => s + axis[i].main, 0) + gap * (line.length - 1);
      const share = (innerMain - taken) / growers.length;
      for (const i of growers) mainSize[i] = clamp(share, axis[i].minMain, axis[i].maxMain);
    }
  }

  // Counter axis: each line is as thick as its thickest child (stretch children follow, unless all stretch).
  const single = lines.length === 1 && !(frame.wrap && horizontal && fixedMain);
  const offsets = axis.map(() => 0);
  const lineCross = lines.map((line) => {
    const rigid = line.filter((i) => !axis[i].stretch);
    const measured = rigid.length ? rigid : line;
    if (baselineAligned) {
      const base = Math.max(0, ...measured.map((i) => axis[i].baseline));
      for (const i of line) offsets[i] = base - axis[i].baseline;
      return Math.max(0, ...measured.map((i) => offsets[i] + axis[i].cross));
    }
    return Math.max(0, ...measured.map((i) => axis[i].cross));
  });
  const crossGap = frame.counterAxisSpacing;
  const linesTotal = lineCross.reduce((s, c) => s + c, 0) + crossGap * Math.max(0, lines.length - 1);
  if (!fixedCross) innerCross = linesTotal;
  // Without wrapping the one line is the whole frame: alignment happens against the frame.
  if (single) lineCross[0] = innerCross;

  // Where each line starts on the counter axis.
  const lineStart: number[] = [];
  if (single) lineStart.push(0);
  else {
    let between = crossGap;
    let start = 0;
    const free = innerCross - linesTotal;
    if (frame.counterAlignContent === 'SPACE_BETWEEN' && lines.length > 1) {
      between = Math.max(0, (innerCross - (linesTotal - crossGap * (lines.length - 1))) / (lines.length - 1));
    } else if (frame.counterAlign === 'CENTER') start = free / 2;
    else if (frame.counterAlign === 'MAX') start = free;
    for (let l = 0; l < lines.length; l++) {
      lineStart.push(start);
      start += lineCross[l] + between;
    }
  }

  const boxes: Box[] = axis.map(() => ({ x: 0, y: 0, width: 0, height: 0 }));
  lines.forEach((line, l) => {
    const total = line.reduce((s, i) => s + mainSize[i], 0);
    const n = line.length;
    const free = innerMain - total - gap * Math.max(0, n - 1);
    let pos = 0;
    let between = gap;
    switch (frame.primaryAlign) {
      case 'CENTER':
        pos = free / 2;
        break;
      case 'MAX':
        pos = free;
        break;
      case 'SPACE_BETWEEN':
        between = n > 1 ? Math.max(0, free / (n - 1)) : 0;
        break;
      case 'SPACE_EVENLY':
        between = Math.max(0, free / (n + 1));
        pos = between;
        break;
      case 'SPACE_AROUND':
        between = Math.max(0, free / n);
        pos = between / 2;
        break;
      default:
        break;
    }
    for (const i of line) {
      const a = axis[i];
      const cross = a.stretch ? clamp(lineCross[l], a.minCross, a.maxCross) : a.cross;
      let c = 0;
      if (!a.stretch) {
        if (baselineAligned) c = offsets[i];
        else if (frame.counterAlign === 'CENTER') c = (lineCross[l] - cross) / 2;
        else if (frame.counterAlign === 'MAX') c = lineCross[l] - cross;
      }
      const main = padMainStart + pos;
      const crossPos = padCrossStart + lineStart[l] + c;
      boxes[i] = horizontal
        ? { x: main, y: crossPos, width: mainSize[i], height: cross }
        : { x: crossPos, y: main, width: cross, height: mainSize[i] };
      pos += mainSize[i] + between;
    }
  });

  const outerMain = innerMain + padMainStart + padMainEnd;
  const outerCross = innerCross + padCrossStart + padCrossEnd;
  return {
    width: Math.max(MIN_SIZE, horizontal ? outerMain : outerCross),
    height: Math.max(MIN_SIZE, horizontal ? outerCross : outerMain),
    boxes,
  };
}
