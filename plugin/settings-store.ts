import type { Settings } from '../shared/messages/contract';

/**
 * Settings live in figma.clientStorage: per user, on this machine, never in the document.
 * The token must never go into plugin data, which everyone who opens the file can read.
 */
const TOKEN_KEY = 'replicate-token';
const RELAY_KEY = 'relay-url';
/** A team relay's client key: a secret like the token, so client storage too, never plugin data. */
const RELAY_CLIENT_KEY = 'relay-key';
export const DEFAULT_RELAY_URL = 'http://localhost:8787';

export async function loadSettings(): Promise<Settings> {
  const [token, relayUrl, relayKey] = await Promise.all([
    figma.clientStorage.getAsync(TOKEN_KEY),
    figma.clientStorage.getAsync(RELAY_KEY),
    figma.clientStorage.getAsync(RELAY_CLIENT_KEY),
  ]);
  return {
    token: typeof token === 'string' ? token : '',
    relayUrl: typeof relayUrl === 'string' && relayUrl ? relayUrl : DEFAULT_RELAY_URL,
    relayKey: typeof relayKey === 'string' ? relayKey : '',
  };
}

export async function saveSettings(settings: Settings): Promise<void> {
  const token = settings.token.trim();
  if (token) await figma.clientStorage.setAsync(TOKEN_KEY, token);
  else await figma.clientStorage.deleteAsync(TOKEN_KEY);
  await figma.clientStorage.setAsync(RELAY_KEY, settings.relayUrl.trim() || DEFAULT_RELAY_URL);
  const relayKey = settings.relayKey?.trim() ?? '';
  if (relayKey) await figma.clientStorage.setAsync(RELAY_CLIENT_KEY, relayKey);
  else await figma.clientStorage.deleteAsync(RELAY_CLIENT_KEY);
}
