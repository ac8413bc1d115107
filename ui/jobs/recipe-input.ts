/**
 * Inputs carried over from a recipe come from the document, which anyone editing the file
 * can write. Only fields the model's own schema declares go to Replicate, and never a URL:
 * the plugin makes its URLs itself (it re-exports source images each run), so a URL in a
 * recipe (a `callback_url` to a metadata address, an image on someone's server) is not ours.
 */
export function keepDeclaredInputs(
  input: Record<string, unknown> | undefined,
  fields: Record<string, unknown>,
): { kept: Record<string, unknown>; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(input ?? {})) {
    if (Object.prototype.hasOwnProperty.call(fields, key) && !holdsUrl(value)) kept[key] = value;
    else dropped.push(key);
  }
  return { kept, dropped };
}

const URL_LIKE = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|data:|javascript:|blob:|file:)/i;

function holdsUrl(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return URL_LIKE.test(value) || value === '(inline image omitted)';
  if (depth > 8) return true;
  if (Array.isArray(value)) return value.some((item) => holdsUrl(item, depth + 1));
  if (value && typeof value === 'object') return Object.values(value).some((item) => holdsUrl(item, depth + 1));
  return false;
}
