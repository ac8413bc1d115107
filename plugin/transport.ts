import type { Transport } from '../shared/messages/channel';

/** The controller's end of `figma.ui`: messages arrive already unwrapped from `{pluginMessage}`. */
export function figmaUiTransport(): Transport {
  return {
    send(message) {
      figma.ui.postMessage(message);
    },
    listen(receive) {
      const handler = (message: unknown) => receive(message);
      figma.ui.on('message', handler);
      return () => figma.ui.off('message', handler);
    },
  };
}
