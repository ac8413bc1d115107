import type { PayloadOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import { NamedError } from '../../shared/errors';
import { isGone } from '../node-info';
import { buildNode, settleImageHeights, type SlotInfo } from './build-node';
import { getDesign } from './design-sessions';

type AddSection = PayloadOf<PluginRequests, 'addDesignSection'>;

export const REDESIGN_RELAUNCH = { 'redesign-section': 'Redesign this section with an instruction' } as const;

/**
 * Builds one section into the design as it completes, so the canvas fills in while the
 * language model is still writing. Returns its image slots at their laid-out size.
 */
export async function addDesignSection(request: AddSection): Promise<{ sectionId: string; slots: SlotInfo[] }> {
  const session = getDesign(request.designId);
  if (!session?.ctx) throw new NamedError('NoDesign', 'This design is no longer being built.');
  if (isGone(session.frame)) throw new NamedError('DesignGone', 'The design frame was deleted while it was being built.');
  const ctx = { ...session.ctx, slots: [] as SlotInfo[] };
  const into = session.into;
  const parent = into?.parent ?? session.frame;
  const path = into?.path ?? String(request.index);
  const node = await buildNode(request.section, parent, ctx, path, into ? undefined : 'background');
  if (into) parent.insertChild(Math.min(into.index, parent.children.length - 1), node);
  node.setRelaunchData({ ...REDESIGN_RELAUNCH });
  settleImageHeights(session.frame, ctx.slots);
  return { sectionId: node.id, slots: ctx.slots };
}
