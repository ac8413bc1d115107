/**
 * GET /stream?url=...: a language model's server-sent events from an allow-listed stream host,
 * passed through as they arrive (in the handler and over real HTTP), with CORS; any other
 * host refused, redirects not followed, no token sent to the stream host, path-only logs.
 */
import type http from 'node:http';
import { createRelay } from '../../relay/handler';
import { configFromEnv } from '../../relay/config';
import { startRelay, type StartedRelay } from '../../relay/node';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';

const RELAY = 'http://relay.test';
const STREAM_PATH = '/v1/streams/qxgz7mtb2drm80cjvazv3c3a5m';
let host: FakeUpstream;
let logs: string[];
let fetched: string[];
let release: () => void;
let upstreamClosed: Promise<void>;

function relay(options: { serverToken?: string; timeoutMs?: number } = {}) {
  return createRelay({
    upstream: 'https://api.replicate.com',
    serverToken: options.serverToken,
    allowAnonymous: true,
    downloadHosts: [host.host],
    streamHosts: ['streaming.api.replicate.com', host.host],
    maxBodyBytes: 1024,
    upstreamTimeoutMs: options.timeoutMs,
    log: (line) => logs.push(line),
    fetch: (input, init) => {
      fetched.push(String(input));
      return fetch(input, init);
    },
  });
}

const streamUrl = (url: string, base = RELAY) => `${base}/stream?url=${encodeURIComponent(url)}`;

/** Writes one event, then holds the response open until `release()`; then two more and ends. */
function gatedStream(req: http.IncomingMessage, res: http.ServerResponse) {
  let resolveClosed!: () => void;
  upstreamClosed = new Promise((r) => (resolveClosed = r));
  res.on('close', () => resolveClosed());
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'Set-Cookie': 'track=1' });
  res.write('event: output\nid: 1:0\ndata: {"v": 1,\n\n');
  release = () => {
    res.write('event: output\nid: 1:1\ndata: \ndata:  "title"\n\n');
    res.end('event: done\nid: 1:2\ndata: {}\n\n');
  };
}

const decoder = new TextDecoder();
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string, soFar = ''): Promise<string> {
  let text = soFar;
  while (!text.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before "${needle}"; got ${JSON.stringify(text)}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

beforeEach(async () => {
  host = await startFakeUpstream();
  logs = [];
  fetched = [];
  release = () => {};
  host.earlyRoutes.set(STREAM_PATH, gatedStream);
});
afterEach(async () => {
  release?.();
  await host.close();
});

describe('in the handler', () => {
  it('passes events through as they arrive, with text/event-stream, CORS and no caching', async () => {
    const response = await relay()(new Request(streamUrl(`${host.url}${STREAM_PATH}`)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('set-cookie')).toBeNull();
    const reader = response.body!.getReader();
    // The first event arrives while the stream host is still holding the rest back.
    const first = await readUntil(reader, 'data: {"v": 1,\n\n');
    expect(first).not.toContain('event: done');
    release();
    const all = await readUntil(reader, 'event: done', first);
    expect(all).toBe('event: output\nid: 1:0\ndata: {"v": 1,\n\nevent: output\nid: 1:1\ndata: \ndata:  "title"\n\nevent: done\nid: 1:2\ndata: {}\n\n');
    expect(host.seen[0].headers.accept).toBe('text/event-stream');
  });

  it('keeps streaming past the upstream deadline (the deadline is for the response headers)', async () => {
    // 1 s for the headers: 150 ms ran out before them on a loaded machine (a 504, not this test).
    const response = await relay({ timeoutMs: 1000 })(new Request(streamUrl(`${host.url}${STREAM_PATH}`)));
    const reader = response.body!.getReader();
    const first = await readUntil(reader, '\n\n');
    // Time itself is the point here: well past the deadline.
    await new Promise((r) => setTimeout(r, 1500));
    release();
    expect(await readUntil(reader, 'event: done', first)).toContain('data:  "title"');
  });

  it('sends no token of any kind to the stream host (the stream URL carries its own access)', async () => {
    const response = await relay({ serverToken: 'r8_server_SECRET' })(
      new Request(streamUrl(`${host.url}${STREAM_PATH}`), { headers: { Authorization: 'Bearer r8_client_SECRET', Cookie: 'session=SECRET' } }),
    );
    release();
    await response.text();
    const headers = host.seen[0].headers;
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain('SECRET');
  });

  it.each([
    ['a host not on the stream list', 'https://evil.com/v1/streams/x'],
    ['the delivery CDN (a download host, not a stream host)', 'https://replicate.delivery/v1/streams/x'],
    ['a look-alike of the stream host', 'https://streaming.api.replicate.com.evil.com/v1/streams/x'],
    ['plain http to the stream host', 'http://streaming.api.replicate.com/v1/streams/x'],
    ['credentials in the URL', 'https://user:pw@streaming.api.replicate.com/v1/streams/x'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback not listed', 'http://127.0.0.1:9/v1/streams/x'],
  ])('refuses %s with 403 and fetches nothing', async (_name, url) => {
    const response = await relay()(new Request(streamUrl(url)));
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toMatchObject({ title: 'Stream refused', status: 403 });
    expect(fetched).toEqual([]);
  });

  it('does not follow a redirect, even to an allowed host', async () => {
    host.routes.set('/hop', (_req, res) => {
      res.writeHead(302, { Location: `${host.url}${STREAM_PATH}` });
      res.end();
    });
    const response = await relay()(new Request(streamUrl(`${host.url}/hop`)));
    expect(response.status).toBe(502);
    expect((await response.json()).title).toBe('Unexpected redirect from the stream host');
    expect(host.seen.map((s) => s.url)).toEqual(['/hop']);
  });

  it('passes the stream host’s own error through, with CORS', async () => {
    host.routes.set('/v1/streams/gone', (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"detail":"Not found."}');
    });
    const response = await relay()(new Request(streamUrl(`${host.url}/v1/streams/gone`)));
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ detail: 'Not found.' });
  });

  it('asks for a URL when there is none, and answers only GET', async () => {
    expect((await relay()(new Request(`${RELAY}/stream`))).status).toBe(400);
    const post = await relay()(new Request(streamUrl(`${host.url}${STREAM_PATH}`), { method: 'POST', body: 'x' }));
    expect(post.status).toBe(404);
    expect(fetched).toEqual([]);
  });

  it('logs the path and host only: no stream URL, no prediction id, no token', async () => {
    const response = await relay()(new Request(streamUrl(`${host.url}${STREAM_PATH}`), { headers: { Authorization: 'Bearer r8_client_SECRET' } }));
    release();
    await response.text();
    await relay()(new Request(streamUrl('https://evil.com/v1/streams/qxgz7mtb2drm80cjvazv3c3a5m')));
    expect(logs[0]).toMatch(new RegExp(`^GET /stream ${host.host} 200 \\d+ms$`));
    expect(logs[1]).toMatch(/^GET \/stream 403 \d+ms$/);
    const all = logs.join('\n');
    expect(all).not.toContain('qxgz7mtb2drm80cjvazv3c3a5m');
    expect(all).not.toContain('url=');
    expect(all).not.toContain('SECRET');
  });
});

it('allows Replicate’s stream host by default, and RELAY_STREAM_HOSTS replaces the list', () => {
  expect(configFromEnv({}).streamHosts).toContain('streaming.api.replicate.com');
  expect(configFromEnv({ RELAY_STREAM_HOSTS: ' 127.0.0.1:4567 , Stream.Example.com ' }).streamHosts).toEqual(['127.0.0.1:4567', 'stream.example.com']);
});

describe('over real HTTP', () => {
  let started: StartedRelay;
  beforeEach(async () => {
    started = await startRelay(
      { upstream: 'https://api.replicate.com', downloadHosts: [], streamHosts: [host.host], maxBodyBytes: 1024, log: (line) => logs.push(line) },
      { port: 0 },
    );
  });
  afterEach(() => started.close());

  it('delivers the first event to the browser before the stream host has finished', async () => {
    const response = await fetch(streamUrl(`${host.url}${STREAM_PATH}`, started.url), { headers: { Accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const reader = response.body!.getReader();
    const first = await readUntil(reader, 'data: {"v": 1,\n\n');
    expect(first).not.toContain('event: done');
    release();
    expect(await readUntil(reader, 'event: done', first)).toContain('id: 1:2');
  });

  it('stops reading from the stream host when the panel goes away, and logs no error for it', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const abort = new AbortController();
      const response = await fetch(streamUrl(`${host.url}${STREAM_PATH}`, started.url), { signal: abort.signal });
      await readUntil(response.body!.getReader(), '\n\n');
      abort.abort();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        upstreamClosed.then(() => 'closed'),
        new Promise((r) => (timer = setTimeout(() => r('still open'), 3000))),
      ]);
      clearTimeout(timer);
      expect(outcome).toBe('closed');
      await new Promise((r) => setTimeout(r, 100));
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('breaks the panel’s stream when the stream host breaks off (not a quiet end)', async () => {
    let breakOff!: () => void;
    host.earlyRoutes.set('/v1/streams/broken', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: output\nid: 1:0\ndata: {\n\n');
      breakOff = () => res.socket?.destroy();
    });
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await fetch(streamUrl(`${host.url}/v1/streams/broken`, started.url));
      // Mid-body, once the panel has its response (a fixed 50 ms sometimes broke off before the headers got through).
      breakOff();
      await expect(response.text()).rejects.toThrow();
    } finally {
      errors.mockRestore();
    }
  });
});
