import type { Handlers } from '../../shared/messages/channel';
import type { trainingRequests } from '../../shared/messages/training-messages';
import { exportTrainingImages } from './export-training-images';
import { loadTrainings, saveStyle, trackTraining, untrackTraining } from './training-store';

/** The controller's training requests (see shared/messages/training-messages.ts). */
export const trainingHandlers: Handlers<typeof trainingRequests> = {
  exportTrainingImages: ({ nodeIds, maxSide }) => exportTrainingImages(nodeIds, maxSide),
  loadTrainings: () => loadTrainings(),
  trackTraining: async (item) => {
    await trackTraining(item);
    return undefined;
  },
  untrackTraining: async ({ trainingId }) => {
    await untrackTraining(trainingId);
    return undefined;
  },
  saveStyle: (style) => saveStyle(style),
};
