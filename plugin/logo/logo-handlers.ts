import type { Handlers } from '../../shared/messages/channel';
import type { logoRequests } from '../../shared/messages/logo-messages';
import { loadBrandKit, saveBrandKit } from './brand-kit-store';
import { buildLockups } from './lockups';
import { buildLogoSheet } from './logo-sheet';
import { listPicks, setPicked } from './picks';
import { recolorMarks } from './recolor-marks';

/** The controller's logo requests (see shared/messages/logo-messages.ts). */
export const logoHandlers: Handlers<typeof logoRequests> = {
  loadBrandKit: () => loadBrandKit(),
  saveBrandKit: (kit) => saveBrandKit(kit),
  recolorMarks: (request) => recolorMarks(request),
  buildLockups: ({ nodeId }) => buildLockups(nodeId),
  buildLogoSheet: ({ nodeId }) => buildLogoSheet(nodeId),
  setPicked: ({ nodeIds, picked }) => setPicked(nodeIds, picked),
  listPicks: () => listPicks(),
};
