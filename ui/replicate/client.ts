import Replicate from 'replicate';
import { NamedError } from '../../shared/errors';
import { readWithin } from '../../shared/read-within';
import { decodeDataUrl } from '../images/data-url';
import { readCapabilities, type Capabilities, type OpenApiDoc } from '../../shared/models/capabilities';
import { isOfficialPreset, modelId, type ModelRef } from '../../shared/models/catalogue';
import { explainHttpFailure, explainNetworkError } from './explain-error';
import { createRetryingFetch, type RetryOptions } from './retrying-fetch';
import { inEnvelopes } from './envelope';
import { inBatches, togetherSignal } from './batches';
import { createArrivingFiles } from './arriving-files';
import { askingForFrames } from './framed-answers';
import { DATA_URL_LIMIT, fileForm, toDataUrl } from './input-files';
import { withTimeout } from './with-timeout';
import { streamText } from './stream-output';

/**
 * Everything the panel asks of Replicate, through the relay. Built on the `replicate`
 * package with our own fetch (retries, no User-Agent preflight trouble) and
 * `useFileOutput: false` (we download outputs ourselves, through the relay).
 */

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

export interface Prediction {
  id: string;
  status: PredictionStatus;
  version?: string;
  model?: string;
  output?: unknown;
  error?: unknown;
  created_at?: string;
  /** `predict_time`: seconds of hardware billed, where Replicate reports it. */
  metrics?: { predict_time?: number };
  /** `stream`: the server-sent-events address of a prediction created with `stream: true`. */
  urls?: { get?: string; cancel?: string; stream?: string };
}

export interface ResolvedModel {
  id: string;
  /** The version to pin, or undefined to run an official model by name. */
  version?: string;
  capabilities: Capabilities;
}

export interface ReplicateAccess {
  getModel(ref: ModelRef, signal?: AbortSignal): Promise<ResolvedModel>;
  createPrediction(
    /** `together`: one of many creates made at once (a relay that batches takes them in one request). */
    args: { model: ResolvedModel; input: Record<string, unknown>; waitSeconds: number; stream?: boolean; together?: boolean },
    signal?: AbortSignal,
  ): Promise<Prediction>;
  /** Reads a streaming prediction's output as it is written (see stream-output.ts). */
  streamText(streamUrl: string, onPiece: (piece: string) => void, signal?: AbortSignal): Promise<string>;
  getPrediction(id: string, signal?: AbortSignal): Promise<Prediction>;
  /**
   * The relay's own copy of a finished prediction (a relay with a public URL keeps outputs past
   * Replicate's hour), its outputs pointing at the relay; undefined when the relay keeps none.
   */
  getKeptPrediction?(id: string, signal?: AbortSignal): Promise<Prediction | undefined>;
  cancelPrediction(id: string): Promise<void>;
  download(url: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Whether this output's bytes are on their way behind its prediction's answer (framed-answers.ts). */
  arriving?(url: string): boolean;
  /** A URL a model can read the bytes from: a data URL when small, an uploaded file otherwise. */
  inputUrl(bytes: Uint8Array, mime: string, signal?: AbortSignal): Promise<string>;
  /**
   * Any number of creates may wait in sync mode at once: the relay takes them in one batch, or
   * the browser reaches it over HTTP/2 (no 6-connection limit to wait in).
   */
  holdsManyCreates?: boolean;
}

export interface AccessOptions {
  token: string;
  relayUrl: string;
  /** Sent as X-Relay-Key on every call to the relay (a team relay holding its own token asks for it). */
  relayKey?: string;
  fetch?: typeof fetch;
  retry?: Omit<RetryOptions, 'fetch'>;
  downloadTimeoutMs?: number;
  /** The relay takes calls as simple requests (its /health says `envelopes`): no preflight each. */
  envelopes?: boolean;
  /** The relay sends a finished prediction's files behind its answer when asked (its /health says `outputFrames`). */
  outputFrames?: boolean;
  /** The relay takes many creates in one request (its /health says `batches`; see batches.ts). */
  batches?: boolean;
  /** The browser reaches the relay over HTTP/2 or 3 (its /health says `multiplexed`). */
  multiplexed?: boolean;
}

export const DOWNLOAD_TIMEOUT_MS = 120_000;
/** The relay's own cap; an output image is far below it, and a larger answer is not an image to place. */
export const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

export const TERMINAL: ReadonlySet<PredictionStatus> = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

export function createReplicateAccess(options: AccessOptions): ReplicateAccess {
  const relayUrl = options.relayUrl.replace(/\/+$/, '');
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  // Batches and framed answers travel in envelopes: without them neither is asked for; a batch
  // is answered in frames.
  const framing = !!(options.envelopes && options.outputFrames);
  const batching = framing && !!options.batches;
  const files = createArrivingFiles();
  const enveloped = options.envelopes ? inEnvelopes(relayUrl, baseFetch) : baseFetch;
  const batched = batching ? inBatches(relayUrl, enveloped, files) : enveloped;
  const rawFetch = withRelayKey(framing ? askingForFrames(batched, files) : batched, options.relayKey);
  const fetchWithRetries = createRetryingFetch({ ...options.retry, fetch: withoutUserAgent(rawFetch) });
  const client = new Replicate({
    auth: options.token || undefined,
    baseUrl: `${relayUrl}/v1`,
    fetch: fetchWithRetries,
    useFileOutput: false,
  });
  const models = new Map<string, Promise<ResolvedModel>>();

  async function call<T>(work: () => Promise<T>, model?: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw explain(error, relayUrl, model);
    }
  }

  return {
    ...(batching || options.multiplexed ? { holdsManyCreates: true } : {}),
    getModel(ref, signal) {
      const key = ref.version ? `${modelId(ref)}:${ref.version}` : modelId(ref);
      let pending = models.get(key);
      if (!pending) {
        pending = call(async () => {
          // Shared by every job that asks, so no one job's Cancel may abort it (see below).
          const version = ref.version
            ? await client.models.versions.get(ref.owner, ref.name, ref.version)
            : ((await client.models.get(ref.owner, ref.name)) as { latest_version?: unknown }).latest_version;
          const v = version as { id?: string; openapi_schema?: OpenApiDoc } | undefined;
          if (!v?.openapi_schema) {
            throw new NamedError('NoSchema', `"${modelId(ref)}" has no published version the plugin can read.`);
          }
          const pinned = ref.version ?? (isOfficialPreset(modelId(ref)) ? undefined : v.id);
          return { id: modelId(ref), version: pinned, capabilities: readCapabilities(v.openapi_schema) };
        }, modelId(ref));
        models.set(key, pending);
        // A failed look-up (wrong token, relay down) must not stick.
        pending.catch(() => models.delete(key));
      }
      return untilAborted(pending, signal);
    },
    createPrediction({ model, input, waitSeconds, stream, together }, given) {
      const signal = given ?? (together && batching ? togetherSignal() : undefined);
      return call(
        () =>
          client.predictions.create({
            ...(model.version ? { version: model.version } : { model: model.id }),
            input,
            ...(stream ? { stream: true } : {}),
            // 0: return at once (a stream is read from its own URL, no need to hold the request).
            ...(waitSeconds > 0 ? { wait: Math.max(1, Math.min(60, Math.round(waitSeconds))) } : {}),
            signal,
          } as never) as Promise<Prediction>,
        model.id,
      );
    },
    streamText(streamUrl, onPiece, signal) {
      return streamText(relayUrl, streamUrl, onPiece, { fetch: rawFetch, signal });
    },
    getPrediction(id, signal) {
      return call(() => client.predictions.get(id, { signal }) as Promise<Prediction>);
    },
    async getKeptPrediction(id, signal) {
      if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return undefined;
      try {
        // A relay that keeps nothing (or not this, or not for this key) answers 404: ask Replicate then.
        const response = await fetchWithRetries(`${relayUrl}/kept/${id}`, { signal });
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          return undefined;
        }
        const kept = (await response.json()) as Prediction;
        return kept?.id === id && TERMINAL.has(kept.status) ? kept : undefined;
      } catch (error) {
        if (signal?.aborted) throw error;
        return undefined;
      }
    },
    async cancelPrediction(id) {
      await call(() => client.predictions.cancel(id));
    },
    async inputUrl(bytes, mime, signal) {
      if (bytes.length <= DATA_URL_LIMIT) return toDataUrl(bytes, mime);
      const extension = mime.split('/')[1] ?? 'bin';
      const response = await call(() =>
        fetchWithRetries(`${relayUrl}/v1/files`, {
          method: 'POST',
          headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
          body: fileForm(bytes, mime, `input.${extension}`),
          signal,
        }),
      );
      if (!response.ok) {
        throw explainHttpFailure({ status: response.status, body: await response.text().catch(() => '') }, { relayUrl });
      }
      const file = (await response.json()) as { urls?: { get?: string } };
      if (!file.urls?.get) throw new NamedError('UploadFailed', 'Replicate accepted the upload but gave no address for it.');
      return file.urls.get;
    },
    arriving(url) {
      return files.has(url);
    },
    async download(url, signal) {
      if (url.startsWith('data:')) return decodeDataUrl(url);
      const arriving = files.take(url);
      const carried = arriving && (await untilAborted(arriving, signal));
      if (carried) return carried;
      // The whole download, body included, gets a deadline: a stalled transfer ends in a reason.
      const limit = withTimeout(options.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS, 'Downloading the image', signal);
      try {
        // Outputs the relay kept are its own files; everything else comes through /download.
        const address = url.startsWith(`${relayUrl}/kept/`) ? url : `${relayUrl}/download?url=${encodeURIComponent(url)}`;
        const response = await call(() => fetchWithRetries(address, { signal: limit.signal }));
        if (!response.ok) {
          throw explainHttpFailure(
            { status: response.status, body: await response.text().catch(() => '') },
            { relayUrl },
          );
        }
        return await readCapped(response, MAX_DOWNLOAD_BYTES);
      } catch (error) {
        throw limit.signal.aborted && !signal?.aborted ? limit.signal.reason : error;
      } finally {
        limit.done();
      }
    },
  };
}

/** The shared look-up, given up by this caller alone when its own signal aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function explain(error: unknown, relayUrl: string, model?: string): unknown {
  const e = error as { name?: string; message?: string; response?: Response };
  if (e?.name === 'AbortError') return error;
  if (e?.name === 'ApiError' && e.response) {
    // replicate 1.4.0 consumes the body and puts it at the end of its message.
    const body = /failed with status \d+[^:]*: ([\s\S]*)\.$/.exec(e.message ?? '')?.[1] ?? '';
    return explainHttpFailure({ status: e.response.status, body }, { relayUrl, model });
  }
  if (e?.name === 'TypeError') return explainNetworkError(relayUrl);
  // A 2xx answer that is not JSON: whatever is at the Relay URL is not a relay.
  if (e?.name === 'SyntaxError') {
    return new NamedError(
      'NotRelay',
      `The server at ${relayUrl} answered, but not like a relay. Check the Relay URL in Settings.`,
    );
  }
  return error;
}

/** Every request to the relay carries the Relay key, when there is one (the client only talks to the relay). */
export function withRelayKey(fetchImpl: typeof fetch, relayKey: string | undefined): typeof fetch {
  const key = relayKey?.trim();
  if (!key) return fetchImpl;
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('X-Relay-Key', key);
    return fetchImpl(input, { ...init, headers });
  };
}

/** Reads a download, refusing one larger than `max` bytes (by its Content-Length, or as it streams). */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new NamedError('TooLarge', `The image is larger than ${Math.round(max / (1024 * 1024))} MB, too large to place.`);
  const declared = Number(response.headers.get('content-length'));
  if (declared > max) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const bytes = await readWithin(response.body, max);
  if (!bytes) throw tooLarge();
  return bytes;
}

/**
 * Browsers either drop User-Agent or make it trigger a CORS preflight the relay would
 * have to allow; Replicate does not need it.
 */
function withoutUserAgent(fetchImpl: typeof fetch): typeof fetch {
  return (input, init) => {
    if (!init?.headers) return fetchImpl(input, init);
    const headers = new Headers(init.headers);
    headers.delete('user-agent');
    return fetchImpl(input, { ...init, headers });
  };
}
