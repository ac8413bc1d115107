/** Fake Replicate HTTP API for tests and the offline demo. See server.ts for behaviour notes. */
export { startFakeReplicate } from './server';
export type {
  FakeReplicate,
  FakeReplicateOptions,
  FakePrediction,
  PredictionJson,
  PredictionStatus,
  RecordedRequest,
  Fault,
  FaultControls,
  FiredFault,
} from './types';
export { MODELS, findModel, sizeForRatio } from './models';
export type { ModelEntry, FieldSpec } from './models';
export { NSFW_ERROR, OOM_ERROR, DEADLINE_ERROR } from './predictions';
export { DEFAULT_TOKENS_PER_SECOND } from './server';
export { demoDesignAnswer } from './demo-designer';
export { tokenPieces } from './token-pieces';
export { routeMatches } from './faults';
