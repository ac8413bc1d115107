import type { PayloadOf, ResultOf } from '../../shared/messages/channel';
import type { PluginRequests } from '../../shared/messages/contract';
import type { Placed, Placement } from '../../shared/messages/placement-messages';
import { toWireError } from '../../shared/errors';
import { placeImage } from './place-image';
import { placeLayers } from './place-layers';
import { placeVector } from './place-vector';

type PlaceImages = PayloadOf<PluginRequests, 'placeImages'>;

/**
 * A prediction's results in one turn: each goes where its target is (or, if that was deleted
 * or locked meanwhile, beside it, with a note), and one that cannot be placed says why
 * without keeping the others off the canvas. No undo step here: the run's results stay one
 * step, closed by finishRun.
 */
export async function placeImages({ runId, items }: PlaceImages): Promise<ResultOf<PluginRequests, 'placeImages'>> {
  const outcomes: Placed[] = [];
  for (const item of items) {
    try {
      outcomes.push(await placeOne(runId, item));
    } catch (error) {
      outcomes.push({ error: toWireError(error) });
    }
  }
  return { outcomes };
}

function placeOne(runId: string, item: Placement) {
  switch (item.kind) {
    case 'image':
      return placeImage(runId, item);
    case 'vector':
      return placeVector(runId, item);
    case 'layers':
      return placeLayers(runId, item);
  }
}
