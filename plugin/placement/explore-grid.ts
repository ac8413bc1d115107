import type { ExploreGrid } from '../../shared/messages/contract';
import { NamedError } from '../../shared/errors';
import { blockWidth, gridLayout, labelFontSize, rowHeaderWidth, type GridLayout } from '../../shared/explore/grid-layout';
import { GAP, intersects, placeGrid, type Rect, type Size } from '../../shared/layout';
import { boxOf, obstaclesOn } from '../node-info';
import { createPlaceholder } from './placeholder';
import type { RunTarget } from './runs';

/** Marks a section as an Explore grid (value: the run that made it), so the next goes below it. */
export const EXPLORE_SECTION_KEY = 'explore-section';
/** Tried in order: Inter is in every Figma file; the others are for files and fakes without it. */
const LABEL_FONTS: FontName[] = [
  { family: 'Inter', style: 'Medium' },
  { family: 'Inter', style: 'Regular' },
  { family: 'Roboto', style: 'Regular' },
];
const MAX_SLIDES = 500;

export interface ExploreRequest {
  runId: string;
  label: string;
  count: number;
  width: number;
  height: number;
  grid: ExploreGrid;
}

/**
 * Makes an Explore run's grid: a section named after the prompt holding a header row and
 * column of text labels (the axis values) and a placeholder for every image, aligned in
 * rows and columns. It goes below the page's previous Explore section, else beside the
 * anchor, and never over existing work.
 */
export async function exploreTargets(request: ExploreRequest, anchor: Rect | undefined): Promise<{ section: SectionNode; targets: RunTarget[] }> {
  const { grid } = request;
  const rows = Math.max(1, grid.rows.length);
  if (request.count !== rows * grid.columns.length * grid.variants) {
    throw new NamedError('InvalidInput', `An Explore grid of ${rows} × ${grid.columns.length} cells with ${grid.variants} each has ${rows * grid.columns.length * grid.variants} images, not ${request.count}.`);
  }
  const cell: Size = { width: request.width, height: request.height };
  const font = await loadLabelFont();
  const page = figma.currentPage;
  const obstacles = obstaclesOn(page);

  const fontSize = labelFontSize(cell);
  const columnTexts = grid.columns.map((text) => makeLabel(text, font, fontSize, blockWidth(cell, grid.variants)));
  const rowWidth = rowHeaderWidth(cell, grid.rows.length);
  const rowTexts = grid.rows.map((text) => makeLabel(text, font, fontSize, rowWidth));
  const headerHeight = Math.max(Math.ceil(fontSize * 1.2), ...columnTexts.map((t) => Math.ceil(t.height)));
  const layout = gridLayout({ columns: grid.columns.length, rows: grid.rows.length, variants: grid.variants, cell, headerHeight, rowHeaderWidth: rowWidth });

  const origin = sectionOrigin(page, layout.size, anchor, obstacles);
  const section = figma.createSection();
  section.name = grid.title.trim() || request.label;
  section.setPluginData(EXPLORE_SECTION_KEY, request.runId);
  section.x = origin.x;
  section.y = origin.y;
  section.resizeWithoutConstraints(layout.size.width, layout.size.height);

  columnTexts.forEach((text, i) => putInside(section, text, layout.columnLabels[i]));
  rowTexts.forEach((text, i) => putInside(section, text, layout.rowLabels[i]));
  const targets = placeholders(section, layout, request, origin);
  return { section, targets };
}

function placeholders(section: SectionNode, layout: GridLayout, request: ExploreRequest, origin: { x: number; y: number }): RunTarget[] {
  return layout.cells.map((local, i) => {
    const absolute = { ...local, x: origin.x + local.x, y: origin.y + local.y };
    // Exact: an image of slightly other proportions is cropped to its cell, so rows stay aligned.
    const node = createPlaceholder(absolute, request.grid.names?.[i] || request.label, request.runId, true);
    putInside(section, node, local);
    return { nodeId: node.id, node, kind: 'placeholder' as const, rect: absolute, state: 'waiting' as const, exact: true };
  });
}

/**
 * Below the lowest Explore section on the page (a grid of grids reads top to bottom),
 * slid further down past anything in the way; the first one goes beside the anchor (or
 * in the middle of the view), slid right past existing work like any other results.
 */
function sectionOrigin(page: PageNode, size: Size, anchor: Rect | undefined, obstacles: Rect[]): { x: number; y: number } {
  const previous = page.children.filter((n) => n.type === 'SECTION' && n.getPluginData(EXPLORE_SECTION_KEY)).map(boxOf);
  if (previous.length === 0) {
    const [spot] = placeGrid({ cells: [size], anchor, center: figma.viewport.center, obstacles });
    return { x: spot.x, y: spot.y };
  }
  const lowest = previous.reduce((a, b) => (b.y + b.height > a.y + a.height ? b : a));
  let origin = { x: lowest.x, y: lowest.y + lowest.height + GAP * 2 };
  for (let i = 0; i < MAX_SLIDES; i++) {
    const area = { ...origin, ...size };
    const blockers = obstacles.filter((o) => intersects(area, o, GAP));
    if (blockers.length === 0) break;
    origin = { x: origin.x, y: Math.max(...blockers.map((b) => b.y + b.height)) + GAP * 2 };
  }
  return origin;
}

async function loadLabelFont(): Promise<FontName> {
  for (const font of LABEL_FONTS) {
    try {
      await figma.loadFontAsync(font);
      return font;
    } catch {
      // Not in this file: try the next.
    }
  }
  throw new NamedError('FontUnavailable', 'None of the label fonts (Inter, Roboto) could be loaded, so the grid has no labels to show.');
}

function makeLabel(characters: string, font: FontName, fontSize: number, width: number): TextNode {
  const text = figma.createText();
  text.fontName = font;
  text.fontSize = fontSize;
  text.characters = characters;
  text.name = characters;
  text.fills = [{ type: 'SOLID', color: { r: 0.2, g: 0.2, b: 0.22 } }];
  text.resize(Math.max(1, width), Math.max(1, text.height));
  text.textAutoResize = 'HEIGHT';
  return text;
}

/** Sections keep their children's coordinates relative to themselves. */
function putInside(section: SectionNode, node: SceneNode, local: Rect): void {
  section.appendChild(node);
  node.x = local.x;
  node.y = local.y;
}
