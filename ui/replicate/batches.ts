import { BATCH_PATH, MAX_BATCH_CALLS, PREDICTION_CREATE_PATH, type BatchRequest, type Envelope } from '../../shared/relay-envelope';
import { FRAMES_ASK } from '../../shared/relay-frames';
import type { ArrivingFiles } from './arriving-files';
import { toEnvelope } from './envelope';
import { readFramed } from './framed-answers';

/**
 * Prediction creates made in the same moment (an Explore grid's 48 cells, a model's one
 * prediction per variant) go to a relay whose /health says `batches` as one POST /batch, and
 * each caller gets its own answer the moment its frame arrives. Over HTTP/1.1 the browser opens
 * 6 connections to the relay: held one per create in sync mode, a grid waited for its own
 * creates in rounds; in one batch every create is held at the relay and none is read back by polling.
 * Each answer comes as frames (shared/relay-frames.ts), a finished prediction's files behind it
 * (into `files`). A create made alone goes as it would have.
 */
export function inBatches(relayUrl: string, fetchImpl: typeof fetch, files: ArrivingFiles): typeof fetch {
  const relay = new URL(relayUrl);
  let queue: Pending[] = [];

  function flush(): void {
    const calls = queue;
    queue = [];
    for (let at = 0; at < calls.length; at += MAX_BATCH_CALLS) {
      const part = calls.slice(at, at + MAX_BATCH_CALLS);
      if (part.length === 1) {
        const [only] = part;
        fetchImpl(only.input, only.init).then(only.resolve, only.reject);
      } else {
        void send(part);
      }
    }
  }

  async function send(calls: Pending[]): Promise<void> {
    const body: BatchRequest = { calls: calls.map((c) => c.envelope) };
    const open = new Set(calls.map((_, i) => i));
    try {
      const response = await fetchImpl(`${relay.origin}${BATCH_PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify(body),
      });
      if (!response.ok || !response.body) {
        // Refused as a whole (too large, a bad call): each caller hears why, as its own answer.
        const text = await response.text().catch(() => '');
        for (const i of open) calls[i].resolve(new Response(text, { status: response.status, headers: response.headers }));
        open.clear();
        return;
      }
      await readFramed(response.body, files, (i, answer) => {
        if (open.delete(i)) calls[i].resolve(answer);
      }).catch(() => undefined);
      // Ended before every answer: those calls met a network failure, as far as anyone can tell.
      for (const i of open) calls[i].reject(new TypeError('The relay ended the batch before answering this call.'));
    } catch (error) {
      for (const i of open) calls[i].reject(error);
    }
  }

  return (input, init) => {
    // Only creates made as part of many wait for company; a lone one goes at once.
    const envelope = init?.signal && together.has(init.signal) ? createEnvelope(relay, input, init) : undefined;
    if (!envelope) return fetchImpl(input, init);
    return new Promise<Response>((resolve, reject) => {
      const signal = init?.signal;
      if (signal?.aborted) return reject(signal.reason);
      // A caller that gives up is told at once; its create still runs (its answer is dropped).
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      if (queue.length === 0) afterMicrotasks(flush);
      queue.push({ input, init, envelope, resolve, reject });
    });
  };
}

/** Signals that mark a create as one of many made together (see `togetherSignal`). */
const together = new WeakSet<AbortSignal>();

/**
 * A signal (never aborted) for a create that is one of many made at once: only those wait a
 * moment to travel as one batch. The `replicate` client passes a call's signal on to fetch
 * untouched, so it is how the mark gets through.
 */
export function togetherSignal(): AbortSignal {
  const signal = new AbortController().signal;
  together.add(signal);
  return signal;
}

/**
 * Runs `work` once every pending promise step has run (a grid's creates arrive one pacer turn
 * apart, each a few microtasks later): a task, but not setTimeout's, which Chromium delays by
 * 4 ms or more when timers nest, on every lone create.
 */
function afterMicrotasks(work: () => void): void {
  if (typeof MessageChannel !== 'function') {
    setTimeout(work, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    work();
  };
  channel.port2.postMessage(undefined);
}

interface Pending {
  input: RequestInfo | URL;
  init: RequestInit | undefined;
  envelope: Envelope;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

/** A prediction create's envelope, asking for its files behind the answer; undefined for any other call. */
function createEnvelope(relay: URL, input: RequestInfo | URL, init: RequestInit | undefined): Envelope | undefined {
  const envelope = toEnvelope(relay, input, init);
  if (!envelope || envelope.method !== 'POST' || !PREDICTION_CREATE_PATH.test(envelope.path)) return undefined;
  return { ...envelope, headers: { ...envelope.headers, 'x-relay-inline': FRAMES_ASK } };
}
