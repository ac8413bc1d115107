/**
 * Resolves when `condition` holds (it may be async, e.g. a clientStorage read), polling
 * every 5 ms. Tests wait on what they expect instead of a fixed sleep: on CI's loaded
 * 2-core machine, jest in band, a 20 ms sleep is sometimes not enough. The default is
 * generous because a passing test never waits it out; only a broken one does.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
