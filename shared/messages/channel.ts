import * as v from 'valibot';
import { fromWireError, NamedError, toWireError, type WireError } from '../errors';

/**
 * Request/response and events over a postMessage-like transport.
 * - Envelopes are told apart by `kind`, never by which fields happen to be present.
 * - A request settles exactly once: with a result, with an error, or with a timeout.
 * - A request with no handler is answered with an error, never with silence.
 * - Payloads are validated on arrival, results on return.
 */

export interface RequestSpec {
  payload: v.GenericSchema;
  result: v.GenericSchema;
}
export type RequestSpecs = Record<string, RequestSpec>;
export type EventSpecs = Record<string, v.GenericSchema>;

export type PayloadOf<S extends RequestSpecs, K extends keyof S> = v.InferOutput<S[K]['payload']>;
export type ResultOf<S extends RequestSpecs, K extends keyof S> = v.InferOutput<S[K]['result']>;

/** The compiler checks that every request in `S` has a handler. */
export type Handlers<S extends RequestSpecs> = {
  [K in keyof S]: (payload: PayloadOf<S, K>) => ResultOf<S, K> | Promise<ResultOf<S, K>>;
};
export type EventHandlers<E extends EventSpecs> = {
  [K in keyof E]?: (payload: v.InferOutput<E[K]>) => void;
};

export type Envelope =
  | { kind: 'request'; id: number; name: string; payload: unknown }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: WireError }
  | { kind: 'event'; name: string; payload: unknown };

export interface Transport {
  send(message: Envelope): void;
  /** Returns a function that stops listening. */
  listen(receive: (message: unknown) => void): () => void;
}

export interface ChannelOptions<
  Out extends RequestSpecs,
  In extends RequestSpecs,
  OutEvents extends EventSpecs,
  InEvents extends EventSpecs,
> {
  transport: Transport;
  /** Requests this side sends (their results are validated on return). */
  outgoing: Out;
  /** Requests this side answers. */
  incoming: In;
  outgoingEvents: OutEvents;
  incomingEvents: InEvents;
  handlers: Handlers<In>;
  eventHandlers?: EventHandlers<InEvents>;
  timeoutMs?: number;
  /** Called for messages that are not envelopes, and for failed event validation. */
  onStray?: (message: unknown, reason: string) => void;
}

export interface Channel<Out extends RequestSpecs, OutEvents extends EventSpecs, InEvents extends EventSpecs> {
  request<K extends keyof Out & string>(
    name: K,
    payload: PayloadOf<Out, K>,
    options?: { timeoutMs?: number },
  ): Promise<ResultOf<Out, K>>;
  emit<K extends keyof OutEvents & string>(name: K, payload: v.InferOutput<OutEvents[K]>): void;
  on<K extends keyof InEvents & string>(name: K, handler: (payload: v.InferOutput<InEvents[K]>) => void): () => void;
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function createChannel<
  Out extends RequestSpecs,
  In extends RequestSpecs,
  OutEvents extends EventSpecs,
  InEvents extends EventSpecs,
>(options: ChannelOptions<Out, In, OutEvents, InEvents>): Channel<Out, OutEvents, InEvents> {
  const { transport, outgoing, incoming, incomingEvents, handlers } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pending = new Map<number, { name: string; settle: (r: Envelope & { kind: 'response' }) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  for (const [name, handler] of Object.entries(options.eventHandlers ?? {})) {
    if (handler) listeners.set(name, new Set([handler as (payload: unknown) => void]));
  }
  let nextId = 1;
  let closed = false;

  async function answer(id: number, name: string, payload: unknown): Promise<void> {
    try {
      if (!Object.prototype.hasOwnProperty.call(incoming, name)) {
        throw new NamedError('UnknownRequest', `No handler for request "${name}"`);
      }
      const parsed = v.safeParse(incoming[name].payload, payload);
      if (!parsed.success) {
        throw new NamedError('InvalidPayload', `Invalid "${name}" payload: ${summarize(parsed.issues)}`);
      }
      const handler = handlers[name] as (p: unknown) => unknown;
      const result = await handler(parsed.output);
      reply({ kind: 'response', id, ok: true, result });
    } catch (error) {
      reply({ kind: 'response', id, ok: false, error: toWireError(error) });
    }
  }

  /**
   * An answer to a side that is gone (the channel closed, or the transport refuses because the
   * plugin ended while a handler was still working) has nobody to tell: it is dropped, never
   * thrown from a request nobody awaits.
   */
  function reply(message: Envelope): void {
    if (closed) return;
    try {
      transport.send(message);
    } catch (error) {
      options.onStray?.(message, `could not answer: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  function receive(message: unknown): void {
    if (!isEnvelope(message)) {
      options.onStray?.(message, 'not an envelope');
      return;
    }
    switch (message.kind) {
      case 'request':
        void answer(message.id, message.name, message.payload);
        return;
      case 'response': {
        const waiting = pending.get(message.id);
        if (waiting) waiting.settle(message);
        return;
      }
      case 'event': {
        const schema = incomingEvents[message.name];
        if (!schema) {
          options.onStray?.(message, `unknown event "${message.name}"`);
          return;
        }
        const parsed = v.safeParse(schema, message.payload);
        if (!parsed.success) {
          options.onStray?.(message, `invalid "${message.name}" event: ${summarize(parsed.issues)}`);
          return;
        }
        for (const listener of listeners.get(message.name) ?? []) listener(parsed.output);
        return;
      }
    }
  }

  const stop = transport.listen(receive);

  return {
    request(name, payload, requestOptions) {
      if (closed) return Promise.reject(new NamedError('Closed', 'The plugin closed'));
      const id = nextId++;
      const limit = requestOptions?.timeoutMs ?? timeoutMs;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new NamedError('Timeout', `"${name}" got no answer within ${Math.round(limit / 1000)} s`));
        }, limit);
        pending.set(id, {
          name,
          settle(response) {
            clearTimeout(timer);
            pending.delete(id);
            if (!response.ok) {
              reject(fromWireError(response.error));
              return;
            }
            const parsed = v.safeParse(outgoing[name].result, response.result);
            if (parsed.success) resolve(parsed.output as ResultOf<Out, typeof name>);
            else reject(new NamedError('InvalidResult', `Invalid "${name}" result: ${summarize(parsed.issues)}`));
          },
        });
        transport.send({ kind: 'request', id, name, payload });
      });
    },
    emit(name, payload) {
      transport.send({ kind: 'event', name, payload });
    },
    on(name, handler) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const listener = handler as (payload: unknown) => void;
      set.add(listener);
      return () => set.delete(listener);
    },
    close() {
      closed = true;
      stop();
      for (const [, waiting] of pending) {
        waiting.settle({ kind: 'response', id: 0, ok: false, error: { name: 'Closed', message: 'The plugin closed' } });
      }
    },
  };
}

function isEnvelope(message: unknown): message is Envelope {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { kind?: unknown; id?: unknown; name?: unknown };
  switch (m.kind) {
    case 'request':
      return typeof m.id === 'number' && typeof m.name === 'string';
    case 'response':
      return typeof m.id === 'number';
    case 'event':
      return typeof m.name === 'string';
    default:
      return false;
  }
}

function summarize(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
