import { NamedError } from '../../shared/errors';
import { withRelayKey } from './client';
import { explainHttpFailure, explainNetworkError } from './explain-error';
import { fileForm } from './input-files';
import { createRetryingFetch, type RetryOptions } from './retrying-fetch';

/**
 * The Replicate calls a training needs, through the relay: the account (owner of the new
 * model), a trainer's schema, creating the destination model, uploading the training set,
 * and creating, reading and canceling the training. Plain fetch with the panel's retrying
 * fetch (429s wait, GETs retry); every failure becomes one sentence (explain-error.ts).
 */
export type TrainingStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

export interface Training {
  id: string;
  status: TrainingStatus;
  logs?: string;
  error?: unknown;
  output?: unknown;
  created_at?: string;
  started_at?: string | null;
  completed_at?: string | null;
}

export interface Trainer {
  id: string;
  version: string;
  /** The properties of its `TrainingInput` schema (a trainer's inputs). */
  inputs: Record<string, { type?: string; format?: string; default?: unknown; enum?: unknown[]; allOf?: { $ref?: string }[] }>;
  enums: Record<string, unknown[]>;
}

export interface TrainingAccess {
  account(): Promise<{ username: string }>;
  trainer(model: string): Promise<Trainer>;
  createModel(args: { owner: string; name: string; description: string }): Promise<void>;
  upload(bytes: Uint8Array, filename: string, mime: string, signal?: AbortSignal): Promise<string>;
  createTraining(trainer: Trainer, destination: string, input: Record<string, unknown>): Promise<Training>;
  getTraining(id: string, signal?: AbortSignal): Promise<Training>;
  cancelTraining(id: string): Promise<Training>;
}

export interface TrainingAccessOptions {
  token: string;
  relayUrl: string;
  /** The relay's key, when it asks for one (Settings); sent as X-Relay-Key like the client's. */
  relayKey?: string;
  fetch?: typeof fetch;
  retry?: Omit<RetryOptions, 'fetch'>;
}

/** Hardware the destination model is created with; a LoRA's predictions run on FLUX's own. */
export const DESTINATION_HARDWARE = 'gpu-t4';

export function createTrainingAccess(options: TrainingAccessOptions): TrainingAccess {
  const relayUrl = options.relayUrl.replace(/\/+$/, '');
  const rawFetch = withRelayKey(options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)), options.relayKey);
  const send = createRetryingFetch({ ...options.retry, fetch: rawFetch });
  const auth: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};

  async function call<T>(path: string, init: RequestInit = {}, model?: string): Promise<T> {
    let response: Response;
    try {
      response = await send(`${relayUrl}${path}`, { ...init, headers: { ...auth, ...(init.body && typeof init.body === 'string' ? { 'Content-Type': 'application/json' } : {}) } });
    } catch (error) {
      if ((error as { name?: string })?.name === 'AbortError') throw error;
      throw explainNetworkError(relayUrl);
    }
    const text = await response.text();
    if (!response.ok) {
      const failure = { status: response.status, body: text };
      if (response.status === 409) throw new NamedError('NameTaken', conflictDetail(text));
      throw explainHttpFailure(failure, { relayUrl, model });
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new NamedError('NotRelay', `The server at ${relayUrl} answered, but not like a relay. Check the Relay URL in Settings.`);
    }
  }

  return {
    account: () => call<{ username: string }>('/v1/account'),
    async trainer(model) {
      const [owner, name] = model.split('/');
      const found = await call<{ latest_version?: { id: string; openapi_schema?: { components?: { schemas?: Record<string, { properties?: Trainer['inputs']; enum?: unknown[] }> } } } | null }>(
        `/v1/models/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`,
        {},
        model,
      );
      const version = found.latest_version;
      const schemas = version?.openapi_schema?.components?.schemas ?? {};
      const inputs = schemas.TrainingInput?.properties;
      if (!version || !inputs) throw new NamedError('NotTrainer', `"${model}" is not a trainer: its schema declares no training inputs.`);
      const enums: Record<string, unknown[]> = {};
      for (const [key, schema] of Object.entries(schemas)) if (Array.isArray(schema.enum)) enums[key] = schema.enum;
      return { id: model, version: version.id, inputs, enums };
    },
    async createModel({ owner, name, description }) {
      await call('/v1/models', { method: 'POST', body: JSON.stringify({ owner, name, description, visibility: 'private', hardware: DESTINATION_HARDWARE }) });
    },
    async upload(bytes, filename, mime, signal) {
      const file = await call<{ urls?: { get?: string } }>('/v1/files', { method: 'POST', body: fileForm(bytes, mime, filename), signal });
      if (!file.urls?.get) throw new NamedError('UploadFailed', 'Replicate accepted the upload but gave no address for it.');
      return file.urls.get;
    },
    createTraining(trainer, destination, input) {
      const [owner, name] = trainer.id.split('/');
      return call<Training>(`/v1/models/${owner}/${name}/versions/${trainer.version}/trainings`, { method: 'POST', body: JSON.stringify({ destination, input }) }, trainer.id);
    },
    getTraining: (id, signal) => call<Training>(`/v1/trainings/${encodeURIComponent(id)}`, { signal }),
    cancelTraining: (id) => call<Training>(`/v1/trainings/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  };
}

function conflictDetail(body: string): string {
  try {
    const detail = (JSON.parse(body) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail : 'That name is taken.';
  } catch {
    return 'That name is taken.';
  }
}
