/**
 * Nothing hangs the relay or its client, over real HTTP: an upstream that goes quiet or
 * trickles a byte at a time is cut off, a Content-Length the upstream does not keep ends in
 * an error instead of a wait, slow-header clients are dropped quickly and open connections
 * are capped. Each broken body is one log line, with no stack on the console; 502s name the
 * host, not the network error.
 */
import net from 'node:net';
import { startRelay, type ListenOptions, type StartedRelay } from '../../relay/node';
import type { RelayConfig } from '../../relay/config';
import { closedPort, rawRequest, startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { waitFor } from '../support/wait-for';

let cdn: FakeUpstream;
let relay: StartedRelay | undefined;
let logs: string[];
let consoleLines: string[];

beforeEach(async () => {
  cdn = await startFakeUpstream();
  logs = [];
  consoleLines = [];
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '));
    });
  }
});
afterEach(async () => {
  jest.restoreAllMocks();
  await relay?.close();
  relay = undefined;
  await cdn.close();
});

async function start(config: Partial<RelayConfig> = {}, listen: ListenOptions = {}): Promise<StartedRelay> {
  relay = await startRelay(
    { upstream: cdn.url, downloadHosts: [cdn.host], streamHosts: [cdn.host], maxBodyBytes: 1024, log: (line) => logs.push(line), ...config },
    { port: 0, ...listen },
  );
  return relay;
}

/** How reading a whole body went: it ended, it broke (an error the client sees), or it hung past `ms`. */
async function readOutcome(response: Response, ms: number): Promise<'ended' | 'broke' | 'hung'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      response.text().then(
        () => 'ended' as const,
        () => 'broke' as const,
      ),
      new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    response.body?.cancel().catch(() => undefined);
  }
}

/** The relay logs why a body ended; the client may see the break a moment before the line is written. */
const bodyEndLogged = () => waitFor(() => logs.some((l) => / body ended: /.test(l)), 5000, 'a "body ended" log line');

const downloadUrl = (path: string) => `${relay!.url}/download?url=${encodeURIComponent(cdn.url + path)}`;

describe('slow and lying upstreams', () => {
  it('ends a download whose upstream goes quiet, as an error the client sees', async () => {
    await start({ idleTimeoutMs: 300 });
    cdn.earlyRoutes.set('/stall.png', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.write('first bytes');
    });
    const response = await fetch(downloadUrl('/stall.png'));
    expect(response.status).toBe(200);
    expect(await readOutcome(response, 3000)).toBe('broke');
    await bodyEndLogged();
    expect(logs.filter((l) => /^GET \/download .*body ended: nothing received for 300 ms/.test(l))).toHaveLength(1);
  });

  it('ends an upstream trickling one byte at a time (never idle) at the total deadline', async () => {
    // Idle well above the trickle's 50 ms: on a loaded machine its writes came >400 ms apart.
    await start({ idleTimeoutMs: 1500, downloadTimeoutMs: 800 });
    cdn.earlyRoutes.set('/trickle.png', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      const timer = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const response = await fetch(downloadUrl('/trickle.png'));
    expect(await readOutcome(response, 4000)).toBe('broke');
    expect(Date.now() - started).toBeLessThan(3000);
    await bodyEndLogged();
    expect(logs.filter((l) => /body ended: not finished within 800 ms/.test(l))).toHaveLength(1);
  });

  it('ends a language-model stream that goes quiet', async () => {
    await start({ idleTimeoutMs: 300 });
    cdn.earlyRoutes.set('/v1/streams/quiet', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: output\ndata: {\n\n');
    });
    const response = await fetch(`${relay!.url}/stream?url=${encodeURIComponent(`${cdn.url}/v1/streams/quiet`)}`);
    expect(await readOutcome(response, 3000)).toBe('broke');
    await bodyEndLogged();
    expect(logs.filter((l) => /^GET \/stream .*body ended: nothing received/.test(l))).toHaveLength(1);
  });

  it('a Content-Length longer than the body the upstream sends ends in an error, not a wait', async () => {
    await start({ idleTimeoutMs: 500 });
    cdn.earlyRoutes.set('/liar.png', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': '100000' });
      res.write(Buffer.alloc(10)); // and then nothing, connection kept open
    });
    const response = await fetch(downloadUrl('/liar.png'));
    expect(response.headers.get('content-length')).toBe('100000');
    expect(await readOutcome(response, 3000)).toBe('broke');
  });

  it('an upstream that closes short of its Content-Length breaks the client’s body at once', async () => {
    await start();
    let breakOff!: () => void;
    cdn.earlyRoutes.set('/short.png', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': '100000' });
      res.write(Buffer.alloc(10));
      breakOff = () => res.socket?.destroy();
    });
    const response = await fetch(downloadUrl('/short.png'));
    // Mid-body, once the client has its response (a fixed 50 ms sometimes broke off before the headers got through).
    breakOff();
    expect(await readOutcome(response, 3000)).toBe('broke');
    await bodyEndLogged();
    // One line in the relay's log, no stack trace anywhere.
    expect(logs.filter((l) => /body ended: upstream broke off/.test(l))).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(consoleLines.filter((l) => /\n\s+at /.test(l))).toEqual([]);
    expect(consoleLines).toEqual([]);
  });
});

describe('slow and greedy clients (Node entry)', () => {
  it('drops a client that sends its headers slowly, within the header timeout', async () => {
    const { port } = await start({}, { headersTimeoutMs: 300 });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const dripper = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      socket.on('error', () => undefined);
      socket.once('close', () => resolve(Date.now() - started));
      setTimeout(() => resolve(Infinity), 5000);
    });
    clearInterval(dripper);
    socket.destroy();
    expect(closedAfter).toBeLessThan(2500);
  });

  it('keeps the default header timeout short', async () => {
    const { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS } = await import('../../relay/node');
    expect(DEFAULT_HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(15_000);
    expect(DEFAULT_MAX_CONNECTIONS).toBeGreaterThan(0);
  });

  it('caps open connections: one past the cap is closed at once', async () => {
    const { port } = await start({}, { maxConnections: 3 });
    const held: net.Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise<void>((r) => socket.once('connect', () => r()));
      held.push(socket);
    }
    await new Promise((r) => setTimeout(r, 50));
    const extra = net.connect(port, '127.0.0.1');
    extra.on('error', () => undefined);
    const closed = await new Promise<boolean>((resolve) => {
      extra.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 2000);
    });
    expect(closed).toBe(true);
    held.forEach((s) => s.destroy());
    extra.destroy();
  });
});

describe('error details', () => {
  it('a 502 names the host, not the network error or a resolved address', async () => {
    const port = await closedPort();
    await start({ downloadHosts: [`127.0.0.1:${port}`], streamHosts: [`127.0.0.1:${port}`] });
    for (const path of ['/download', '/stream']) {
      const response = await rawRequest(relay!.url, `${path}?url=${encodeURIComponent(`http://127.0.0.1:${port}/x`)}`);
      expect(response.status).toBe(502);
      const detail = JSON.parse(response.body.toString()).detail as string;
      expect(detail).toBe(`The relay could not connect to 127.0.0.1:${port}.`);
      expect(detail).not.toMatch(/ECONNREFUSED|fetch failed|other side/);
    }
    // The operator's log keeps the error code.
    expect(logs.some((l) => /^GET \/download 127\.0\.0\.1:\d+ ECONNREFUSED 502/.test(l))).toBe(true);
  });
});
