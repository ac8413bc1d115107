import { NamedError } from '../../shared/errors';

/**
 * A signal that aborts when the caller's does or after `ms`, whichever comes first, so a
 * stalled body (the relay's own limit only covers response headers) cannot keep a job
 * "running" forever. The timeout's reason is a named error the panel can show as it is.
 */
export function withTimeout(ms: number, what: string, signal?: AbortSignal): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new NamedError('Timeout', `${what} took longer than ${Math.round(ms / 1000)} s. Try again.`)),
    ms,
  );
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
