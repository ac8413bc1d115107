import type { Pick } from '../../shared/messages/logo-messages';
import { isGone, summarize } from '../node-info';

/** ★ Pick: a mark on the layer itself (plugin data), so picks survive reloads and travel with the file. */
export const PICK_KEY = 'pick';

export function isPicked(node: BaseNode): boolean {
  return node.getPluginData(PICK_KEY) === '1';
}

export async function setPicked(nodeIds: string[], picked: boolean): Promise<{ changed: number }> {
  let changed = 0;
  for (const id of new Set(nodeIds)) {
    const node = await figma.getNodeByIdAsync(id);
    if (!node || isGone(node) || node.type === 'PAGE' || node.type === 'DOCUMENT') continue;
    if (isPicked(node) === picked) continue;
    node.setPluginData(PICK_KEY, picked ? '1' : '');
    changed++;
  }
  return { changed };
}

export function listPicks(): { picks: Pick[] } {
  const nodes = figma.currentPage.findAll((n) => isPicked(n));
  return {
    picks: nodes.map((n) => {
      const { id, name, width, height, hasImage, type, locked, recipe } = summarize(n);
      return { id, name, width, height, hasImage, type, locked, ...(recipe ? { recipe } : {}) };
    }),
  };
}

/** The ★ Pick relaunch button and menu command: toggles the selection, no panel needed. */
export async function pickCommand(): Promise<void> {
  const selection = figma.currentPage.selection;
  if (selection.length === 0) {
    figma.closePlugin('Select a result to pick it.');
    return;
  }
  // Mixed selection: pick them all (the common case is adding to the picks).
  const unpick = selection.every(isPicked);
  const { changed } = await setPicked(selection.map((n) => n.id), !unpick);
  const what = `${changed} ${changed === 1 ? 'layer' : 'layers'}`;
  figma.closePlugin(unpick ? `Unpicked ${what}.` : `★ Picked ${what}.`);
}
