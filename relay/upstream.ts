/**
 * fetch with a deadline for the response headers, tied to the client's request so that
 * a client going away stops the upstream request too. The deadline is cleared once the
 * headers arrive, so long bodies (downloads) stream for as long as they need.
 */

export type UpstreamResult =
  | { ok: true; response: Response }
  | { ok: false; kind: 'timeout' | 'aborted' | 'unreachable'; message: string; code?: string };

export async function fetchWithDeadline(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit & { duplex?: 'half' },
  timeoutMs: number,
  clientSignal?: AbortSignal,
): Promise<UpstreamResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no response within ${timeoutMs} ms`));
  }, timeoutMs);
  const onClientAbort = () => controller.abort(clientSignal?.reason);
  if (clientSignal) {
    if (clientSignal.aborted) onClientAbort();
    else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  }
  try {
    const response = await fetchImpl(url, { ...init, signal: controller.signal });
    return { ok: true, response };
  } catch (error) {
    if (timedOut) return { ok: false, kind: 'timeout', message: `No response within ${Math.round(timeoutMs / 1000)} s.` };
    if (clientSignal?.aborted) return { ok: false, kind: 'aborted', message: 'The client went away.' };
    return { ok: false, kind: 'unreachable', message: describeError(error), code: errorCode(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The first error code in the cause chain (ECONNREFUSED, UND_ERR_SOCKET): for the operator's log line. */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A short, secret-free description of a network error (undici hides the useful part in `cause`). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 3; depth++) {
    if (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
      current = (current as Error & { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  const text = parts.filter((p, i) => p && parts.indexOf(p) === i).join(': ');
  return (text || 'network error').slice(0, 300);
}

/** Response headers worth passing back to the plugin. */
export function passThroughHeaders(upstream: Response, names: readonly string[]): Headers {
  const headers = new Headers();
  for (const name of names) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // fetch decodes gzip/br bodies, so an encoded length would no longer be true.
  const length = upstream.headers.get('content-length');
  if (length !== null && !upstream.headers.has('content-encoding') && /^\d+$/.test(length)) {
    headers.set('Content-Length', length);
  }
  return headers;
}

export function isNullBodyStatus(status: number): boolean {
  return status === 101 || status === 204 || status === 205 || status === 304;
}

export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
