import { toWireError } from '../../shared/errors';
import type { Capabilities } from '../../shared/models/capabilities';
import type { Target } from '../../shared/messages/contract';
import type { ReplicateAccess } from '../replicate/client';
import type { JobSpec } from './job-spec';
import type { PluginPort } from './run-job';

/** References are looked at for their look, not their detail: 1024 px keeps uploads small. */
export const REFERENCE_MAX_SIDE = 1024;

/** How many reference images this model takes (0: none), from its schema. */
export function referenceLimit(caps: Capabilities): number {
  const list = caps.imageList ?? caps.styleReferences;
  if (!list) return 0;
  return list.max ?? DEFAULT_LIMIT;
}
/** A list with no stated maximum: a few, since each is an upload and slows the model. */
const DEFAULT_LIMIT = 4;

/**
 * The reference images a job sends: the layers it names (`spec.references`) and, with
 * `spec.matchFrame`, a snapshot of the frame its first target sits in, each exported by the
 * controller and turned into a URL the model can read (a data URL when small, else an
 * upload to the files API). A reference the controller will not export (deleted, hidden,
 * on another page) is left out and said in `note`; the job runs without it.
 */
export async function referenceInputs(
  spec: JobSpec,
  caps: Capabilities,
  targets: Target[],
  deps: { plugin: PluginPort; replicate: ReplicateAccess; signal: AbortSignal },
): Promise<{ urls: string[]; sent: string[]; note?: string }> {
  const limit = referenceLimit(caps);
  const wanted = [
    ...(spec.matchFrame && targets[0] ? [{ nodeId: targets[0].nodeId, surrounding: true }] : []),
    ...(spec.references ?? []).map((nodeId) => ({ nodeId, surrounding: false })),
  ];
  if (limit === 0 || wanted.length === 0) {
    return wanted.length > 0 ? { urls: [], sent: [], note: 'This model takes no reference images, so none were sent.' } : { urls: [], sent: [] };
  }
  const results = await Promise.all(
    wanted.slice(0, limit).map(async (item) => {
      try {
        const exported = await deps.plugin.request('exportReference', { ...item, maxSide: REFERENCE_MAX_SIDE });
        const url = await deps.replicate.inputUrl(exported.image, 'image/png', deps.signal);
        return { url, item };
      } catch (error) {
        const wire = toWireError(error);
        // Network and upload failures end the job like any other; a layer that can't be shown is skipped.
        if (!SKIPPABLE.has(wire.name)) throw error;
        return { problem: wire.message };
      }
    }),
  );
  const urls: string[] = [];
  const sent: string[] = [];
  const problems: string[] = [];
  for (const result of results) {
    if ('problem' in result) problems.push(result.problem ?? '');
    else {
      urls.push(result.url);
      if (!result.item.surrounding) sent.push(result.item.nodeId);
    }
  }
  if (wanted.length > limit) problems.push(`This model takes ${limit} reference ${limit === 1 ? 'image' : 'images'}, so ${wanted.length - limit} more ${wanted.length - limit === 1 ? 'was' : 'were'} not sent.`);
  return { urls, sent, ...(problems.length ? { note: problems.join(' ') } : {}) };
}

const SKIPPABLE = new Set(['ReferenceGone', 'ReferenceNotShown', 'NoFrame']);
