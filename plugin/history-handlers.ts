import type { Handlers } from '../shared/messages/channel';
import type { historyRequests } from '../shared/messages/history-messages';
import { fileSpent, readRecentRuns, reconcilePage } from './history-store';
import { isGone } from './node-info';

const BUDGET_KEY = 'run-budget-usd';
export const DEFAULT_BUDGET_USD = 1;
/** Long side of a History thumbnail, in pixels: twice its 48 px on screen, for sharp displays. */
const THUMBNAIL_SIDE = 96;

/** The controller's history requests (see shared/messages/history-messages.ts). */
export const historyHandlers: Handlers<typeof historyRequests> = {
  listHistory: async () => {
    const page = figma.currentPage;
    const [file, recent] = await Promise.all([reconcilePage(page.id), readRecentRuns()]);
    return {
      file,
      recent,
      fileSpent: fileSpent(),
      currentPageId: page.id,
      pages: figma.root.children.map((p) => ({ id: p.id, name: p.name })),
    };
  },
  historyThumbnail: async ({ nodeId }) => {
    const node = await figma.getNodeByIdAsync(nodeId);
    // Only the current page's layers: exporting one elsewhere would load its page.
    if (!node || isGone(node) || !('exportAsync' in node) || !onCurrentPage(node)) return {};
    const scene = node as SceneNode;
    const wide = scene.width >= scene.height;
    const png = await scene.exportAsync({ format: 'PNG', constraint: { type: wide ? 'WIDTH' : 'HEIGHT', value: THUMBNAIL_SIDE } });
    return { png };
  },
  loadBudget: async () => {
    const stored = await figma.clientStorage.getAsync(BUDGET_KEY);
    return { usd: typeof stored === 'number' && Number.isFinite(stored) && stored >= 0 ? stored : DEFAULT_BUDGET_USD };
  },
  saveBudget: async ({ usd }) => {
    await figma.clientStorage.setAsync(BUDGET_KEY, usd);
    return undefined;
  },
};

function onCurrentPage(node: BaseNode): boolean {
  for (let at: BaseNode | null = node; at; at = at.parent) if (at.type === 'PAGE') return at === figma.currentPage;
  return false;
}
