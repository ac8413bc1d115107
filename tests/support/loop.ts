import { startRig, RIG_TOKEN, type Rig } from './rig';
import type { FakeReplicateOptions } from '../fakes/replicate';

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
