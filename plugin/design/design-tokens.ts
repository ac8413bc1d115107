import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import { NamedError } from '../../shared/errors';
import { prepareFonts } from './fonts';
import { bindPalette } from './palette';
import { getDesign } from './design-sessions';
import { matchTextStyles } from './text-styles';

type SetTokens = PayloadOf<PluginRequests, 'setDesignTokens'>;

/** Binds the palette and loads the fonts, before any section needs them. */
export async function setDesignTokens(request: SetTokens): Promise<{ notes: string[]; collectionId?: string }> {
  const session = getDesign(request.designId);
  if (!session) throw new NamedError('NoDesign', 'This design is no longer being built.');
  const palette = await bindPalette(request.palette, request.title, request.useFileStyles, request.collectionId);
  const fonts = await prepareFonts(request.typography);
  const notes = [...fonts.notes];
  const linked = Object.entries(palette.boundTo);
  if (request.useFileStyles) {
    notes.push(
      linked.length > 0
        ? `Used this file's colours for ${linked.map(([token, name]) => `${token} (${name})`).join(', ')}.`
        : `No colour in this file matched the design's roles, so it has a palette of its own.`,
    );
  }
  const text = request.useFileStyles ? await matchTextStyles() : undefined;
  if (text && text.names.length > 0) notes.push(`Used this file's text styles for ${text.names.join(', ')}.`);
  session.ctx = { palette, hex: request.palette, fonts, typography: request.typography, notes, slots: [], ...(text ? { textStyles: text.styles } : {}) };
  session.collectionId = palette.collectionId;
  // A redesigned copy keeps the background it was copied with.
  if (!session.into) await palette.fill(session.frame, 'background');
  return { notes, ...(palette.collectionId ? { collectionId: palette.collectionId } : {}) };
}
