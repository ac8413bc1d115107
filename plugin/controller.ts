import { createChannel } from '../shared/messages/channel';
import { pluginEvents, pluginRequests, uiEvents, uiRequests } from '../shared/messages/contract';
import { handlers } from './handlers';
import { isGone, readRecipe, summarize } from './node-info';
import { hasPendingWork, loadPending } from './pending-store';
import { offerResume } from './resume-offer';
import { removeIfPlaceholder } from './placement/fail-target';
import { showPlaceholderState } from './placement/placeholder';
import { openRuns } from './placement/runs';
import { figmaUiTransport } from './transport';
import { isRefineTool, type RefineTool } from '../shared/tools';
import { lineageCommand } from './lineage';
import { designCommand, removeUnfinishedDesigns } from './design/design-commands';
import { pickCommand } from './logo/picks';
import { saveRecentRuns, watchHistory, writeQueuedEntries } from './history-store';
import { beginQuickAction, runQuickAction } from './quick-action';

const INSTANT_TOOLS: RefineTool[] = ['vary', 'upscale', 'remove-background', 'vectorize'];

export const PANEL_SIZE = { width: 360, height: 600 };

/**
 * Starts the controller for one plugin launch (a menu command or a relaunch button).
 * `parameters`: "Generate images" from Figma's command palette, run with the panel hidden.
 */
export function startController(command: string, parameters?: ParameterValues): void {
  if (command === 'lineage') {
    void lineageCommand();
    return;
  }
  if (command === 'pick') {
    void pickCommand();
    return;
  }
  const quick = command === 'open' && parameters ? beginQuickAction(parameters) : undefined;
  if (command === 'open' && parameters && !quick) return;
  // Hidden, the panel still does what only it can: the network, and decoding images.
  figma.showUI(__html__, { ...PANEL_SIZE, themeColors: true, title: 'Diffusion', ...(quick ? { visible: false } : {}) });

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
  const stopWatchingHistory = watchHistory(() => channel.emit('historyChanged', {}));

  const pendingAtStart = loadPending();

  channel.on('ready', () => {
    sendSelection();
    // A quick action closes when its own run ends; earlier unfinished work waits for a full launch.
    if (quick) return runQuickAction(channel, quick);
    void offerResume(channel, pendingAtStart);
    if (command === 'regenerate') {
      // A local logo tool's recipe names no model: there is nothing to run again.
      const items = figma.currentPage.selection
        .map((node) => ({ nodeId: node.id, recipe: readRecipe(node) }))
        .filter((item): item is { nodeId: string; recipe: NonNullable<typeof item.recipe> } => !!item.recipe?.model);
      if (items.length > 0) channel.emit('regenerate', { items });
      else figma.notify('Select a generated layer to regenerate it.');
    } else if (command === 'logo') {
      channel.emit('logoAction', { action: 'open' });
    } else if (designCommand(command, channel)) {
      // A design command: the panel opens its Design tab on it.
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
        if (target.state === 'placed') continue;
        if (target.state === 'waiting' && hasPendingWork(target.nodeId) && !isGone(target.node)) {
          showPlaceholderState(target.node, { state: 'waiting' });
        } else {
          removeIfPlaceholder(target.node);
        }
      }
    }
    removeUnfinishedDesigns();
    writeQueuedEntries();
    void saveRecentRuns();
    stopWatchingHistory();
    channel.close();
  });
}
