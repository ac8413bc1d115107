import { withTimeout } from './with-timeout';

/** What the relay says about itself at `/health`. */
export interface RelayInfo {
  reachable: boolean;
  /** The relay holds its own Replicate token (a team relay), so the panel needs none. */
  serverToken: boolean;
  /** The relay talks to the offline demo backend, not Replicate. */
  demo: boolean;
}

export async function checkRelay(
  relayUrl: string,
  fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
  timeoutMs = 5000,
): Promise<RelayInfo> {
  // A relay that hangs must not keep the panel from loading its settings.
  const limit = withTimeout(timeoutMs, 'Asking the relay about itself');
  try {
    const response = await fetchImpl(`${relayUrl.replace(/\/+$/, '')}/health`, { signal: limit.signal });
    if (!response.ok) return { reachable: false, serverToken: false, demo: false };
    const body = (await response.json()) as { serverToken?: unknown; demo?: unknown };
    return { reachable: true, serverToken: body.serverToken === true, demo: body.demo === true };
  } catch {
    return { reachable: false, serverToken: false, demo: false };
  } finally {
    limit.done();
  }
}
