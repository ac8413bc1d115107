import { createTrainingAccess } from '../../ui/replicate/training-access';

/** A relay with client keys refuses a training's calls without one (as it does predictions). */
describe('training calls through a relay with a Relay key', () => {
  function recording() {
    const seen: Headers[] = [];
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers));
      return new Response(JSON.stringify({ username: 'ana' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof globalThis.fetch;
    return { seen, fetch };
  }

  it('sends the Relay key from Settings as X-Relay-Key', async () => {
    const { seen, fetch } = recording();
    const access = createTrainingAccess({ token: '', relayUrl: 'http://relay.test', relayKey: ' key-123 ', fetch });
    await expect(access.account()).resolves.toEqual({ username: 'ana' });
    expect(seen.map((h) => h.get('X-Relay-Key'))).toEqual(['key-123']);
  });

  it('sends none without one', async () => {
    const { seen, fetch } = recording();
    await createTrainingAccess({ token: 't', relayUrl: 'http://relay.test', fetch }).account();
    expect(seen[0].has('X-Relay-Key')).toBe(false);
  });
});
