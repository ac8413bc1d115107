import { startFakeReplicate, type FakeReplicate, type FakeReplicateOptions } from '../fakes/replicate';
import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { configFromEnv } from '../../relay/handler';
import { startRelay, type StartedRelay } from '../../relay/node';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { createReplicateAccess, type ReplicateAccess } from '../../ui/replicate/client';
import { createPacer } from '../../ui/jobs/pacer';
import { startJob, type JobHandle } from '../../ui/jobs/run-job';
import type { JobSnapshot, JobSpec } from '../../ui/jobs/job-spec';
import type { Transport } from '../../shared/messages/channel';
import manifest from '../../manifest.json';
import { nodeToPlaceable } from './node-to-placeable';

export const TOKEN = 'r8_test_token';

export interface Loop {
  replicate: FakeReplicate;
  relay: StartedRelay;
  fake: FigmaFake;
  figma: PluginAPI;
  plugin: PluginChannel;
  access: ReplicateAccess;
  snapshots: JobSnapshot[];
  start(spec: Partial<JobSpec>): JobHandle;
  generate(spec: Partial<JobSpec>): Promise<JobSnapshot>;
  close(): Promise<void>;
}

export interface LoopOptions {
  replicate?: FakeReplicateOptions;
  token?: string;
  command?: string;
  /** Sync-mode hold (Prefer: wait=n). */
  waitSeconds?: number;
  relayUrl?: string;
}

/**
 * The whole core loop in one process: the real controller on the Figma fake, the real
 * job runner and Replicate client, the real relay over HTTP, and the Replicate protocol
 * server behind it. Only the browser canvas is swapped for sharp (see node-to-placeable).
 */
export async function startLoop(options: LoopOptions = {}): Promise<Loop> {
  const replicate = await startFakeReplicate({ latencyMs: 80, outputScale: 0.125, ...options.replicate });
  const relay = await startRelay(
    { ...configFromEnv({}), upstream: replicate.url, downloadHosts: [new URL(replicate.url).host] },
    { port: 0 },
  );
  const fake = createFigmaFake({
    command: options.command ?? 'open',
    relaunchCommands: manifest.relaunchButtons.map((b) => b.command),
    viewport: { x: 0, y: 0, width: 1600, height: 1000 },
  });
  fake.install();
  startController(options.command ?? 'open');
  const transport: Transport = {
    send: (message) => fake.ui.post(message),
    listen: (receive) => fake.ui.onMessage(receive),
  };
  const plugin = connectToPlugin(transport);
  const access = createReplicateAccess({
    token: options.token ?? TOKEN,
    relayUrl: options.relayUrl ?? relay.url,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  const pacer = createPacer();
  const snapshots: JobSnapshot[] = [];
  const handles: JobHandle[] = [];

  const start = (spec: Partial<JobSpec>) => {
    const handle = startJob(
      {
        tool: 'generate',
        model: 'black-forest-labs/flux-schnell',
        prompt: 'a lighthouse at dusk, flat illustration',
        count: 4,
        shape: { kind: 'ratio', ratio: '1:1' },
        ...spec,
      },
      { plugin, replicate: access, toPlaceable: nodeToPlaceable, pacer, pollIntervalMs: 40, waitSeconds: options.waitSeconds ?? 5 },
      (s) => snapshots.push(s),
    );
    handles.push(handle);
    return handle;
  };

  return {
    replicate,
    relay,
    fake,
    figma: fake.figma,
    plugin,
    access,
    snapshots,
    start,
    generate: (spec) => start(spec).done,
    async close() {
      // Jobs still running would keep timers and sockets open past the test.
      for (const handle of handles) handle.cancel();
      plugin.close();
      await Promise.all(handles.map((h) => h.done.catch(() => undefined)));
      fake.uninstall();
      await relay.close();
      await replicate.close();
    },
  };
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
