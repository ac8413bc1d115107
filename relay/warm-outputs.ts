/**
 * Output files fetched as soon as a prediction passing through the relay says it succeeded,
 * so the panel's /download of each (which comes a round trip later) is answered from memory
 * instead of waiting for the delivery host. Node only: a Cloudflare Worker may not hand one
 * request's fetch to another (and is close to the delivery CDN anyway). No Node imports here.
 *
 * A warmed answer is exactly what /download would have said (status, headers, bytes), served
 * once; bounded in total bytes and age; whatever is not taken in time is dropped. Only files
 * served whole are kept: after a failure the panel's download fetches (and reports) for itself.
 */

import { outputFiles } from './output-strings';

export interface WarmOptions {
  /** The relay's own download (host rules, redirects, limits) of one output URL. */
  download: (url: string) => Promise<Response>;
  /** Whether a string in an output is a file the download rules allow. */
  isOutputUrl: (value: string) => boolean;
  maxBytes?: number;
  maxAgeMs?: number;
  now?: () => number;
}

interface Warmed {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

interface Entry {
  at: number;
  /** Undefined when the download broke off: the request then downloads for itself. */
  answer: Promise<Warmed | undefined>;
  bytes: number;
}

export interface WarmOutputs {
  /** Reads a prediction the relay is passing on; a succeeded one has its outputs fetched now. */
  seen(prediction: unknown): void;
  /** The warmed answer for this output URL (once), or undefined. */
  take(url: string): Promise<Response | undefined>;
}

/** A few grids of photo-sized outputs; a full cache warms nothing more until some are taken. */
export const WARM_MAX_BYTES = 64 * 1024 * 1024;
/** The panel downloads within a moment of the prediction; later, it was not coming. */
export const WARM_MAX_AGE_MS = 60_000;
/** Outputs of one prediction warmed at most (a 48-image grid is 48 predictions of 1). */
const MAX_OUTPUTS_PER_PREDICTION = 16;

export function createWarmOutputs(options: WarmOptions): WarmOutputs {
  const maxBytes = options.maxBytes ?? WARM_MAX_BYTES;
  const maxAgeMs = options.maxAgeMs ?? WARM_MAX_AGE_MS;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, Entry>();
  let held = 0;

  function drop(url: string): void {
    const entry = entries.get(url);
    if (!entry) return;
    entries.delete(url);
    held -= entry.bytes;
  }

  function expire(): void {
    const oldest = now() - maxAgeMs;
    for (const [url, entry] of entries) if (entry.at < oldest) drop(url);
  }

  function warm(url: string): void {
    if (entries.has(url) || held >= maxBytes) return;
    const entry: Entry = { at: now(), bytes: 0, answer: Promise.resolve(undefined) };
    entry.answer = options
      .download(url)
      .then(async (response) => {
        // Only a file served whole is kept; a failure is the download's own to meet (and report).
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          throw new Error('not warmed');
        }
        const bytes = new Uint8Array(await response.arrayBuffer());
        // Still wanted (not taken, not expired) and room for it: counted; else not kept.
        if (entries.get(url) === entry) {
          if (held + bytes.byteLength > maxBytes) {
            drop(url);
          } else {
            entry.bytes = bytes.byteLength;
            held += bytes.byteLength;
          }
        }
        return { status: response.status, headers: response.headers, bytes };
      })
      .catch(() => {
        if (entries.get(url) === entry) drop(url);
        return undefined;
      });
    entries.set(url, entry);
  }

  return {
    seen(prediction) {
      expire();
      const p = prediction as { status?: unknown; output?: unknown } | null;
      if (!p || p.status !== 'succeeded') return;
      for (const url of outputFiles(p.output, options.isOutputUrl).slice(0, MAX_OUTPUTS_PER_PREDICTION)) warm(url);
    },
    async take(url) {
      expire();
      const entry = entries.get(url);
      if (!entry) return undefined;
      const answer = await entry.answer;
      drop(url);
      if (!answer) return undefined;
      const headers = new Headers(answer.headers);
      headers.set('Content-Length', String(answer.bytes.byteLength));
      return new Response(answer.bytes as BodyInit, { status: answer.status, headers });
    },
  };
}
