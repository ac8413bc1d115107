import { layerName } from '../../shared/layer-name';
import type { Rect } from '../../shared/layout';
import type { PlaceholderState } from '../../shared/messages/contract';

/** Marks a node this plugin made and has not filled yet, so none is ever left behind. */
export const PLACEHOLDER_KEY = 'placeholder-run';
/** What the placeholder stands for (the prompt or name), so each state can rename it. */
export const PLACEHOLDER_LABEL_KEY = 'placeholder-label';
/** 'exact': the result takes this node's size as it is (a frame's size), cropped to fill. */
export const PLACEHOLDER_FIT_KEY = 'placeholder-fit';

/** One tint per state, faint enough not to read as content: grey waits, blue works, red failed. */
const FILLS: Record<PlaceholderState['state'] | 'waiting', SolidPaint> = {
  queued: { type: 'SOLID', color: { r: 0.85, g: 0.86, b: 0.9 }, opacity: 0.6 },
  running: { type: 'SOLID', color: { r: 0.78, g: 0.85, b: 0.98 }, opacity: 0.7 },
  failed: { type: 'SOLID', color: { r: 0.98, g: 0.8, b: 0.8 }, opacity: 0.7 },
  waiting: { type: 'SOLID', color: { r: 0.85, g: 0.86, b: 0.9 }, opacity: 0.6 },
};
const MAX_REASON = 48;

/**
 * The layer name for each state. Every one starts with a word that says the layer is not
 * a result yet ("Generating…", "Failed", "Waiting for Replicate…") and ends with the label.
 */
export function placeholderName(label: string, state: PlaceholderState | { state: 'waiting' } = { state: 'queued' }): string {
  const name = layerName(label);
  switch (state.state) {
    case 'queued':
      return `Generating… queued · ${name}`;
    case 'running': {
      const percent = state.progress !== undefined ? `${Math.round(state.progress * 100)}% · ` : '';
      return `Generating… ${percent}${state.seconds ?? 0} s · ${name}`;
    }
    case 'failed':
      return `Failed: ${shortReason(state.reason ?? '')} · ${name}`;
    case 'waiting':
      return `Waiting for Replicate… ${name} (reopen Diffusion to finish)`;
  }
}

export function createPlaceholder(rect: Rect, label: string, runId: string, exact = false): RectangleNode {
  const node = createMarkedRect(rect, runId, figma.currentPage);
  node.setPluginData(PLACEHOLDER_LABEL_KEY, label);
  if (exact) node.setPluginData(PLACEHOLDER_FIT_KEY, 'exact');
  node.name = placeholderName(label);
  node.fills = [FILLS.queued];
  node.cornerRadius = 2;
  return node;
}

/**
 * Shows a state on a placeholder of ours: its name and tint. Writes only what changed, so
 * a repeated update costs the document nothing. Anything else (a person's frame being
 * filled in place, a node already filled) is left alone.
 */
export function showPlaceholderState(node: SceneNode, state: PlaceholderState | { state: 'waiting' }): void {
  if (!node.getPluginData(PLACEHOLDER_KEY)) return;
  const label = node.getPluginData(PLACEHOLDER_LABEL_KEY);
  if (!label) return;
  const name = placeholderName(label, state);
  if (node.name !== name) node.name = name;
  if (!('fills' in node)) return;
  const fill = FILLS[state.state];
  const current = Array.isArray(node.fills) ? (node.fills as Paint[])[0] : undefined;
  if (current?.type === 'IMAGE') return;
  if (!current || current.type !== 'SOLID' || !sameColor(current, fill)) node.fills = [fill];
}

/** The first sentence of a reason, cut to fit a layer name. */
export function shortReason(reason: string): string {
  const first = reason.replace(/\s+/g, ' ').trim().split(/(?<=[.!?])\s/)[0].replace(/[.!]$/, '') || 'no image';
  return first.length > MAX_REASON ? `${first.slice(0, MAX_REASON - 1)}…` : first;
}

function sameColor(a: SolidPaint, b: SolidPaint): boolean {
  return a.color.r === b.color.r && a.color.g === b.color.g && a.color.b === b.color.b && (a.opacity ?? 1) === (b.opacity ?? 1);
}

/** A rectangle at `rect` on `page`, marked as this run's until a result fills it. */
export function createMarkedRect(rect: Rect, runId: string, page: PageNode): RectangleNode {
  const node = figma.createRectangle();
  node.setPluginData(PLACEHOLDER_KEY, runId);
  node.resize(rect.width, rect.height);
  node.x = rect.x;
  node.y = rect.y;
  page.appendChild(node);
  return node;
}
