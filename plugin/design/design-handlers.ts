import type { Handlers } from '../../shared/messages/channel';
import type { designRequests } from '../../shared/messages/design-messages';
import { addDesignSection } from './add-section';
import { setDesignTokens } from './design-tokens';
import { fileStyles } from './file-styles';
import { finishDesign } from './finish-design';
import { readDesign } from './read-design';
import { startDesign } from './start-design';

/** The controller's design requests (see shared/messages/design-messages.ts). */
export const designHandlers: Handlers<typeof designRequests> = {
  startDesign,
  setDesignTokens,
  addDesignSection,
  finishDesign,
  fileStyles: () => fileStyles(),
  readDesign: ({ frameId }) => readDesign(frameId),
};
