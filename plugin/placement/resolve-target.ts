import { placeGrid, type Rect } from '../../shared/layout';
import { boxOf, canHoldFills, isGone, obstaclesOn, type FillableNode } from '../node-info';
import { createMarkedRect, PLACEHOLDER_FIT_KEY } from './placeholder';
import { getRun, type Run, type RunTarget } from './runs';

/** Where a result goes, decided when it arrives, because the canvas may have changed since. */
export interface Destination {
  node: FillableNode;
  /** 'placeholder': ours to reshape and rename; 'selection': a person's layer, filled as it is. */
  kind: 'placeholder' | 'selection';
  run?: Run;
  target?: RunTarget;
  /** Set when the result could not go where it was meant to. */
  note?: string;
  /** The node is already the size the result must have (a frame's): crop to fill, no reshaping. */
  exact?: boolean;
}

export interface Arrival {
  runId: string;
  nodeId: string;
  /** Pixel size of the result, for its proportions. */
  width: number;
  height: number;
}

/**
 * The run's target if it is still there and unlocked. If it was deleted, the result gets
 * a new node where it was; if it was locked, a new node beside it. Never over anything.
 */
export async function resolveTarget(arrival: Arrival): Promise<Destination> {
  const run = getRun(arrival.runId);
  const page = run?.page ?? figma.currentPage;
  const target = run?.targets.get(arrival.nodeId);
  const found = target && !isGone(target.node) ? target.node : await figma.getNodeByIdAsync(arrival.nodeId);

  const exact = !!target?.exact;
  if (isGone(found) || !found || !('type' in found) || !canHoldFills(found as SceneNode)) {
    return {
      exact,
      node: createMarkedRect(fallbackRect(target, arrival, page), arrival.runId, page),
      kind: 'placeholder',
      run,
      target,
      note: 'Its placeholder was deleted, so the image was placed on its own.',
    };
  }
  const node = found as FillableNode;
  if (node.locked) {
    return {
      node: createMarkedRect(besideRect(boxOf(node), arrival, page, exact), arrival.runId, page),
      kind: 'placeholder',
      exact,
      run,
      target,
      note: `"${node.name}" is locked, so the image was placed beside it.`,
    };
  }
  return { node, kind: target?.kind ?? 'placeholder', run, target, exact: exact || node.getPluginData(PLACEHOLDER_FIT_KEY) === 'exact' };
}

export function markPlaced(destination: Destination, placedId: string): void {
  if (destination.target) destination.target.state = 'placed';
  destination.run?.placed.push(placedId);
}

function fallbackRect(target: RunTarget | undefined, arrival: Arrival, page: PageNode): Rect {
  if (target?.kind === 'placeholder') {
    const center = { x: target.rect.x + target.rect.width / 2, y: target.rect.y + target.rect.height / 2 };
    return placeGrid({ cells: [target.rect], center, obstacles: obstaclesOn(page) })[0];
  }
  if (target) return besideRect(target.rect, arrival, page, target.exact);
  const size = { width: arrival.width, height: arrival.height };
  return placeGrid({ cells: [size], center: figma.viewport.center, obstacles: obstaclesOn(page) })[0];
}

function besideRect(anchor: Rect, arrival: Arrival, page: PageNode, exact = false): Rect {
  const height = exact ? anchor.height : Math.round((anchor.width * arrival.height) / arrival.width);
  const size = { width: anchor.width, height };
  return placeGrid({ cells: [size], anchor, obstacles: obstaclesOn(page) })[0];
}

