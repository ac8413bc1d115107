/**
 * GET /download?url=...: allow-listed hosts only, every redirect hop re-checked, bytes
 * passed through exactly, the token never sent.
 */
import { createHash } from 'node:crypto';
import { createRelay } from '../../relay/handler';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';

const RELAY = 'http://relay.test';
let cdn: FakeUpstream;
let fetchCalls: string[];

function relay(serverToken?: string) {
  return createRelay({
    upstream: 'https://api.replicate.com',
    serverToken,
    allowAnonymous: true,
    downloadHosts: ['replicate.delivery', '*.replicate.delivery', cdn.host],
    maxBodyBytes: 1024,
    fetch: (input, init) => {
      fetchCalls.push(String(input));
      return fetch(input, init);
    },
  });
}

function download(url: string, serverToken?: string) {
  return relay(serverToken)(new Request(`${RELAY}/download?url=${encodeURIComponent(url)}`, { headers: { Authorization: 'Bearer r8_client' } }));
}

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256))]);

beforeEach(async () => {
  cdn = await startFakeUpstream();
  fetchCalls = [];
  cdn.routes.set('/out-0.png', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length, 'Set-Cookie': 'track=1' });
    res.end(png);
  });
});
afterEach(async () => {
  await cdn.close();
});

it('streams a file from an allowed host byte for byte, with type, length and CORS', async () => {
  const response = await download(`${cdn.url}/out-0.png`, 'r8_server_SECRET');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(response.headers.get('content-length')).toBe(String(png.length));
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('set-cookie')).toBeNull();
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(png).digest('hex'));
  // No token of any kind goes to the file host.
  expect(cdn.seen[0].headers.authorization).toBeUndefined();
  expect(JSON.stringify(cdn.seen[0].headers)).not.toContain('SECRET');
});

it('passes a missing file (expired output) through as its status, with CORS', async () => {
  cdn.routes.set('/gone.png', (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found');
  });
  const response = await download(`${cdn.url}/gone.png`);
  expect(response.status).toBe(404);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('cache-control')).toBe('no-store');
});

it.each([
  'https://evil.com/x.png',
  'http://127.0.0.1/x.png', // loopback, not listed
  'https://10.0.0.1/x.png',
  'https://[::1]/x.png',
  'http://169.254.169.254/latest/meta-data/',
  'http://replicate.delivery@127.0.0.1/',
  'https://replicate.delivery.evil.com/x.png',
  'http://replicate.delivery/x.png',
  'file:///etc/passwd',
])('refuses %s with 403 JSON and fetches nothing', async (url) => {
  const response = await download(url);
  expect(response.status).toBe(403);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  const body = await response.json();
  expect(body.title).toBe('Download refused');
  expect(body.detail.length).toBeGreaterThan(10);
  expect(fetchCalls).toHaveLength(0);
});

it('refuses a loopback port that is not the one listed', async () => {
  const response = await download(`http://127.0.0.1:${cdn.port === 65535 ? 65534 : cdn.port + 1}/out-0.png`);
  expect(response.status).toBe(403);
  expect(fetchCalls).toHaveLength(0);
});

it('answers 400 without a url parameter', async () => {
  const response = await relay()(new Request(`${RELAY}/download`));
  expect(response.status).toBe(400);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
});

it('follows redirects within the allow-list', async () => {
  cdn.routes.set('/a', (_req, res) => {
    res.writeHead(302, { Location: '/b' });
    res.end();
  });
  cdn.routes.set('/b', (_req, res) => {
    res.writeHead(307, { Location: `${cdn.url}/out-0.png` });
    res.end();
  });
  const response = await download(`${cdn.url}/a`);
  expect(response.status).toBe(200);
  expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  expect(cdn.seen.map((s) => s.url)).toEqual(['/a', '/b', '/out-0.png']);
});

it.each(['http://10.0.0.1/secret', 'http://169.254.169.254/latest/meta-data/', 'https://evil.com/x', 'http://127.0.0.1:1/x', 'file:///etc/passwd'])(
  'refuses a redirect to %s',
  async (location) => {
    cdn.routes.set('/bounce', (_req, res) => {
      res.writeHead(302, { Location: location });
      res.end();
    });
    const response = await download(`${cdn.url}/bounce`);
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect((await response.json()).detail).toMatch(/Redirected to a refused address/);
    expect(fetchCalls).toHaveLength(1);
  },
);

it('gives up after 5 redirects', async () => {
  let hops = 0;
  cdn.routes.set('/loop', (_req, res) => {
    hops++;
    res.writeHead(302, { Location: `/loop?n=${hops}` });
    res.end();
  });
  const response = await download(`${cdn.url}/loop`);
  expect(response.status).toBe(502);
  expect((await response.json()).detail).toMatch(/redirects/);
  expect(hops).toBe(6); // the first request and five redirects
});
