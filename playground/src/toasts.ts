import type { FigmaFake } from '../../tests/fakes/figma';

/** Shows each figma.notify(...) as a toast at the bottom of the canvas, like Figma's. */
export function createToasts(fake: FigmaFake, host: HTMLElement): { poll(): void } {
  let shown = 0;
  return {
    poll() {
      while (shown < fake.notifications.length) {
        const { message, options } = fake.notifications[shown++];
        const toast = document.createElement('div');
        toast.className = options?.error ? 'toast error' : 'toast';
        toast.setAttribute('role', options?.error ? 'alert' : 'status');
        toast.addEventListener('pointerdown', (e) => e.stopPropagation());
        const text = document.createElement('span');
        text.textContent = message;
        toast.append(text);
        const close = () => {
          toast.remove();
          options?.onDequeue?.('dismiss');
        };
        if (options?.button) {
          const b = document.createElement('button');
          b.textContent = options.button.text;
          b.addEventListener('click', () => {
            const keep = options.button!.action();
            if (keep !== true) close();
          });
          toast.append(b);
        }
        const x = document.createElement('button');
        x.className = 'dismiss';
        x.setAttribute('aria-label', 'Dismiss');
        x.textContent = '×';
        x.addEventListener('click', close);
        toast.append(x);
        host.append(toast);
        const timeout = options?.timeout ?? 4000;
        if (Number.isFinite(timeout)) setTimeout(() => toast.isConnected && close(), timeout);
      }
    },
  };
}
