import type { Rect, Size } from '../layout';

/** Spacing of an Explore grid, in canvas units (its images are ~1024 wide). */
export const GRID_PADDING = 80;
export const GRID_GAP = 40;
/** Images of one cell sit closer together than cells do, so a cell reads as one. */
export const VARIANT_GAP = 16;
export const LABEL_GAP = 24;

export interface GridLayoutInput {
  columns: number;
  /** 0: one row without a label. */
  rows: number;
  variants: number;
  /** One image. */
  cell: Size;
  /** Height of the column labels (the tallest, as measured). */
  headerHeight: number;
  /** Width of the row labels; 0 when there are none. */
  rowHeaderWidth: number;
}

export interface GridLayout {
  /** The section's size; every rect below is relative to its top-left corner. */
  size: Size;
  columnLabels: Rect[];
  rowLabels: Rect[];
  /** Row by row, column by column, variant by variant: the order of the run's targets. */
  cells: Rect[];
}

/** Font size of the header labels: readable when the whole grid is in view. */
export function labelFontSize(cell: Size): number {
  return Math.max(12, Math.round(cell.width / 20));
}

/** Width of the row labels' column beside the cells. */
export function rowHeaderWidth(cell: Size, rows: number): number {
  return rows > 0 ? Math.max(160, Math.round(cell.width * 0.6)) : 0;
}

/** Column width of one cell (its variants side by side). */
export function blockWidth(cell: Size, variants: number): number {
  return variants * cell.width + (variants - 1) * VARIANT_GAP;
}

export function gridLayout(input: GridLayoutInput): GridLayout {
  const block = blockWidth(input.cell, input.variants);
  const rowCount = Math.max(1, input.rows);
  const left = GRID_PADDING + (input.rowHeaderWidth > 0 ? input.rowHeaderWidth + LABEL_GAP : 0);
  const top = GRID_PADDING + input.headerHeight + LABEL_GAP;
  const columnX = (c: number) => left + c * (block + GRID_GAP);
  const rowY = (r: number) => top + r * (input.cell.height + GRID_GAP);

  const columnLabels = Array.from({ length: input.columns }, (_, c) => ({ x: columnX(c), y: GRID_PADDING, width: block, height: input.headerHeight }));
  const rowLabels = Array.from({ length: input.rows }, (_, r) => ({ x: GRID_PADDING, y: rowY(r), width: input.rowHeaderWidth, height: input.cell.height }));
  const cells: Rect[] = [];
  for (let r = 0; r < rowCount; r++) {
    for (let c = 0; c < input.columns; c++) {
      for (let v = 0; v < input.variants; v++) {
        cells.push({ x: columnX(c) + v * (input.cell.width + VARIANT_GAP), y: rowY(r), ...input.cell });
      }
    }
  }
  return {
    size: {
      width: columnX(input.columns) - GRID_GAP + GRID_PADDING,
      height: rowY(rowCount) - GRID_GAP + GRID_PADDING,
    },
    columnLabels,
    rowLabels,
    cells,
  };
}
