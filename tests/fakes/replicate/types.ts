/** Public types of the fake Replicate server. */

export interface FakeReplicateOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 = a random free port. */
  port?: number;
  /** Accepted bearer tokens; default ['r8_test_token']. */
  tokens?: string[];
  /** Demo mode: any non-empty token starting with 'r8_' is accepted. */
  acceptAnyToken?: boolean;
  /** These tokens authenticate but get 402 (insufficient credit) on prediction create. */
  noCreditTokens?: string[];
  /**
   * Model run time from create to succeeded, default 300 ms. Language models start writing
   * after a quarter of it and then take as long as their answer needs at `tokensPerSecond`.
   */
  latencyMs?: number;
  /** How fast language models write, one output piece per token; default 60 (tests: thousands). */
  tokensPerSecond?: number;
  /** Multiplies generated output pixel size (default 1; tests use e.g. 0.25). */
  outputScale?: number;
  /** Base URL used in output and file URLs; default the server's own URL. */
  publicUrl?: string;
  /** Seed of the RNG used by `faults.random` and for random model seeds. */
  seed?: number;
  /** The account's webhook signing secret (GET /v1/webhooks/default/secret); default a random `whsec_...`. */
  webhookSecret?: string;
  /** Waits between a failed webhook delivery and its retries (same webhook-id); default [250, 1000, 4000]. */
  webhookRetryDelaysMs?: number[];
  /**
   * The clock Replicate's data retention reads (default Date.now): an hour after a prediction
   * completed its output is gone (`output: null`, `data_removed: true`, files 404).
   */
  clock?: () => number;
  /** Token-bucket limits per token and minute. Default {create: 600, other: 3000} (Replicate's). */
  rateLimits?: { createPerMinute?: number; otherPerMinute?: number };
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string including '?', or ''. */
  query: string;
  /** Lower-cased header names, raw values (Authorization is NOT redacted). */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined (no body, not JSON, multipart). */
  body: unknown;
  /** Date.now() when the request arrived. */
  at: number;
}

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

/** The prediction exactly as the API returns it (see replicate-openapi.yml, predictions.get). */
export interface PredictionJson {
  id: string;
  model: string;
  version: string;
  input: Record<string, unknown>;
  logs: string;
  /** A URL, a list of them, or an object (ideogram-ai/layerize). */
  output: string | string[] | Record<string, unknown> | null;
  error: string | null;
  status: PredictionStatus;
  source: 'api';
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  data_removed: boolean;
  /** `stream` only for a language model created with `stream: true`. */
  urls: { get: string; cancel: string; web: string; stream?: string };
  metrics?: {
    predict_time?: number;
    total_time?: number;
    input_token_count?: number;
    output_token_count?: number;
    tokens_per_second?: number;
    time_to_first_token?: number;
  };
}

/** A prediction held by the fake: the API object plus a few test-only facts. */
export interface FakePrediction extends PredictionJson {
  /** Input fields not in the model's schema (Replicate ignores them; recorded here). */
  ignoredInputs: string[];
  /** Token that created it. */
  token: string;
  /** Seed actually used. */
  seed: number;
  /** True if the create request asked for sync mode (Prefer: wait). */
  sync: boolean;
  /** Cancel-After deadline in ms since epoch, if any. */
  deadline: number | null;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: number; body?: string; contentType?: string }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'fail-prediction'; error: string }
  | { kind: 'cancel-upstream' };

export interface FiredFault {
  method: string;
  path: string;
  fault: Fault;
  /** 'scripted' from next(), 'random' from random(). */
  source: 'scripted' | 'random';
  at: number;
}

export interface FaultControls {
  /**
   * The next `times` (default 1) requests matching `route` get `fault`.
   * Route syntax: 'METHOD /path' where METHOD may be '*' and each '*' path segment matches one
   * segment, except a final '*' which matches one or more remaining segments
   * ('GET /delivery/*' matches '/delivery/abc/out-0.png'). The route '*' alone matches everything.
   * 'fail-prediction' and 'cancel-upstream' only take effect (and are only consumed) on
   * prediction-create requests; a language model fails (or is canceled) half-way through its answer.
   */
  next(route: string, fault: Fault, times?: number): void;
  /** Random faults at `rate` (0..1) from a seeded RNG, for soak tests. rate 0 turns it off. */
  random(rate: number, kinds: Fault['kind'][]): void;
  /** Drops scripted and random faults (does not reset `count`/`fired`). */
  clear(): void;
  /** How many faults have fired. */
  readonly count: number;
  /** Every fault that fired, in order. */
  readonly fired: FiredFault[];
  /** Scripted faults not yet used. */
  readonly pending: number;
}

export interface FakeReplicate {
  /** e.g. http://127.0.0.1:41234 (the API is under /v1). */
  url: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  predictions: Map<string, FakePrediction>;
  faults: FaultControls;
  /** Per-model ('owner/name') run time, or '*' for the default of every model. */
  setLatency(modelOrAll: string | '*', ms: number): void;
  /** Language models' writing speed for predictions created from now on. */
  setTokensPerSecond(tokensPerSecond: number): void;
  /** The signing secret webhooks are sent with. */
  webhookSecret: string;
  /** Every webhook delivery attempt, in order. */
  webhooks: import('./webhook-sender').WebhookDelivery[];
  /** Resolves when every webhook sent so far was taken or gave up. */
  webhooksSettled(): Promise<void>;
}
