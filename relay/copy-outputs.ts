/**
 * Copies a finished prediction's output files into the kept store, several at once. The webhook
 * that triggers it is answered only after the copies (so a failed copy is retried by Replicate),
 * and Replicate waits only "a few seconds" for that answer: copying 16 files one after another
 * held it for 16 × (download + write). No Node imports here.
 */
import { downloadContentType } from './download';
import type { KeptStore } from './kept-store';

/** Workers lets one invocation hold 6 connections open at once; more would queue there anyway. */
export const COPIES_AT_ONCE = 6;

export interface CopiedOutput {
  url: string;
  contentType: string;
  size: number;
}

export type CopyResult =
  | { ok: true; outputs: CopiedOutput[]; downloadMs: number; storeMs: number }
  | { ok: false; index: number };

export async function copyOutputs(options: {
  urls: string[];
  keyOf: (index: number) => string;
  store: KeptStore;
  fetchOutput: (url: string) => Promise<Response>;
  now: () => number;
  atOnce?: number;
}): Promise<CopyResult> {
  const { urls, store, now } = options;
  const outputs: CopiedOutput[] = new Array(urls.length);
  // Time spent in each phase, summed over the files (they overlap when copied at once).
  let downloadMs = 0;
  let storeMs = 0;
  let failed: number | undefined;
  let next = 0;

  async function copyOne(index: number): Promise<boolean> {
    const url = urls[index];
    const started = now();
    let bytes: Uint8Array;
    let contentType: string;
    try {
      // A connection that breaks (a reused one the server had closed) is tried once more; an
      // answer, even an error, is Replicate's word on that file and is not.
      const response = await options.fetchOutput(url).catch(() => options.fetchOutput(url));
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return false;
      }
      contentType = downloadContentType(response.headers.get('content-type'));
      // R2 takes a body of known length; outputs are images well below the download cap.
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      return false;
    }
    const fetched = now();
    downloadMs += fetched - started;
    await options.store.put(options.keyOf(index), bytes, contentType);
    storeMs += now() - fetched;
    outputs[index] = { url, contentType, size: bytes.length };
    return true;
  }

  async function worker(): Promise<void> {
    // After a failure nothing new starts; the copies already running finish (the delivery is retried whole).
    while (failed === undefined && next < urls.length) {
      const index = next++;
      if (!(await copyOne(index))) failed = Math.min(failed ?? index, index);
    }
  }

  const workers = Math.max(1, Math.min(options.atOnce ?? COPIES_AT_ONCE, urls.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return failed === undefined ? { ok: true, outputs, downloadMs, storeMs } : { ok: false, index: failed };
}
