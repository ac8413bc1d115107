/**
 * Replicate's webhook signatures (the Standard Webhooks scheme; replicate.com/docs/topics/webhooks/
 * verify-webhook): HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with
 * the base64-decoded part of the secret after `whsec_`, sent as space-separated `v1,<base64>`
 * entries in `webhook-signature`. Web-standard only (crypto.subtle, atob), no Node imports.
 */

/** Replicate's own guidance: refuse timestamps more than about five minutes off. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type WebhookVerdict =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: 'unsigned' | 'malformed' | 'stale' | 'bad-signature' };

function base64Bytes(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** The HMAC key a `whsec_...` secret stands for, or undefined when it is not one. */
export function secretKeyBytes(secret: string): Uint8Array | undefined {
  const trimmed = secret.trim();
  if (!trimmed.startsWith('whsec_')) return undefined;
  const bytes = base64Bytes(trimmed.slice('whsec_'.length));
  return bytes && bytes.length > 0 ? bytes : undefined;
}

/** Every byte compared whatever the first difference, so timing says nothing about the signature. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export async function signWebhook(secret: string, id: string, timestamp: number, body: Uint8Array | string): Promise<string> {
  const key = secretKeyBytes(secret);
  if (!key) throw new Error('A webhook secret starts with whsec_ followed by base64.');
  const mac = await hmac(key, id, timestamp, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return `v1,${btoa(binary)}`;
}

async function hmac(key: Uint8Array, id: string, timestamp: number, body: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, signed));
}

/**
 * Checks one delivery's headers and raw body (the bytes as received: re-serialised JSON would
 * not match). Replay of a genuine delivery inside the tolerance is the caller's to refuse: it
 * knows which ids it has already taken.
 */
export async function verifyWebhook(
  headers: Headers,
  body: Uint8Array,
  secret: string,
  options: { nowMs: number; toleranceSeconds?: number },
): Promise<WebhookVerdict> {
  const id = headers.get('webhook-id');
  const stamp = headers.get('webhook-timestamp');
  const signatures = headers.get('webhook-signature');
  if (!id || !stamp || !signatures) return { ok: false, reason: 'unsigned' };
  if (!/^\d{1,12}$/.test(stamp.trim()) || id.length > 200) return { ok: false, reason: 'malformed' };
  const timestamp = Number(stamp.trim());
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.nowMs / 1000 - timestamp) > tolerance) return { ok: false, reason: 'stale' };
  const key = secretKeyBytes(secret);
  if (!key) return { ok: false, reason: 'bad-signature' };
  const expected = await hmac(key, id, timestamp, body);
  let matched = false;
  for (const entry of signatures.trim().split(/\s+/)) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = base64Bytes(value);
    // No early exit: every entry is checked in full.
    if (given && sameBytes(given, expected)) matched = true;
  }
  return matched ? { ok: true, id, timestamp } : { ok: false, reason: 'bad-signature' };
}

/**
 * The account's signing secret (GET /v1/webhooks/default/secret), fetched with the relay's token
 * and kept for `ttlMs`; `refresh` fetches again (at most once a minute) after a signature that
 * did not match, in case the secret was rotated.
 */
export function createSecretSource(
  load: () => Promise<string>,
  options: { ttlMs?: number; now: () => number },
): { get(): Promise<string>; refresh(): Promise<string | undefined> } {
  const ttl = options.ttlMs ?? 60 * 60_000;
  let cached: { value: Promise<string>; at: number } | undefined;
  const fetchNow = () => {
    const value = load();
    cached = { value, at: options.now() };
    value.catch(() => {
      if (cached?.value === value) cached = undefined;
    });
    return value;
  };
  return {
    get: () => (cached && options.now() - cached.at < ttl ? cached.value : fetchNow()),
    async refresh() {
      if (cached && options.now() - cached.at < 60_000) return undefined;
      return fetchNow();
    },
  };
}
