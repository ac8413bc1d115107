import type { Envelope, Transport } from '../../shared/messages/channel';

/** Two transports wired to each other, delivering like postMessage: async and structured-cloned. */
export function loopback(): { a: Transport; b: Transport; sent: Envelope[] } {
  const listeners = { a: new Set<(m: unknown) => void>(), b: new Set<(m: unknown) => void>() };
  const sent: Envelope[] = [];
  const make = (self: 'a' | 'b', other: 'a' | 'b'): Transport => ({
    send(message) {
      sent.push(message);
      const copy = structuredClone(message);
      setTimeout(() => listeners[other].forEach((l) => l(copy)), 0);
    },
    listen(receive) {
      listeners[self].add(receive);
      return () => listeners[self].delete(receive);
    },
  });
  return { a: make('a', 'b'), b: make('b', 'a'), sent };
}
