import { startRig, RIG_TOKEN, type Rig } from './rig';
import type { FakeReplicateOptions } from '../fakes/replicate';
import type { JobSnapshot, JobSpec } from '../../ui/jobs/job-spec';

/**
 * The whole core loop in one process (see rig.ts): the real controller on the Figma fake,
 * the real job runner, Replicate client and image conversion, the real relay over HTTP,
 * and the Replicate protocol server behind it. This is the short form most tests use.
 */
export const TOKEN = RIG_TOKEN;
export type Loop = Rig;

export interface LoopOptions {
  replicate?: FakeReplicateOptions;
  token?: string;
  /** Sync-mode hold (Prefer: wait=n). */
  waitSeconds?: number;
  relayUrl?: string;
}

export function startLoop(options: LoopOptions = {}): Promise<Loop> {
  const { relayUrl } = options;
  return startRig({
    replicate: { latencyMs: 80, outputScale: 0.125, ...options.replicate },
    token: options.token,
    waitSeconds: options.waitSeconds,
    ...(relayUrl ? { relayUrl: () => relayUrl } : {}),
  });
}

/** Every node on the current page, depth first. */
export function allNodes(figma: PluginAPI): SceneNode[] {
  return figma.currentPage.findAll(() => true);
}

export function imageNodes(figma: PluginAPI): SceneNode[] {
  return allNodes(figma).filter(
    (n) => 'fills' in n && Array.isArray(n.fills) && (n.fills as Paint[]).some((p) => p.type === 'IMAGE'),
  );
}

/** A layer's bounds, for the placement checks (shared/layout's intersects). */
export const box = (n: SceneNode) => ({ x: n.x, y: n.y, width: n.width, height: n.height });

/** The predictions the protocol server was asked to create, oldest first. */
export const creates = (loop: Loop) => loop.replicate.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/predictions'));

/** The input of the last prediction created. */
export const lastInput = (loop: Loop) => (creates(loop).at(-1)!.body as { input: Record<string, unknown> }).input;

/** The layer a job placed for its first variant. */
export async function placedNode<T extends BaseNode = SceneNode>(loop: Loop, job: JobSnapshot): Promise<T> {
  return (await loop.figma.getNodeByIdAsync((job.variants[0] as { nodeId: string }).nodeId)) as T;
}

/** A one-image run on `source`, the size of it, placed beside it with it as parent (as the Refine tab asks). */
export function onSource(source: SceneNode, spec: Partial<JobSpec>): Partial<JobSpec> {
  return {
    prompt: '',
    count: 1,
    shape: { kind: 'size', width: source.width, height: source.height },
    source: { nodeId: source.id },
    besideNodeId: source.id,
    parentId: source.id,
    ...spec,
  };
}
