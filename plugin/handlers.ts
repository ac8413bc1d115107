import type { Handlers } from '../shared/messages/channel';
import type { PluginRequests } from '../shared/messages/contract';
import { exportSource } from './export-source';
import { exportReference } from './export-reference';
import { designHandlers } from './design/design-handlers';
import { logoHandlers } from './logo/logo-handlers';
import { historyHandlers } from './history-handlers';
import { trainingHandlers } from './training/training-handlers';
import { showLineage } from './lineage';
import { selectNodes } from './select-nodes';
import { failTarget } from './placement/fail-target';
import { finishRun } from './placement/finish-run';
import { placeImages } from './placement/place-images';
import { startRun } from './placement/start-run';
import { adoptRun } from './placement/adopt-run';
import { showTargetState } from './placement/show-target-state';
import { trackPrediction, untrackPrediction } from './pending-store';
import { loadSettings, saveSettings } from './settings-store';
import { recipeKey } from './recipe-key-store';

/** Every request the panel can make; the compiler checks none is missing. */
export const handlers: Handlers<PluginRequests> = {
  loadSettings: () => loadSettings(),
  saveSettings: async (settings) => {
    await saveSettings(settings);
    return undefined;
  },
  startRun,
  placeImages,
  failTarget,
  trackPrediction: async (item) => {
    await trackPrediction(item);
    return undefined;
  },
  untrackPrediction: async ({ predictionId }) => {
    await untrackPrediction(predictionId);
    return undefined;
  },
  adoptRun: ({ runId, nodeIds }) => adoptRun(runId, nodeIds),
  showTargetState,
  finishRun: ({ runId, deleteMaskId, batch }) => finishRun(runId, deleteMaskId, batch),
  exportSource,
  exportReference,
  showLineage: ({ nodeId }) => showLineage(nodeId),
  selectNodes: ({ nodeIds }) => selectNodes(nodeIds),
  notify: ({ message, error }) => {
    figma.notify(message, { error: !!error, timeout: error ? 8000 : 4000 });
    return undefined;
  },
  recipeKey: ({ fresh }) => recipeKey(fresh),
  ...designHandlers,
  ...logoHandlers,
  ...historyHandlers,
  ...trainingHandlers,
};
