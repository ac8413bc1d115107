import { TERMINAL, type Prediction, type ReplicateAccess } from '../replicate/client';
import { createPacer, type Pacer } from './pacer';

/**
 * One loop that polls every open prediction (GET /v1/predictions/{id}) until it ends, for
 * all the jobs it is given: a 48-image Explore is 48 entries here, not 48 timers, and their
 * GETs share one budget under Replicate's limit for endpoints other than create (3000 a
 * minute, FACTS.md). Polls run side by side, one slow or retried GET holding up only its own
 * prediction, but at most `MAX_POLLS_IN_FLIGHT` at once: over an HTTP/1.1 relay the browser
 * has 6 connections, and the run's creates and downloads need the others.
 */
export interface PredictionPoller {
  /** Resolves with the prediction once its status is final; rejects when a GET fails or `signal` aborts. */
  watch(replicate: ReplicateAccess, first: Prediction, options: WatchOptions): Promise<Prediction>;
}

export interface WatchOptions {
  /** Time between two GETs of this prediction (the first one this long after `first`). */
  intervalMs: number;
  signal: AbortSignal;
  /** Told every status read, final or not. */
  onRead?: (prediction: Prediction) => void;
}

/**
 * 2400 a minute, 300 at once: 600 a minute of the 3000 stay for model look-ups, cancels, file
 * uploads and a second panel on the same account. A burst of 300 covers the first seconds of a
 * 48-prediction run polled twice a second; after that it settles at 35 a second.
 */
export const POLLS_PER_MINUTE = 2400;
export const POLL_BURST = 300;
/** Of the browser's 6: two stay for the run's downloads (and a create of another run). */
export const MAX_POLLS_IN_FLIGHT = 4;

interface Entry {
  replicate: ReplicateAccess;
  id: string;
  intervalMs: number;
  due: number;
  busy: boolean;
  signal: AbortSignal;
  onRead?: (prediction: Prediction) => void;
  resolve: (prediction: Prediction) => void;
  reject: (error: unknown) => void;
  stopListening: () => void;
}

export interface PollerOptions {
  pacer?: Pacer;
  maxInFlight?: number;
  now?: () => number;
}

export function createPredictionPoller(options: PollerOptions = {}): PredictionPoller {
  const now = options.now ?? Date.now;
  const pacer = options.pacer ?? createPacer(POLLS_PER_MINUTE, POLL_BURST, now);
  const maxInFlight = options.maxInFlight ?? MAX_POLLS_IN_FLIGHT;
  const open = new Set<Entry>();
  let inFlight = 0;
  let looping = false;
  let wake: (() => void) | undefined;

  function close(entry: Entry): boolean {
    if (!open.delete(entry)) return false;
    entry.stopListening();
    return true;
  }

  async function poll(entry: Entry): Promise<void> {
    entry.busy = true;
    inFlight++;
    try {
      await pacer.take(entry.signal);
      const prediction = await entry.replicate.getPrediction(entry.id, entry.signal);
      if (!open.has(entry)) return;
      entry.onRead?.(prediction);
      if (TERMINAL.has(prediction.status)) {
        close(entry);
        entry.resolve(prediction);
      } else {
        entry.due = now() + entry.intervalMs;
      }
    } catch (error) {
      if (close(entry)) entry.reject(error);
    } finally {
      entry.busy = false;
      inFlight--;
      wake?.();
    }
  }

  async function loop(): Promise<void> {
    looping = true;
    try {
      while (open.size > 0) {
        const t = now();
        let next = Infinity;
        // The longest overdue first, as many as may be in flight.
        const idle = [...open].filter((entry) => !entry.busy).sort((a, b) => a.due - b.due);
        for (const entry of idle) {
          if (entry.due > t) next = Math.min(next, entry.due);
          else if (inFlight < maxInFlight) void poll(entry);
        }
        // Until the next one is due, a poll ends (its entry is due again, or its slot free) or a new watch comes.
        await new Promise<void>((resolve) => {
          const timer = Number.isFinite(next) ? setTimeout(resolve, next - t) : undefined;
          wake = () => {
            if (timer !== undefined) clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      looping = false;
    }
  }

  return {
    watch(replicate, first, { intervalMs, signal, onRead }) {
      if (TERMINAL.has(first.status)) return Promise.resolve(first);
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise<Prediction>((resolve, reject) => {
        const onAbort = () => {
          if (close(entry)) reject(signal.reason);
        };
        const entry: Entry = {
          replicate,
          id: first.id,
          intervalMs,
          due: now() + intervalMs,
          busy: false,
          signal,
          onRead,
          resolve,
          reject,
          stopListening: () => signal.removeEventListener('abort', onAbort),
        };
        signal.addEventListener('abort', onAbort, { once: true });
        open.add(entry);
        if (looping) wake?.();
        else void loop();
      });
    },
  };
}
