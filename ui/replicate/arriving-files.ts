/**
 * Output files on their way to the panel behind their prediction's answer (shared/relay-frames.ts):
 * the answer names them, their bytes arrive a moment later on the same response, and `download`
 * takes them from here instead of fetching. A file the relay could not carry, or one whose
 * response broke off, comes out as undefined: the caller downloads it itself. Bytes nobody takes
 * (a canceled job) are dropped after a minute.
 */

export const ARRIVING_MAX_AGE_MS = 60_000;

interface Entry {
  bytes: Promise<Uint8Array | undefined>;
  settle: (bytes: Uint8Array | undefined) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Delivered (bytes or not), and taken: an entry goes once both are true. */
  settled: boolean;
  taken: boolean;
}

export interface ArrivingFiles {
  /** These URLs' bytes follow on a response being read now. */
  expect(urls: readonly string[]): void;
  /** A file's bytes (undefined: not carried, download it). */
  deliver(url: string, bytes: Uint8Array | undefined): void;
  /** The bytes on their way for this URL (taken once), or undefined when none are coming. */
  take(url: string): Promise<Uint8Array | undefined> | undefined;
  /** Whether bytes are on their way for this URL. */
  has(url: string): boolean;
}

export function createArrivingFiles(maxAgeMs = ARRIVING_MAX_AGE_MS): ArrivingFiles {
  const entries = new Map<string, Entry>();

  function drop(url: string): void {
    const entry = entries.get(url);
    if (!entry) return;
    entries.delete(url);
    clearTimeout(entry.timer);
  }

  return {
    expect(urls) {
      for (const url of urls) {
        if (entries.has(url)) continue;
        let settle!: Entry['settle'];
        const bytes = new Promise<Uint8Array | undefined>((resolve) => (settle = resolve));
        const timer = setTimeout(() => {
          settle(undefined);
          drop(url);
        }, maxAgeMs);
        entries.set(url, { bytes, settle, timer, settled: false, taken: false });
      }
    },
    deliver(url, bytes) {
      const entry = entries.get(url);
      if (!entry || entry.settled) return;
      entry.settled = true;
      entry.settle(bytes);
      if (entry.taken) drop(url);
    },
    take(url) {
      const entry = entries.get(url);
      if (!entry || entry.taken) return undefined;
      entry.taken = true;
      if (entry.settled) drop(url);
      return entry.bytes;
    },
    has(url) {
      const entry = entries.get(url);
      return !!entry && !entry.taken;
    },
  };
}
