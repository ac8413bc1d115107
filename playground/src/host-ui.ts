import type { FigmaFake } from '../../tests/fakes/figma';
import { themeBootstrap, themeCss, type ThemeName } from './theme';

/**
 * Hosts the plugin's UI (the html given to figma.showUI) in an <iframe>, wired with Figma's
 * envelope: the panel's `parent.postMessage({pluginMessage}, '*')` reaches the controller's
 * figma.ui.onmessage, and figma.ui.postMessage(m) arrives in the iframe as {pluginMessage: m}.
 * The iframe is sandboxed without allow-same-origin, so its origin is "null" as in Figma.
 */
export interface HostedUi {
  iframe: HTMLIFrameElement;
  setTheme(theme: ThemeName): void;
  /** Re-reads figma.ui's size and visibility (after ui.resize / hide / close). */
  sync(): void;
}

export function hostUi(fake: FigmaFake, container: HTMLElement, theme: ThemeName): HostedUi | null {
  const call = fake.showUICalls[fake.showUICalls.length - 1];
  if (!call) return null;
  const iframe = document.createElement('iframe');
  iframe.title = call.options?.title ?? 'Plugin UI';
  iframe.name = 'plugin-ui';
  iframe.setAttribute('sandbox', 'allow-scripts allow-forms allow-popups allow-modals allow-downloads');
  iframe.srcdoc = fake.ui.themeColors ? withTheme(call.html, theme) : call.html;
  container.append(iframe);

  // Like Figma, hold the controller's messages until the panel's document has loaded (the fake
  // queues what is posted before anyone listens).
  iframe.addEventListener(
    'load',
    () => {
      fake.ui.onMessage((pluginMessage) => iframe.contentWindow?.postMessage({ pluginMessage }, '*'));
    },
    { once: true },
  );
  window.addEventListener('message', (event) => {
    if (event.source !== iframe.contentWindow) return;
    const data = event.data as { pluginMessage?: unknown } | null;
    if (data && typeof data === 'object' && 'pluginMessage' in data) fake.ui.post(data.pluginMessage);
  });

  // Runs every frame: only a change is written (a write of the same size restyled the page each frame).
  const sync = () => {
    const width = `${fake.ui.width}px`;
    const height = `${fake.ui.height}px`;
    if (iframe.style.width !== width) iframe.style.width = width;
    if (iframe.style.height !== height) iframe.style.height = height;
    const hidden = !fake.ui.open || !fake.ui.visible;
    if (container.hidden !== hidden) container.hidden = hidden;
  };
  sync();
  return {
    iframe,
    sync,
    setTheme(next) {
      if (!fake.ui.themeColors) return;
      iframe.contentWindow?.postMessage({ __playgroundTheme: { name: next, css: themeCss(next) } }, '*');
    },
  };
}

/** Puts the theme script first in <head>, keeping <!doctype> first so the panel stays in standards mode. */
function withTheme(html: string, theme: ThemeName): string {
  const script = themeBootstrap(theme);
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + script + html.slice(head.index + head[0].length);
  const root = /<html[^>]*>/i.exec(html);
  if (root) return html.slice(0, root.index + root[0].length) + script + html.slice(root.index + root[0].length);
  return script + html;
}
