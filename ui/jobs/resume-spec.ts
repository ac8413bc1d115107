import type { PendingPrediction } from '../../shared/messages/contract';
import type { JobSpec } from './job-spec';

/** The job that finishes a prediction an earlier launch created but could not place. */
export function resumeSpec(item: PendingPrediction): JobSpec {
  return {
    tool: item.tool,
    model: item.version ? `${item.model}:${item.version}` : item.model,
    prompt: item.prompt,
    name: item.name,
    count: item.slots.length,
    // Unused: the placeholders already exist and keep their size.
    shape: { kind: 'ratio', ratio: '1:1' },
    ...(item.parentId ? { parentId: item.parentId } : {}),
    ...(item.axes ? { axes: item.axes } : {}),
    resume: {
      predictionId: item.predictionId,
      createdAt: item.createdAt,
      input: item.input,
      ...(item.seed !== undefined ? { seed: item.seed } : {}),
      slots: item.slots,
    },
  };
}
