import { createChannel, type Envelope, type Transport } from '../shared/messages/channel';
import { pluginEvents, pluginRequests, uiEvents, uiRequests } from '../shared/messages/contract';

/** The panel's end of Figma's messaging: `parent.postMessage({pluginMessage})` out, `event.data.pluginMessage` in. */
export function iframeTransport(target: Window = parent, source: Window = window): Transport {
  return {
    send(message) {
      target.postMessage({ pluginMessage: message }, '*', transferables(message));
    },
    listen(receive) {
      const handler = (event: MessageEvent) => {
        const data = event.data as { pluginMessage?: unknown } | null;
        if (data && typeof data === 'object' && 'pluginMessage' in data) receive(data.pluginMessage);
      };
      source.addEventListener('message', handler);
      return () => source.removeEventListener('message', handler);
    },
  };
}

/**
 * Image bytes are handed over, not copied: a copy of a few MB per image, unpacked on the
 * other side one after another, was most of the wait for the last of 8 variants
 * (BENCHMARKS.md). The panel never reads bytes again after sending them.
 */
function transferables(message: Envelope): Transferable[] {
  if (message.kind !== 'request' || typeof message.payload !== 'object' || message.payload === null) return [];
  const buffers = new Set<ArrayBuffer>();
  const add = (value: unknown) => {
    if (value instanceof Uint8Array && value.buffer instanceof ArrayBuffer && value.byteLength === value.buffer.byteLength) {
      buffers.add(value.buffer);
    }
  };
  for (const value of Object.values(message.payload)) {
    add(value);
    // placeImages: a prediction's outputs, each with its own bytes.
    if (Array.isArray(value)) for (const item of value) if (typeof item === 'object' && item !== null) Object.values(item).forEach(add);
  }
  return [...buffers];
}

export function connectToPlugin(transport: Transport = iframeTransport()) {
  return createChannel({
    transport,
    outgoing: pluginRequests,
    incoming: uiRequests,
    outgoingEvents: uiEvents,
    incomingEvents: pluginEvents,
    handlers: {},
    timeoutMs: 60_000,
  });
}

export type PluginChannel = ReturnType<typeof connectToPlugin>;
