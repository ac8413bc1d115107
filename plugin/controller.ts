import { createChannel } from '../shared/messages/channel';
import { pluginEvents, pluginRequests, uiEvents, uiRequests } from '../shared/messages/contract';
import { handlers } from './handlers';
import { isGone, readRecipe, summarize } from './node-info';
import { documentKey, hasPendingWork, loadPending, untrackPrediction } from './pending-store';
import type { PendingPrediction } from '../shared/messages/contract';
import { removeIfPlaceholder } from './placement/fail-target';
import { openRuns } from './placement/runs';
import { figmaUiTransport } from './transport';
import { isRefineTool, type RefineTool } from '../shared/tools';
import { showLineage } from './lineage';

const INSTANT_TOOLS: RefineTool[] = ['vary', 'upscale', 'remove-background'];
/** Replicate deletes API predictions' outputs after an hour. */
const RETENTION_MS = 60 * 60 * 1000;

/**
 * Hands the panel what an earlier launch left running. Items whose placeholders were all
 * deleted since are dropped (the person removed them), and counted so the panel can say so.
 */
async function offerResume(
  channel: { emit(name: 'resume', payload: { items: PendingPrediction[]; skipped: number }): void },
  loading: Promise<PendingPrediction[]>,
): Promise<void> {
  const items = await loading;
  if (items.length === 0) return;
  const here = documentKey();
  const live: PendingPrediction[] = [];
  let skipped = 0;
  for (const item of items) {
    if (item.document && item.document !== here) {
      // Another file's: left for it, unless Replicate has deleted its outputs by now.
      if (Date.now() - item.createdAt > RETENTION_MS) await untrackPrediction(item.predictionId);
      continue;
    }
    let anyLeft = false;
    for (const slot of item.slots) {
      const node = await figma.getNodeByIdAsync(slot.nodeId);
      if (node && !isGone(node)) anyLeft = true;
    }
    if (anyLeft) live.push(item);
    else {
      skipped++;
      await untrackPrediction(item.predictionId);
    }
  }
  if (live.length > 0 || skipped > 0) channel.emit('resume', { items: live, skipped });
}

/** "Show lineage" needs no panel: select, say what happened, close. */
async function lineageCommand(): Promise<void> {
  const [node] = figma.currentPage.selection;
  if (!node) {
    figma.closePlugin('Select a generated layer to see what it was made from.');
    return;
  }
  const { selected, missing } = await showLineage(node.id);
  const parts = [
    selected ? `Selected ${selected} ${selected === 1 ? 'ancestor' : 'ancestors'}` : 'This layer has no ancestors on this page',
    missing ? `${missing} was deleted` : '',
  ].filter(Boolean);
  figma.closePlugin(parts.join('; ') + '.');
}

export const PANEL_SIZE = { width: 360, height: 600 };

/** Starts the controller for one plugin launch (a menu command or a relaunch button). */
export function startController(command: string): void {
  if (command === 'lineage') {
    void lineageCommand();
    return;
  }
  figma.showUI(__html__, { ...PANEL_SIZE, themeColors: true, title: 'Diffusion' });

  const channel = createChannel({
    transport: figmaUiTransport(),
    outgoing: uiRequests,
    incoming: pluginRequests,
    outgoingEvents: pluginEvents,
    incomingEvents: uiEvents,
    handlers,
    // Image bytes can take a while to decode on a busy machine.
    timeoutMs: 60_000,
  });

  const sendSelection = () =>
    channel.emit('selectionChanged', { nodes: figma.currentPage.selection.map(summarize) });
  figma.on('selectionchange', sendSelection);

  const pendingAtStart = loadPending();

  channel.on('ready', () => {
    sendSelection();
    void offerResume(channel, pendingAtStart);
    if (command === 'regenerate') {
      const items = figma.currentPage.selection
        .map((node) => ({ nodeId: node.id, recipe: readRecipe(node) }))
        .filter((item): item is { nodeId: string; recipe: NonNullable<typeof item.recipe> } => !!item.recipe);
      if (items.length > 0) channel.emit('regenerate', { items });
      else figma.notify('Select a generated layer to regenerate it.');
    } else if (isRefineTool(command)) {
      // Tools that need nothing typed run at once; the others open on their controls.
      channel.emit('openTool', { tool: command, run: INSTANT_TOOLS.includes(command) });
    }
  });

  figma.on('close', () => {
    // The panel (and its network) is gone. Placeholders whose prediction already exists
    // upstream stay, saying so, for the next launch to fill; the others go.
    for (const run of openRuns()) {
      for (const target of run.targets.values()) {
        if (target.state !== 'waiting') continue;
        if (hasPendingWork(target.nodeId) && !isGone(target.node)) {
          target.node.name = `Waiting for Replicate… ${target.node.name.replace(/^Generating… /, '')} (reopen Diffusion to finish)`;
        } else {
          removeIfPlaceholder(target.node);
        }
      }
    }
    channel.close();
  });
}
