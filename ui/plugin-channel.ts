import { createChannel, type Transport } from '../shared/messages/channel';
import { pluginEvents, pluginRequests, uiEvents, uiRequests } from '../shared/messages/contract';

/** The panel's end of Figma's messaging: `parent.postMessage({pluginMessage})` out, `event.data.pluginMessage` in. */
export function iframeTransport(target: Window = parent, source: Window = window): Transport {
  return {
    send(message) {
      target.postMessage({ pluginMessage: message }, '*');
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

export function connectToPlugin(transport: Transport = iframeTransport()) {
  return createChannel({
    transport,
    outgoing: pluginRequests,
    incoming: uiRequests,
    outgoingEvents: uiEvents,
    incomingEvents: pluginEvents,
    handlers: { ping: () => ({ ready: true }) },
    timeoutMs: 60_000,
  });
}

export type PluginChannel = ReturnType<typeof connectToPlugin>;
