import { layerName } from '../../shared/layer-name';
import type { Rect } from '../../shared/layout';

/** Marks a node this plugin made and has not filled yet, so none is ever left behind. */
export const PLACEHOLDER_KEY = 'placeholder-run';

const PLACEHOLDER_FILL: SolidPaint = { type: 'SOLID', color: { r: 0.85, g: 0.86, b: 0.9 }, opacity: 0.6 };

export function placeholderName(label: string): string {
  return `Generating… ${layerName(label)}`;
}

export function createPlaceholder(rect: Rect, label: string, runId: string): RectangleNode {
  const node = createMarkedRect(rect, runId, figma.currentPage);
  node.name = placeholderName(label);
  node.fills = [PLACEHOLDER_FILL];
  node.cornerRadius = 2;
  return node;
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
