/**
 * A succeeded prediction answered with its output files inside it, as data URLs, when the
 * panel asks (`X-Relay-Inline: outputs`, carried in an envelope): the files come over the
 * relay's short path to the delivery host within the same request, and the panel makes no
 * download round trip of its own per image. Works on Workers too (one request). Files that are
 * too large together, or any that fails, leave the answer as it was: the panel downloads them.
 * No Node imports here.
 */
import { outputFiles, replaceStrings } from './output-strings';

export const INLINE_HEADER = 'x-relay-inline';
/** Base64 makes it a third larger, and the panel parses it as one JSON answer. */
export const INLINE_MAX_BYTES = 8 * 1024 * 1024;
/** Files fetched for one answer at most (Workers open 6 connections at a time per request). */
const MAX_FILES = 16;

export interface InlineOptions {
  /** The relay's own download (host rules, redirects, limits) of one output URL. */
  download: (url: string, signal?: AbortSignal) => Promise<Response>;
  isOutputUrl: (value: string) => boolean;
  maxBytes?: number;
  /** Past this, the answer goes with its URLs rather than keep the panel waiting. */
  deadlineMs?: number;
}

/** The prediction with its files inlined, or undefined to answer it unchanged. */
export async function inlineOutputs(prediction: unknown, options: InlineOptions): Promise<unknown> {
  const p = prediction as { status?: unknown; output?: unknown } | null;
  if (!p || typeof p !== 'object' || p.status !== 'succeeded') return undefined;
  const urls = outputFiles(p.output, options.isOutputUrl);
  if (urls.length === 0 || urls.length > MAX_FILES) return undefined;
  const maxBytes = options.maxBytes ?? INLINE_MAX_BYTES;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), options.deadlineMs ?? 10_000);
  let total = 0;
  try {
    const files = await Promise.all(
      urls.map(async (url) => {
        const response = await options.download(url, stop.signal);
        const declared = Number(response.headers.get('content-length') ?? '0');
        if (!response.ok || total + declared > maxBytes) throw new Error('not inlined');
        const bytes = new Uint8Array(await response.arrayBuffer());
        total += bytes.byteLength;
        if (total > maxBytes) throw new Error('not inlined');
        return [url, `data:${response.headers.get('content-type') ?? 'application/octet-stream'};base64,${base64(bytes)}`] as const;
      }),
    );
    const inlined = new Map(files);
    return { ...p, output: replaceStrings(p.output, (s) => inlined.get(s) ?? s) };
  } catch {
    stop.abort();
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

type Base64Source = Uint8Array & { toBase64?: () => string };

/** Native where the runtime has it (Uint8Array#toBase64); else btoa over chunks (a spread of 32K arguments was 10× slower). */
export function base64(bytes: Uint8Array): string {
  const native = (bytes as Base64Source).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x2000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x2000) as unknown as number[]);
  return btoa(binary);
}
