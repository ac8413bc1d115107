import { withTimeout } from './with-timeout';

/** What the relay says about itself at `/health`. */
export interface RelayInfo {
  reachable: boolean;
  /** The relay holds its own Replicate token (a team relay), so the panel needs none. */
  serverToken: boolean;
  /** The relay talks to the offline demo backend, not Replicate. */
  demo: boolean;
  /** Something answered at the address, but not with a relay's `/health` (a wrong Relay URL). */
  notRelay?: boolean;
  /** The relay holds a token and wants a Relay key it was not given (or did not accept). */
  keyRequired?: boolean;
  /** The relay takes calls as simple requests (ui/replicate/envelope.ts); an older one does not. */
  envelopes?: boolean;
  /** The relay sends a finished prediction's files behind its answer, when asked (relay/framed-outputs.ts). */
  outputFrames?: boolean;
  /** The relay takes many prediction creates in one request (relay/batch.ts). */
  batches?: boolean;
  /** This panel reached the relay over HTTP/2 or 3 (a Worker can tell): many requests share one connection. */
  multiplexed?: boolean;
}

/**
 * What to tell the person when the relay is not usable, naming its address and how to
 * start it: a missing relay is not a missing token.
 */
export function relayProblem(relay: RelayInfo | undefined, relayUrl: string): string | undefined {
  if (relay?.keyRequired) {
    return `The relay at ${relayUrl} needs a Relay key, and the one in Settings is missing or not accepted. Ask whoever runs the relay for it.`;
  }
  if (!relay || relay.reachable) return undefined;
  if (relay.notRelay) {
    return `Something answers at ${relayUrl}, but it is not the Diffusion relay. Check the Relay URL in Settings.`;
  }
  return `The relay at ${relayUrl} is not answering. Start it with “npm run relay” (or “npm start” for the playground), or check the Relay URL in Settings.`;
}

export async function checkRelay(
  relayUrl: string,
  fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
  timeoutMs = 5000,
  relayKey = '',
): Promise<RelayInfo> {
  // A relay that hangs must not keep the panel from loading its settings.
  const limit = withTimeout(timeoutMs, 'Asking the relay about itself');
  try {
    const response = await fetchImpl(`${relayUrl.replace(/\/+$/, '')}/health`, {
      signal: limit.signal,
      // Only a caller with the key hears whether the relay holds a token.
      ...(relayKey ? { headers: { 'X-Relay-Key': relayKey } } : {}),
    });
    if (!response.ok) return { reachable: false, serverToken: false, demo: false, notRelay: true };
    const body = (await response.json().catch(() => undefined)) as
      | { ok?: unknown; serverToken?: unknown; demo?: unknown; keyRequired?: unknown; envelopes?: unknown; outputFrames?: unknown; batches?: unknown; multiplexed?: unknown }
      | undefined;
    if (!body || body.ok !== true) return { reachable: false, serverToken: false, demo: false, notRelay: true };
    if (body.keyRequired === true) return { reachable: true, serverToken: false, demo: false, keyRequired: true };
    return {
      reachable: true,
      serverToken: body.serverToken === true,
      demo: body.demo === true,
      ...(body.envelopes === true ? { envelopes: true } : {}),
      // Asked for inside envelopes only: as a header of its own it would need a preflight.
      ...(body.envelopes === true && body.outputFrames === true ? { outputFrames: true } : {}),
      ...(body.envelopes === true && body.batches === true ? { batches: true } : {}),
      ...(body.multiplexed === true ? { multiplexed: true } : {}),
    };
  } catch {
    return { reachable: false, serverToken: false, demo: false };
  } finally {
    limit.done();
  }
}
