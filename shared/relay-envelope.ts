/**
 * One relay call carried in a simple request (a `text/plain` POST, which needs no CORS
 * preflight): what the panel sends and the relay unwraps. See ui/replicate/envelope.ts.
 */
export const ENVELOPE_PATH = '/call';

/** The only request headers an envelope carries (lower case); the relay adds no others. */
export const ENVELOPE_HEADERS = ['authorization', 'prefer', 'content-type', 'x-relay-key', 'x-relay-inline'] as const;

export interface Envelope {
  method: 'GET' | 'POST';
  /** Path and query on the relay: under /v1/, /download or /kept/. */
  path: string;
  headers: Partial<Record<(typeof ENVELOPE_HEADERS)[number], string>>;
  body?: string;
}

/**
 * Many prediction creates in one simple request (a relay whose /health says `batches`): the
 * relay runs each envelope as its own call and streams back each answer as frames
 * (shared/relay-frames.ts, `i` the call's index), in the order they finish. Creates held in sync
 * mode then take one of the browser's connections, not one each.
 */
export const BATCH_PATH = '/batch';
/** The paths of a prediction create (by model name, or by version): the only calls a batch carries. */
export const PREDICTION_CREATE_PATH = /^\/v1\/(models\/[^/?#]+\/[^/?#]+\/)?predictions$/;
/** Creates one batch carries at most (an Explore grid is 48). */
export const MAX_BATCH_CALLS = 64;

export interface BatchRequest {
  calls: Envelope[];
}
