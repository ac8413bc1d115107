import { recipeSigningText, type Recipe } from '../../shared/recipe';
import type { PluginPort } from './run-job';

/**
 * Marks recipes as this person's and checks the mark (see Recipe.mark): HMAC-SHA-256 with
 * WebCrypto, keyed by a secret the controller keeps in client storage. Where WebCrypto is
 * missing, nothing is marked and no recipe counts as this person's: they are asked more, never less.
 */
export interface RecipeMarker {
  sign(recipe: Recipe): Promise<Recipe>;
  isMine(recipe: Recipe): Promise<boolean>;
}

export function createRecipeMarker(plugin: Pick<PluginPort, 'request'>): RecipeMarker {
  let key: Promise<CryptoKey | undefined> | undefined;
  const subtle = globalThis.crypto?.subtle;

  function getKey(): Promise<CryptoKey | undefined> {
    key ??= (async () => {
      if (!subtle) return undefined;
      const fresh = toHex(crypto.getRandomValues(new Uint8Array(32)));
      const stored = await plugin.request('recipeKey', { fresh });
      if (!stored?.key) return undefined;
      return subtle.importKey('raw', fromHex(stored.key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    })().catch(() => {
      key = undefined;
      return undefined;
    });
    return key;
  }

  return {
    async sign(recipe) {
      const secret = await getKey();
      if (!secret || !subtle) return recipe;
      const mac = await subtle.sign('HMAC', secret, new TextEncoder().encode(recipeSigningText(recipe)));
      return { ...recipe, mark: toHex(new Uint8Array(mac)) };
    },
    async isMine(recipe) {
      if (!recipe.mark || !/^[0-9a-f]{64}$/.test(recipe.mark)) return false;
      const secret = await getKey();
      if (!secret || !subtle) return false;
      // verify() compares in constant time.
      return subtle.verify('HMAC', secret, fromHex(recipe.mark), new TextEncoder().encode(recipeSigningText(recipe)));
    },
  };
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
