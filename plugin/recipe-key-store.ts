/**
 * The secret that marks this person's recipes (Recipe.mark), in figma.clientStorage: per
 * user and machine, never in the document. Made once, from random bytes the panel sends
 * (the sandbox has no secure random source), and never replaced after that.
 */
const KEY = 'recipe-mark-key';
const HEX_256 = /^[0-9a-f]{64}$/;

export async function recipeKey(fresh: string): Promise<{ key: string }> {
  const stored = await figma.clientStorage.getAsync(KEY);
  if (typeof stored === 'string' && HEX_256.test(stored)) return { key: stored };
  await figma.clientStorage.setAsync(KEY, fresh);
  return { key: fresh };
}
