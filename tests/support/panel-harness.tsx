import './jsdom-web-globals';
import { act, render, waitFor } from '@testing-library/preact';
import { App } from '../../ui/panel/App';
import { createPanelModel, type PanelDeps, type PanelModel } from '../../ui/state/panel-model';
import type { PluginChannel } from '../../ui/plugin-channel';
import type { JobSnapshot, JobSpec } from '../../ui/jobs/job-spec';
import type { AccessOptions, ReplicateAccess } from '../../ui/replicate/client';
import type { RelayInfo } from '../../ui/replicate/relay-health';
import { readCapabilities, type JsonSchema } from '../../shared/models/capabilities';
import { modelId, type ModelRef } from '../../shared/models/catalogue';
import { NamedError } from '../../shared/errors';

/**
 * The real panel (App + panel model) in jsdom, with the world around it faked: the plugin
 * channel, the relay's /health, Replicate's model schemas, and the job runner (each start is
 * recorded, and the test says when its predictions exist).
 */

export const RELAY_URL = 'http://relay.test:8787';

/** A cog Input schema: a prompt, the usual aspect ratios, num_outputs and a seed. */
export function modelSchema(seed: JsonSchema | null = { type: 'integer' }) {
  return {
    components: {
      schemas: {
        Input: {
          type: 'object',
          properties: {
            prompt: { type: 'string' },
            aspect_ratio: { type: 'string', enum: ['1:1', '16:9', '9:16', '4:3', '3:4'], default: '1:1' },
            num_outputs: { type: 'integer', minimum: 1, maximum: 4 },
            ...(seed ? { seed } : {}),
          },
        },
        Output: { type: 'array', items: { type: 'string' } },
      },
    },
  };
}

export interface HarnessOptions {
  token?: string;
  relay?: Partial<RelayInfo>;
  /** Models Replicate knows, by owner/name; every preset by default. */
  models?: Record<string, ReturnType<typeof modelSchema>>;
  /** What the controller answers to other requests, by name. */
  answers?: Record<string, (payload: unknown) => unknown>;
}

export interface Started {
  spec: JobSpec;
  id: string;
  /** Reports the job as the runner would once its predictions exist. */
  created(): void;
}

export async function openPanel(options: HarnessOptions = {}) {
  const requests: { name: string; payload: unknown }[] = [];
  const listeners: Record<string, (payload: unknown) => void> = {};
  const plugin = {
    request: async (name: string, payload: unknown) => {
      requests.push({ name, payload });
      if (name === 'loadSettings') return { token: options.token ?? '', relayUrl: RELAY_URL };
      return options.answers?.[name]?.(payload);
    },
    on: (name: string, handler: (payload: unknown) => void) => {
      listeners[name] = handler;
      return () => undefined;
    },
    emit: () => undefined,
  } as unknown as PluginChannel;

  const models = options.models ?? {
    'black-forest-labs/flux-schnell': modelSchema(),
    'black-forest-labs/flux-dev': modelSchema(),
    'recraft-ai/recraft-v3-svg': modelSchema(null),
    'ideogram-ai/ideogram-v3-turbo': modelSchema(),
  };
  const lookedUp: ModelRef[] = [];
  const access: ReplicateAccess = {
    async getModel(ref) {
      lookedUp.push(ref);
      const doc = models[modelId(ref)];
      if (!doc) throw new NamedError('NotFound', `Replicate has no model called "${modelId(ref)}".`);
      return { id: modelId(ref), version: ref.version, capabilities: readCapabilities(doc) };
    },
  } as ReplicateAccess;
  const accessOptions: AccessOptions[] = [];

  const started: Started[] = [];
  const startJob: PanelDeps['startJob'] = (spec, _deps, onChange) => {
    const id = `job-${started.length + 1}`;
    const snapshot: JobSnapshot = { id, spec, phase: 'running', variants: Array.from({ length: spec.count }, () => ({ status: 'queued' as const })) };
    onChange(snapshot);
    started.push({
      spec,
      id,
      created: () =>
        onChange({ ...snapshot, variants: snapshot.variants.map((_, i) => ({ status: 'running' as const, since: 0, predictionId: `p-${id}-${i}` })) }),
    });
    return { id, cancel: () => undefined, done: new Promise<JobSnapshot>(() => undefined) };
  };

  const relay: RelayInfo = { reachable: true, serverToken: !options.token, demo: false, ...options.relay };
  const relayChecks: string[] = [];
  const model: PanelModel = createPanelModel(plugin, {
    checkRelay: async (url) => {
      relayChecks.push(url);
      return { ...relay };
    },
    createAccess: (opts) => {
      accessOptions.push(opts);
      return access;
    },
    startJob,
    relayRetryMs: 0,
  });
  const view = render(<App model={model} />);
  // Testing Library's default 1 s is too short on a loaded CI machine.
  await waitFor(() => expect(model.relay.value).toBeDefined(), { timeout: 10_000 });
  await settle();
  return { model, view, requests, started, lookedUp, accessOptions, relay, relayChecks, listeners };
}

/** Lets signals re-render and pending promises (model look-ups) finish. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
