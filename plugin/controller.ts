import { createChannel } from '../shared/messages/channel';
import { pluginEvents, pluginRequests, uiEvents, uiRequests } from '../shared/messages/contract';
import { handlers } from './handlers';
import { readRecipe, summarize } from './node-info';
import { removeIfPlaceholder } from './placement/fail-target';
import { openRuns } from './placement/runs';
import { figmaUiTransport } from './transport';
import { isRefineTool, type RefineTool } from '../shared/tools';
import { showLineage } from './lineage';

const INSTANT_TOOLS: RefineTool[] = ['vary', 'upscale', 'remove-background'];

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

  channel.on('ready', () => {
    sendSelection();
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
    // The panel (and its network) is gone: no placeholder may outlive it.
    for (const run of openRuns()) {
      for (const target of run.targets.values()) {
        if (target.state === 'waiting') removeIfPlaceholder(target.node);
      }
    }
    channel.close();
  });
}
