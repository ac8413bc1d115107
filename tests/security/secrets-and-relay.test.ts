/**
 * Security, end to end through the running loop (controller on the Figma fake, job runner,
 * client, relay over HTTP, Replicate protocol server):
 * - no plugin data entry anywhere in the document carries the API token;
 * - the running relay refuses unknown routes, download hosts outside its allow-list
 *   (loopback, private ranges, cloud metadata, redirects to them) and oversized bodies,
 *   without passing any of it upstream;
 * - nothing logs the token or an Authorization header (console and the relay's log).
 * The relay's unit tests (tests/relay) cover each rule in isolation; these check the
 * deployed shape: what the plugin's own traffic does through a live relay.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_SPECS } from '../../shared/tools';
import { nodesOnAllPages, startRig, waitFor, type Rig } from '../support/rig';

const SECRET = 'r8_SeCrEt_9f3b7c1d5e_do_not_leak';

let rig: Rig | undefined;
let extra: Server | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  await rig?.close();
  rig = undefined;
  await new Promise<void>((r) => (extra ? extra.close(() => r()) : r()));
  extra = undefined;
});

/** Every plugin data and relaunch entry, and every name, on every node of every page. */
function documentStrings(figma: PluginAPI): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const node of [figma.root as BaseNode, ...nodesOnAllPages(figma)]) {
    for (const key of node.getPluginDataKeys()) out.push({ where: `${node.id} pluginData.${key}`, text: key + node.getPluginData(key) });
    if ('getRelaunchData' in node) {
      for (const [k, v] of Object.entries((node as SceneNode).getRelaunchData())) out.push({ where: `${node.id} relaunch.${k}`, text: k + v });
    }
    out.push({ where: `${node.id} name`, text: node.name });
  }
  return out;
}

function leaks(strings: { where: string; text: string }[]): string[] {
  return strings.filter((s) => s.text.includes(SECRET) || /Bearer\s/i.test(s.text)).map((s) => s.where);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the document never holds the token', () => {
  it('after generate, match-selection, SVG, refine, regenerate, failures and a cancel, no entry carries it', async () => {
    rig = await startRig({ token: SECRET, replicate: { tokens: [SECRET] } });
    const { figma, plugin } = rig;
    // Settings go through the controller as the panel sends them.
    await plugin.request('saveSettings', { token: `  ${SECRET} `, relayUrl: rig.relayUrl });

    await rig.generate({ count: 4 });
    const frame = figma.createFrame();
    frame.resize(300, 200);
    rig.fake.select([frame]);
    await rig.fake.settle();
    await rig.generate({ shape: { kind: 'match-selection' }, prompt: 'fill the frame' });
    rig.fake.select([]);
    await rig.fake.settle();
    await rig.generate({ model: 'recraft-ai/recraft-v3-svg', count: 1, prompt: 'a logo' });
    const source = nodesOnAllPages(figma).find((n) => n.type === 'RECTANGLE' && n.getPluginData('recipe')) as SceneNode;
    await rig.generate({
      tool: 'vary', model: TOOL_SPECS.vary.model, prompt: 'like this', count: 1,
      shape: { kind: 'size', width: source.width, height: source.height },
      source: { nodeId: source.id }, besideNodeId: source.id, parentId: source.id, strength: 0.35,
    });
    await rig.generate({ tool: 'regenerate', count: 1, parentId: source.id, besideNodeId: source.id, baseInput: { output_quality: 90 } });
    await rig.generate({ prompt: 'something forbidden', count: 1 });
    rig.replicate.faults.next('GET /delivery/*', { kind: 'status', status: 500 }, 20);
    await rig.generate({ count: 1, prompt: 'download fails' });
    rig.replicate.setLatency('*', 2000);
    const handle = rig.start({ count: 2, prompt: 'canceled' });
    await waitFor(() => rig!.snapshots.some((s) => s.phase === 'running'));
    handle.cancel();
    await handle.done;
    // A second page too.
    const page = figma.createPage();
    await figma.setCurrentPageAsync(page);
    rig.replicate.setLatency('*', 60);
    await rig.generate({ count: 1, prompt: 'on page two' });

    const strings = documentStrings(figma);
    expect(strings.filter((s) => s.where.includes('pluginData.recipe')).length).toBeGreaterThanOrEqual(8);
    expect(leaks(strings)).toEqual([]);
    // Positive control: the token is where it belongs (client storage, trimmed) and the scan would see a leak.
    expect(await figma.clientStorage.getAsync('replicate-token')).toBe(SECRET);
    const planted = figma.createRectangle();
    planted.setPluginData('oops', `Bearer ${SECRET}`);
    expect(leaks(documentStrings(figma))).toEqual([`${planted.id} pluginData.oops`]);
  }, 30_000);

  it('the plugin never writes shared plugin data (so there is no namespace to scan)', () => {
    const offenders = ['plugin', 'shared', 'ui'].flatMap(sourceFiles).filter((f) => /setSharedPluginData/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('the running relay refuses what it should', () => {
  it('unknown routes, wrong methods and traversal are refused and never reach Replicate', async () => {
    rig = await startRig();
    const before = rig.replicate.requests.length;
    const auth = { Authorization: `Bearer ${SECRET}` };
    const tries: [string, string][] = [
      ['GET', '/v1/deployments'],
      ['POST', '/v1/deployments/acme/app/predictions'],
      ['DELETE', '/v1/files/abc'],
      ['GET', '/v1/models/a%2F..%2F..%2Faccount/b'],
      ['GET', '/v1/predictions/%2e%2e%2faccount'],
      ['GET', '/v1/predictions/abc%2Fcancel'],
      ['POST', '/v1/account'],
      ['GET', '/admin'],
      ['GET', '/v2/models/a/b'],
    ];
    for (const [method, path] of tries) {
      const res = await fetch(`${rig.relayUrl}${path}`, { method, headers: auth });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    expect(rig.replicate.requests.length).toBe(before);
  });

  it('download hosts outside the allow-list: loopback, private ranges, metadata, other schemes', async () => {
    rig = await startRig();
    const fakePort = new URL(rig.replicate.url).port;
    const refused = [
      `http://127.0.0.1:${Number(fakePort) + 1}/delivery/x/out-0.png`,
      'http://localhost/x.png',
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://10.0.0.5/x.png',
      'http://192.168.1.1/x.png',
      'http://[::1]:80/x.png',
      'http://[::ffff:127.0.0.1]/x.png',
      'https://evil.example/x.png',
      'https://replicate.delivery.evil.example/x.png',
      `http://user:pass@127.0.0.1:${fakePort}/delivery/x/out-0.png`,
      'file:///etc/passwd',
    ];
    for (const url of refused) {
      const res = await fetch(`${rig.relayUrl}/download?url=${encodeURIComponent(url)}`);
      expect([url, res.status]).toEqual([url, 403]);
    }
    expect(rig.replicate.requests.filter((r) => r.path.startsWith('/delivery'))).toHaveLength(0);
  });

  it('a model output on a private address fails the variant with the refusal, and nothing is fetched', async () => {
    rig = await startRig({ replicate: { publicUrl: 'http://169.254.169.254' } });
    const job = await rig.generate({ count: 1 });
    expect(job.variants[0]).toEqual({
      status: 'failed',
      reason: 'Replicate answered HTTP 403: Refusing to download from 169.254.169.254: loopback, private and link-local addresses are not allowed.',
    });
    expect(rig.relayLog.some((l) => /^GET \/download\b.* 403 /.test(l))).toBe(true);
  });

  it('an allowed host that redirects to a private address is refused at the redirect', async () => {
    let hits = 0;
    extra = createServer((_req, res) => {
      hits++;
      res.writeHead(302, { location: 'http://10.1.2.3/latest/meta-data/' });
      res.end();
    });
    await new Promise<void>((r) => extra!.listen(0, '127.0.0.1', r));
    const cdn = `127.0.0.1:${(extra.address() as AddressInfo).port}`;
    // The "CDN" is on the relay's allow-list; where it redirects to is not.
    rig = await startRig({ replicate: { publicUrl: `http://${cdn}` }, relay: { downloadHosts: [cdn] } });
    const job = await rig.generate({ count: 1 });
    expect(job.variants[0]).toEqual({
      status: 'failed',
      reason: 'Replicate answered HTTP 403: Redirected to a refused address. Refusing to download from 10.1.2.3: loopback, private and link-local addresses are not allowed.',
    });
    expect(hits).toBeGreaterThanOrEqual(1);
  });

  it('an upload over the relay body limit is refused with 413 before Replicate sees it', async () => {
    rig = await startRig({ relay: { maxBodyBytes: 200_000 } });
    await expect(rig.access.inputUrl(new Uint8Array(randomBytes(300_000)), 'image/png')).rejects.toMatchObject({
      name: 'TooLarge',
      message: 'That file is too large to send to Replicate (100 MB at most).',
    });
    expect(rig.replicate.requests.filter((r) => r.path === '/v1/files')).toHaveLength(0);
  });

  it('the token is sent to Replicate only, never to the download host', async () => {
    rig = await startRig({ token: SECRET, replicate: { tokens: [SECRET] } });
    await rig.generate({ count: 2 });
    const delivery = rig.replicate.requests.filter((r) => r.path.startsWith('/delivery/'));
    expect(delivery.length).toBe(2);
    for (const r of delivery) expect(r.headers.authorization).toBeUndefined();
    const api = rig.replicate.requests.filter((r) => r.path.startsWith('/v1/'));
    for (const r of api) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
  });
});

describe('nothing logs the token', () => {
  it('console and relay log stay clean through successes, 401s, throttling, upstream failures and refusals', async () => {
    const lines: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : JSON.stringify(a))).join(' '));
      });
    }
    rig = await startRig({ token: SECRET, replicate: { tokens: [SECRET] } });
    await rig.generate({ count: 2 });
    rig.replicate.faults.next('POST /v1/models/*/*/predictions', { kind: 'status', status: 429, retryAfter: 0 });
    rig.replicate.faults.next('GET /delivery/*', { kind: 'drop' });
    rig.replicate.faults.next('POST /v1/models/*/*/predictions', { kind: 'drop' });
    await rig.generate({ count: 1 });
    await rig.generate({ count: 1 });
    await rig.generate({ model: 'nobody/nothing' });
    await fetch(`${rig.relayUrl}/v1/deployments`, { headers: { Authorization: `Bearer ${SECRET}` } });
    await fetch(`${rig.relayUrl}/download?url=${encodeURIComponent(`http://169.254.169.254/?token=${SECRET}`)}`);
    const relayLog = [...rig.relayLog];
    await rig.close();
    // A wrong token: the 401 path.
    rig = await startRig({ token: `${SECRET}_wrong` });
    await rig.generate({ count: 1 });
    relayLog.push(...rig.relayLog);

    const everything = [...lines, ...relayLog];
    expect(relayLog.length).toBeGreaterThan(10);
    expect(relayLog.some((l) => / 401 /.test(l))).toBe(true);
    expect(everything.filter((l) => l.includes(SECRET) || /Bearer\s/i.test(l) || /authorization/i.test(l))).toEqual([]);
  }, 30_000);
});
