/**
 * A succeeded prediction answered with its output files behind it (shared/relay-frames.ts), when
 * the panel asks (`X-Relay-Inline: frames`, carried in an envelope): the answer goes at once, and
 * each file follows as the relay fetches it over its short path to the delivery host, so the
 * panel makes no download round trip of its own per image. Works on Workers too (one request).
 * A file that fails, or would take one answer past its cap, is named with its status and no
 * bytes: the panel downloads it itself. No Node imports here.
 */
import { FRAMES_TYPE, frameStream } from '../shared/relay-frames';
import { outputFiles } from './output-strings';
import { readWithin } from '../shared/read-within';

export const INLINE_HEADER = 'x-relay-inline';
/** Bytes one answer carries at most (each file is held whole until it is written). */
export const FRAMED_MAX_BYTES = 32 * 1024 * 1024;
/** Files fetched for one answer at most (Workers open 6 connections at a time per request). */
const MAX_FILES = 16;

export interface FramedOptions {
  /** The relay's own download (host rules, redirects, limits) of one output URL. */
  download: (url: string, signal?: AbortSignal) => Promise<Response>;
  isOutputUrl: (value: string) => boolean;
  maxBytes?: number;
  /** Files not fetched by then are left to the panel. */
  deadlineMs?: number;
}

/**
 * The answer (status, headers, JSON bytes) as frames with the prediction's files behind it, or
 * undefined to answer it unchanged (not finished, no files, too many).
 */
export function framedAnswer(
  answer: { status: number; headers: Headers; body: Uint8Array },
  prediction: unknown,
  options: FramedOptions,
): Response | undefined {
  const p = prediction as { status?: unknown; output?: unknown } | null;
  if (!p || typeof p !== 'object' || p.status !== 'succeeded') return undefined;
  const files = outputFiles(p.output, options.isOutputUrl);
  if (files.length === 0 || files.length > MAX_FILES) return undefined;
  const maxBytes = options.maxBytes ?? FRAMED_MAX_BYTES;
  const stop = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let total = 0;
  const body = frameStream(
    async (write) => {
      write({ i: 0, status: answer.status, files }, answer.body);
      timer = setTimeout(() => stop.abort(), options.deadlineMs ?? 10_000);
      await Promise.all(
        files.map(async (file) => {
          const [status, type, bytes] = await fetchFile(file);
          write({ i: 0, file, status, ...(type ? { type } : {}) }, bytes);
        }),
      );
      clearTimeout(timer);
    },
    () => {
      // The panel went away: the downloads stop.
      clearTimeout(timer);
      stop.abort();
    },
  );

  /** A file's status, type and bytes; no bytes when it is the panel's to download. */
  async function fetchFile(file: string): Promise<[number, string | undefined, Uint8Array | undefined]> {
    try {
      const response = await options.download(file, stop.signal);
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (!response.ok || total + declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        return [response.ok ? 0 : response.status, undefined, undefined];
      }
      // Read no further than what this answer can still carry.
      const bytes = response.body ? await readWithin(response.body, maxBytes - total) : new Uint8Array();
      if (!bytes || (total += bytes.byteLength) > maxBytes) return [0, undefined, undefined];
      return [response.status, response.headers.get('content-type') ?? 'application/octet-stream', bytes];
    } catch {
      return [stop.signal.aborted ? 504 : 502, undefined, undefined];
    }
  }

  const headers = new Headers(answer.headers);
  headers.set('Content-Type', FRAMES_TYPE);
  headers.delete('Content-Length');
  return new Response(body, { status: answer.status, headers });
}
