import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests, Target } from '../../shared/messages/contract';
import { intersects, placeGrid, type Rect, type Size } from '../../shared/layout';
import { NamedError } from '../../shared/errors';
import { boxOf, canHoldFills, hasImageFill, obstaclesOn } from '../node-info';
import { createPlaceholder } from './placeholder';
import { anchorBeside } from './anchor';
import { startSlotRun } from './slot-run';
import { exploreTargets } from './explore-grid';
import { openRun, type RunTarget } from './runs';
import { commitUndoStep } from '../undo-step';

type StartRun = PayloadOf<PluginRequests, 'startRun'>;

/**
 * Makes a run's targets at once. With "match selection", each selected frame or shape is
 * filled in place by the first of its `count` variants, except nodes that already hold an
 * image or are locked; every other variant gets a new node of exactly that node's size
 * beside it, so nobody's work is overwritten.
 */
export async function startRun(request: StartRun): Promise<{ targets: Target[] }> {
  if (request.slotIds) return startSlotRun(request.runId, request.slotIds);
  // Whatever the person did before this run is its own undo step.
  commitUndoStep();
  if (request.grid) {
    const { section, targets } = await exploreTargets({ ...request, grid: request.grid }, await anchorBeside(request.besideNodeId));
    openRun(request.runId, targets, { section });
    revealSection(section);
    return { targets: targets.map((t) => ({ nodeId: t.nodeId, width: t.rect.width, height: t.rect.height, kind: t.kind })) };
  }
  const targets = request.matchSelection ? await selectionTargets(request) : await gridTargets(request);
  openRun(request.runId, targets);
  revealIfOffScreen(targets);
  return {
    targets: targets.map((t) => ({ nodeId: t.nodeId, width: t.rect.width, height: t.rect.height, kind: t.kind })),
  };
}

async function gridTargets(request: StartRun): Promise<RunTarget[]> {
  const cells = Array.from({ length: request.count }, () => ({ width: request.width, height: request.height }));
  return placePlaceholders(cells, request, await anchorBeside(request.besideNodeId));
}

async function selectionTargets(request: StartRun): Promise<RunTarget[]> {
  const selected = figma.currentPage.selection.filter(canHoldFills);
  if (selected.length === 0) {
    throw new NamedError('NothingSelected', 'Select the frames or shapes to fill, or pick an aspect ratio instead.');
  }
  const targets: RunTarget[] = [];
  for (const node of selected) {
    const fillable = !node.locked && !hasImageFill(node);
    if (fillable) targets.push({ nodeId: node.id, node, kind: 'selection', rect: boxOf(node), state: 'waiting', exact: true });
    const extra = request.count - (fillable ? 1 : 0);
    if (extra <= 0) continue;
    // The node's own size, not its bounding box (a rotated node's box is larger).
    const cells = Array.from({ length: extra }, () => ({ width: node.width, height: node.height }));
    targets.push(...placePlaceholders(cells, request, boxOf(node), true));
  }
  return targets;
}

function placePlaceholders(cells: Size[], request: StartRun, anchor: Rect | undefined, exact = false): RunTarget[] {
  const rects = placeGrid({
    cells,
    anchor,
    center: figma.viewport.center,
    obstacles: obstaclesOn(figma.currentPage),
  });
  return rects.map((rect) => {
    const node = createPlaceholder(rect, request.label, request.runId, exact);
    return { nodeId: node.id, node, kind: 'placeholder' as const, rect, state: 'waiting' as const, exact };
  });
}

/** A grid is looked at whole: brought into view unless it already is. */
function revealSection(section: SectionNode): void {
  const view = figma.viewport.bounds;
  const box = boxOf(section);
  const inView = box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.width && box.y + box.height <= view.y + view.height;
  if (!inView) figma.viewport.scrollAndZoomIntoView([section]);
}

function revealIfOffScreen(targets: RunTarget[]): void {
  const view = figma.viewport.bounds;
  if (targets.some((t) => intersects(t.rect, view))) return;
  const ids = new Set(targets.map((t) => t.nodeId));
  const nodes = figma.currentPage.children.filter((n) => ids.has(n.id));
  if (nodes.length > 0) figma.viewport.scrollAndZoomIntoView(nodes);
}
