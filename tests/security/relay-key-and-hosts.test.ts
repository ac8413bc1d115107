/**
 * The panel's side of a locked-down relay: the Relay key lives in client storage only (never
 * in the document), goes out as X-Relay-Key on every relay call, downloads past the cap are
 * refused in the panel too, and `npm start` never binds to the generic HOST variable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { playgroundOptionsFromEnv } from '../../playground/server';
import { createReplicateAccess, MAX_DOWNLOAD_BYTES } from '../../ui/replicate/client';
import { checkRelay } from '../../ui/replicate/relay-health';
import { nodesOnAllPages, startRig, type Rig } from '../support/rig';

const KEY = 'relay-key-SECRET-0123456789abcdef';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('npm start', () => {
  it('ignores the generic HOST a shell or container sets; PLAYGROUND_HOST and RELAY_HOST are read on purpose', () => {
    expect(playgroundOptionsFromEnv({ HOST: '0.0.0.0' })).toMatchObject({ host: '127.0.0.1', relayHost: '127.0.0.1' });
    expect(playgroundOptionsFromEnv({ HOST: '0.0.0.0', PLAYGROUND_HOST: '::1', RELAY_HOST: '127.0.0.2' })).toMatchObject({ host: '::1', relayHost: '127.0.0.2' });
    const start = readFileSync(join(__dirname, '../../scripts/start.mjs'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    expect(start).not.toMatch(/env\.HOST\b|env\[['"]HOST['"]\]/);
  });
});

describe('the Relay key', () => {
  it('is kept in client storage, trimmed, and in no plugin data', async () => {
    rig = await startRig();
    await rig.plugin.request('saveSettings', { token: 'r8_x', relayUrl: rig.relayUrl, relayKey: `  ${KEY} ` });
    expect(await rig.figma.clientStorage.getAsync('relay-key')).toBe(KEY);
    expect(await rig.plugin.request('loadSettings', {})).toMatchObject({ relayKey: KEY });
    await rig.generate({ count: 1 });
    const leaks = [rig.figma.root as BaseNode, ...nodesOnAllPages(rig.figma)].flatMap((node) =>
      node.getPluginDataKeys().filter((key) => node.getPluginData(key).includes(KEY)),
    );
    expect(leaks).toEqual([]);
    // Cleared by saving it empty.
    await rig.plugin.request('saveSettings', { token: 'r8_x', relayUrl: rig.relayUrl, relayKey: '' });
    expect(await rig.figma.clientStorage.getAsync('relay-key')).toBeUndefined();
  });

  it('goes out as X-Relay-Key on every relay call: API, upload, download and /health', async () => {
    const seen: { url: string; key: string | null }[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      seen.push({ url, key: new Headers(init?.headers).get('x-relay-key') });
      if (url.includes('/download')) return new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'image/png' } });
      if (url.endsWith('/v1/files')) return Response.json({ urls: { get: 'https://api.replicate.com/v1/files/f1' } });
      if (url.endsWith('/health')) return Response.json({ ok: true, upstream: 'u', serverToken: true, demo: false });
      return Response.json({ id: 'p1', status: 'succeeded', output: [] });
    };
    const access = createReplicateAccess({ token: '', relayUrl: 'http://relay.test', relayKey: KEY, fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    await access.getPrediction('p1');
    await access.inputUrl(new Uint8Array(300_000), 'image/png');
    await access.download('https://replicate.delivery/x.png');
    expect(await checkRelay('http://relay.test', fetchImpl, 1000, KEY)).toEqual({ reachable: true, serverToken: true, demo: false });
    expect(seen.map((s) => new URL(s.url).pathname)).toEqual(['/v1/predictions/p1', '/v1/files', '/download', '/health']);
    expect(seen.filter((s) => s.key !== KEY)).toEqual([]);
  });

  it('a relay that wants a key it did not get says so, and the panel names it', async () => {
    const info = await checkRelay('http://relay.test', async () => Response.json({ ok: true, keyRequired: true }), 1000);
    expect(info).toEqual({ reachable: true, serverToken: false, demo: false, keyRequired: true });
    const { relayProblem } = await import('../../ui/replicate/relay-health');
    expect(relayProblem(info, 'http://relay.test')).toMatch(/needs a Relay key/);
  });
});

describe('the panel caps downloads', () => {
  const access = (response: () => Response) =>
    createReplicateAccess({ token: 't', relayUrl: 'http://relay.test', fetch: async () => response(), retry: { baseDelayMs: 1, maxDelayMs: 1 } });

  it('refuses a download announcing more than the cap without reading it', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024))) });
    const a = access(() => new Response(body, { headers: { 'Content-Length': String(MAX_DOWNLOAD_BYTES + 1) } }));
    await expect(a.download('https://replicate.delivery/x.png')).rejects.toMatchObject({ name: 'TooLarge' });
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it('stops reading a download with no length once it passes the cap', async () => {
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    await expect(access(() => new Response(body)).download('https://replicate.delivery/x.png')).rejects.toMatchObject({ name: 'TooLarge' });
    expect(sent).toBeLessThan(MAX_DOWNLOAD_BYTES + 4 * chunk.byteLength);
  });
});
