/**
 * Who may use the relay: the Host it is addressed by (DNS rebinding against a local relay),
 * the browser Origin (a Figma plugin's iframe is `null`), and the client key a relay that
 * holds a Replicate token requires. Web-standard only (crypto.subtle), no Node imports.
 */

export const RELAY_KEY_HEADER = 'X-Relay-Key';

/** Names a relay listening on loopback answers to; anything else is a rebinding attempt. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** True when the request's Host names one of `allowed` (ports ignored: the socket fixes the port). */
export function hostAllowed(request: Request, url: URL, allowed: readonly string[] | undefined): boolean {
  if (!allowed?.length) return true;
  const host = hostnameOf(request.headers.get('host') ?? url.host);
  if (!host) return false;
  return allowed.some((entry) => hostnameOf(entry) === host);
}

/**
 * No Origin (curl, a server) or `null` (a Figma plugin; also any sandboxed iframe, which is
 * why the key, not this, protects a token) or one of the configured origins.
 */
export function originAllowed(origin: string | null, allowed: readonly string[] | undefined): boolean {
  if (origin === null || origin === 'null') return true;
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false;
  }
  return (allowed ?? []).some((entry) => {
    try {
      return new URL(entry).origin === normalised;
    } catch {
      return false;
    }
  });
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * Checks a presented key against the configured ones in constant time: both sides are hashed
 * to 32 bytes first (so length leaks nothing) and every key is compared in full.
 */
export function createKeyCheck(keys: readonly string[]): (presented: string | null) => Promise<number> {
  const expected = Promise.all(keys.map(digest));
  return async (presented) => {
    const wanted = await expected;
    const given = await digest(presented ?? '');
    let found = -1;
    for (let k = 0; k < wanted.length; k++) {
      let diff = presented === null ? 1 : 0;
      for (let i = 0; i < given.length; i++) diff |= given[i] ^ wanted[k][i];
      if (diff === 0 && found === -1) found = k;
    }
    return found;
  };
}

/**
 * The models a token-holding relay runs (RELAY_ALLOWED_MODELS). `owner/name` allows running it
 * by name and reading its schema; `owner/name:version` also allows that pinned version, which
 * is how POST /v1/predictions names a model (a bare version id says nothing about the model).
 */
export interface ModelAllowList {
  model(owner: string, name: string): boolean;
  /** The `version` field of POST /v1/predictions: an id, `owner/name` or `owner/name:id`. */
  version(value: unknown): boolean;
}

export function parseModelAllowList(entries: readonly string[]): ModelAllowList {
  const models = new Set<string>();
  const versions = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    const [model, version] = entry.split(':');
    if (!/^[a-z0-9_.-]+\/[a-z0-9_.-]+$/.test(model) || (version !== undefined && !/^[a-z0-9]+$/.test(version))) {
      throw new Error(`Invalid RELAY_ALLOWED_MODELS entry: "${raw}" (use owner/name or owner/name:version)`);
    }
    models.add(model);
    if (version) versions.add(`${model}:${version}`).add(version);
  }
  return {
    model: (owner, name) => models.has(`${owner}/${name}`.toLowerCase()),
    version(value) {
      if (typeof value !== 'string') return false;
      const v = value.trim().toLowerCase();
      if (v.includes('/')) return v.includes(':') ? versions.has(v) || models.has(v.split(':')[0]) : models.has(v);
      return versions.has(v);
    },
  };
}
