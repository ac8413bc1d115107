/**
 * What /download and /stream hand a browser, over real HTTP: never a page that runs on the
 * relay's origin (nosniff, a sandboxing CSP, image/* only from /download and
 * text/event-stream only from /stream), and no file past the size cap.
 */
import { startRelay, type StartedRelay } from '../../relay/node';
import { rawRequest, startFakeUpstream, type FakeUpstream } from './fake-upstream';

let cdn: FakeUpstream;
let relay: StartedRelay;
let logs: string[];

beforeEach(async () => {
  cdn = await startFakeUpstream();
  logs = [];
  relay = await startRelay(
    {
      upstream: 'https://api.replicate.com',
      downloadHosts: [cdn.host],
      streamHosts: [cdn.host],
      maxBodyBytes: 1024,
      maxDownloadBytes: 64 * 1024,
      log: (line) => logs.push(line),
    },
    { port: 0 },
  );
});
afterEach(async () => {
  await relay.close();
  await cdn.close();
});

const download = (path: string) => rawRequest(relay.url, `/download?url=${encodeURIComponent(cdn.url + path)}`);
const stream = (path: string) => rawRequest(relay.url, `/stream?url=${encodeURIComponent(cdn.url + path)}`);

function serve(path: string, type: string, body: string | Buffer, status = 200) {
  cdn.routes.set(path, (_req, res) => void res.writeHead(status, { 'Content-Type': type }).end(body));
}

it.each([
  ['text/html; charset=utf-8', '<script>parent.postMessage(document.cookie, "*")</script>'],
  ['application/xhtml+xml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'],
  ['text/javascript', 'alert(1)'],
  ['', '<script>alert(1)</script>'],
  ['image', '<script>alert(1)</script>'],
  ['image/png, text/html', '<script>alert(1)</script>'],
])('serves an upstream %j as bytes to save, never as a page', async (type, body) => {
  serve('/evil', type, body);
  const response = await download('/evil');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/octet-stream');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
});

it.each(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'])('passes %s through, with nosniff and a sandboxing CSP', async (type) => {
  serve('/out', `${type}; charset=binary`, 'bytes');
  const response = await download('/out');
  expect(response.headers['content-type']).toBe(type);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
  expect(response.body.toString()).toBe('bytes');
});

it('an upstream error page is not served as HTML either', async () => {
  serve('/gone', 'text/html', '<h1>Gone</h1><script>alert(1)</script>', 404);
  const response = await download('/gone');
  expect(response.status).toBe(404);
  expect(response.headers['content-type']).toBe('application/octet-stream');
});

it('/stream passes only text/event-stream as itself', async () => {
  serve('/events', 'text/event-stream; charset=utf-8', 'event: done\ndata: {}\n\n');
  serve('/page', 'text/html', '<script>alert(1)</script>');
  const events = await stream('/events');
  expect(events.headers['content-type']).toBe('text/event-stream');
  expect(events.headers['x-content-type-options']).toBe('nosniff');
  const page = await stream('/page');
  expect(page.headers['content-type']).toBe('application/octet-stream');
  expect(page.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
});

it('refuses a file whose Content-Length is over the cap before sending any of it', async () => {
  cdn.routes.set('/huge.png', (_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': 100 * 1024 }).end(Buffer.alloc(100 * 1024)));
  const response = await download('/huge.png');
  expect(response.status).toBe(502);
  expect(JSON.parse(response.body.toString())).toMatchObject({ title: 'Download too large' });
});

it('cuts off a file with no Content-Length once it passes the cap', async () => {
  cdn.earlyRoutes.set('/endless.png', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/png' }); // chunked: no length announced
    const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024)), 5);
    res.on('close', () => clearInterval(timer));
  });
  const response = await fetch(`${relay.url}/download?url=${encodeURIComponent(`${cdn.url}/endless.png`)}`);
  expect(response.status).toBe(200);
  let received = 0;
  const reader = response.body!.getReader();
  await expect(
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += value.byteLength;
      }
    })(),
  ).rejects.toThrow();
  expect(received).toBeLessThanOrEqual(64 * 1024);
  expect(logs.filter((l) => /body ended: larger than 65536 bytes/.test(l))).toHaveLength(1);
});
