export { createFigmaFake } from './create-figma';
export type { FigmaFake, FigmaFakeOptions } from './create-figma';
export type { FakeUiEndpoint } from './ui';
export type { ClientStorageBacking } from './client-storage';
export { memoryBacking, CLIENT_STORAGE_LIMIT } from './client-storage';
export { PLUGIN_DATA_ENTRY_LIMIT } from './plugin-data';
export { encodePng } from './png';
export type { ManifestParameter, SuggestionAnswer } from './parameters';
