import { startFakeReplicate, type FakeReplicate, type FakeReplicateOptions } from '../fakes/replicate';
import { createFigmaFake, type FigmaFake } from '../fakes/figma';
import { configFromEnv, type RelayConfig } from '../../relay/handler';
import { startRelay, type StartedRelay } from '../../relay/node';
import { startController } from '../../plugin/controller';
import { connectToPlugin, type PluginChannel } from '../../ui/plugin-channel';
import { createReplicateAccess, type ReplicateAccess } from '../../ui/replicate/client';
import type { RetryOptions } from '../../ui/replicate/retrying-fetch';
import { createPacer, type Pacer } from '../../ui/jobs/pacer';
import { startJob, type JobHandle } from '../../ui/jobs/run-job';
import type { JobSnapshot, JobSpec } from '../../ui/jobs/job-spec';
import { toPlaceable as realToPlaceable, type ToPlaceable } from '../../ui/images/to-placeable';
import type { Transport } from '../../shared/messages/channel';
import manifest from '../../manifest.json';
import { installCanvasShim } from './canvas-shim';

/**
 * Like tests/support/loop.ts (the same real controller, job runner, client, relay over
 * HTTP and Replicate protocol server), with the knobs the reliability and security
 * suites need: relay config and its log lines, retry options, a shared pacer, the
 * panel's real toPlaceable (on a sharp-backed canvas shim), a relay URL computed from the
 * started parts, and a spec-less `startJob` for many concurrent jobs.
 */

export const RIG_TOKEN = 'r8_test_token';

export interface RigOptions {
  replicate?: FakeReplicateOptions;
  token?: string;
  /** The Relay URL the panel uses; default the started relay's. */
  relayUrl?: (parts: { replicate: FakeReplicate; relay: StartedRelay }) => string;
  /** Merged over the relay config (upstream = the fake, download and stream hosts = the fake's host). */
  relay?: Partial<RelayConfig>;
  /** The relay's port (default: any free one); a relay with a public URL must know it up front. */
  relayPort?: number;
  /** The Relay key the panel sends (a relay with client keys). */
  relayKey?: string;
  retry?: Omit<RetryOptions, 'fetch'>;
  pacer?: Pacer;
  /** Default: the panel's own toPlaceable on the canvas shim. */
  toPlaceable?: ToPlaceable;
  waitSeconds?: number;
  pollIntervalMs?: number;
}

export interface Rig {
  replicate: FakeReplicate;
  relay: StartedRelay;
  relayUrl: string;
  relayLog: string[];
  fake: FigmaFake;
  figma: PluginAPI;
  plugin: PluginChannel;
  access: ReplicateAccess;
  snapshots: JobSnapshot[];
  start(spec: Partial<JobSpec>): JobHandle;
  generate(spec: Partial<JobSpec>): Promise<JobSnapshot>;
  close(): Promise<void>;
}

export const DEFAULT_SPEC: JobSpec = {
  tool: 'generate',
  model: 'black-forest-labs/flux-schnell',
  prompt: 'a lighthouse at dusk, flat illustration',
  count: 4,
  shape: { kind: 'ratio', ratio: '1:1' },
};

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const restoreCanvas = options.toPlaceable ? () => undefined : installCanvasShim();
  const replicate = await startFakeReplicate({ latencyMs: 60, outputScale: 0.1, ...options.replicate });
  const relayLog: string[] = [];
  const relay = await startRelay(
    {
      ...configFromEnv({}),
      upstream: replicate.url,
      downloadHosts: [new URL(replicate.url).host],
      streamHosts: [new URL(replicate.url).host],
      log: (line) => relayLog.push(line),
      ...options.relay,
    },
    { port: options.relayPort ?? 0 },
  );
  const fake = createFigmaFake({
    command: 'open',
    relaunchCommands: manifest.relaunchButtons.map((b) => b.command),
    viewport: { x: 0, y: 0, width: 1600, height: 1000 },
  });
  fake.install();
  startController('open');
  const transport: Transport = {
    send: (message) => fake.ui.post(message),
    listen: (receive) => fake.ui.onMessage(receive),
  };
  const plugin = connectToPlugin(transport);
  const relayUrl = options.relayUrl ? options.relayUrl({ replicate, relay }) : relay.url;
  const access = createReplicateAccess({
    token: options.token ?? RIG_TOKEN,
    relayUrl,
    ...(options.relayKey ? { relayKey: options.relayKey } : {}),
    retry: { baseDelayMs: 20, maxDelayMs: 200, ...options.retry },
  });
  const pacer = options.pacer ?? createPacer();
  const toPlaceable = options.toPlaceable ?? realToPlaceable;
  const snapshots: JobSnapshot[] = [];
  const handles: JobHandle[] = [];

  const start = (spec: Partial<JobSpec>) => {
    const handle = startJob(
      { ...DEFAULT_SPEC, ...spec },
      {
        plugin,
        replicate: access,
        toPlaceable,
        pacer,
        pollIntervalMs: options.pollIntervalMs ?? 40,
        waitSeconds: options.waitSeconds ?? 5,
      },
      (s) => snapshots.push(s),
    );
    handles.push(handle);
    return handle;
  };

  return {
    replicate,
    relay,
    relayUrl,
    relayLog,
    fake,
    figma: fake.figma,
    plugin,
    access,
    snapshots,
    start,
    generate: (spec) => start(spec).done,
    async close() {
      for (const handle of handles) handle.cancel();
      plugin.close();
      await Promise.all(handles.map((h) => h.done.catch(() => undefined)));
      fake.uninstall();
      await relay.close();
      await replicate.close();
      restoreCanvas();
    },
  };
}

export interface Relaunch<Model> {
  model: Model;
  replicate: FakeReplicate;
  relay: StartedRelay;
  fake: FigmaFake;
  figma: PluginAPI;
  close(): Promise<void>;
}

/**
 * A fresh launch of the plugin from a layer's relaunch button, as in Figma: the controller
 * starts with `command`, and the panel says 'ready' before it has loaded its saved settings
 * (token and this relay), as ui/main.tsx does. `place` puts (and selects) what the command acts
 * on; the panel model comes from the caller, so only its tests load Preact's signals.
 */
export async function startRelaunch<Model extends { loadSettings(): Promise<void> }>(
  command: string,
  createModel: (plugin: PluginChannel) => Model,
  place: (figma: PluginAPI, fake: FigmaFake) => Promise<void> | void,
): Promise<Relaunch<Model>> {
  const restoreCanvas = installCanvasShim();
  const replicate = await startFakeReplicate({ latencyMs: 20, outputScale: 0.1 });
  const relay = await startRelay({ ...configFromEnv({}), upstream: replicate.url, downloadHosts: [new URL(replicate.url).host] }, { port: 0 });
  const fake = createFigmaFake({ command, relaunchCommands: manifest.relaunchButtons.map((b) => b.command) });
  fake.install();
  await fake.figma.clientStorage.setAsync('replicate-token', RIG_TOKEN);
  await fake.figma.clientStorage.setAsync('relay-url', relay.url);
  await place(fake.figma, fake);
  await fake.settle();
  startController(command);
  const plugin = connectToPlugin({ send: (m) => fake.ui.post(m), listen: (r) => fake.ui.onMessage(r) });
  const model = createModel(plugin);
  plugin.emit('ready', {});
  setTimeout(() => void model.loadSettings(), 0);
  return {
    model,
    replicate,
    relay,
    fake,
    figma: fake.figma,
    async close() {
      plugin.close();
      fake.uninstall();
      await relay.close();
      await replicate.close();
      restoreCanvas();
    },
  };
}

/** Every node on every page, depth first. */
export function nodesOnAllPages(figma: PluginAPI): BaseNode[] {
  const out: BaseNode[] = [];
  for (const page of figma.root.children) {
    out.push(page);
    out.push(...page.findAll(() => true));
  }
  return out;
}

export { waitFor } from './wait-for';

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}
