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
