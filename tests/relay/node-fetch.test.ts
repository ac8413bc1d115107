/** The Node relay's upstream client (relay/node-fetch.ts) against a real HTTP server. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeFetch } from '../../relay/node-fetch';
import { errorCode, fetchWithDeadline } from '../../relay/upstream';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
let handle: Handler;
let url: string;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('sends the method, headers and body it is given, and answers with status, headers and body', async () => {
  handle = (req, res, body) => {
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.writeHead(201, { 'Content-Type': 'application/json', 'X-Seen': `${req.method} ${req.url} ${req.headers.authorization} ${req.headers['content-length']} ${body}` });
    res.end('{"ok":true}');
  };
  const headers = new Headers({ Authorization: 'Bearer r8_x', 'Content-Length': '7' });
  const response = await nodeFetch(`${url}/v1/predictions?x=1`, { method: 'post', headers, body: new TextEncoder().encode('{"a":1}') });
  expect(response.status).toBe(201);
  expect(response.ok).toBe(true);
  expect(response.headers.get('x-seen')).toBe('POST /v1/predictions?x=1 Bearer r8_x 7 {"a":1}');
  expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  expect(await response.json()).toEqual({ ok: true });
});

it('streams an upload it is given as a stream', async () => {
  handle = (_req, res, body) => res.end(`got ${body.length}: ${body.toString().slice(0, 5)}`);
  const parts = ['hello', ' ', 'world'];
  const upload = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = parts.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
  });
  const response = await nodeFetch(`${url}/v1/files`, { method: 'POST', body: upload, duplex: 'half' } as RequestInit);
  expect(await response.text()).toBe('got 11: hello');
});

it('hands the body over as it arrives, not once it has all come', async () => {
  let finish: () => void = () => undefined;
  handle = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write('first\n');
    finish = () => res.end('last\n');
  };
  const response = await nodeFetch(`${url}/stream`);
  const reader = response.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toBe('first\n');
  finish();
  let rest = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
  expect(rest).toBe('last\n');
});

it('follows no redirect and gives a bodiless status no body', async () => {
  handle = (req, res) => {
    if (req.url === '/moved') res.writeHead(302, { Location: '/elsewhere' }).end('moved');
    else res.writeHead(204).end();
  };
  const moved = await nodeFetch(`${url}/moved`, { redirect: 'manual' });
  expect(moved.status).toBe(302);
  expect(moved.headers.get('location')).toBe('/elsewhere');
  await moved.body?.cancel();
  const empty = await nodeFetch(`${url}/empty`, { method: 'DELETE' });
  expect(empty.status).toBe(204);
  expect(empty.body).toBeNull();
});

it('stops when its signal aborts, and the relay reads that as its own deadline', async () => {
  handle = () => undefined; // never answers
  const result = await fetchWithDeadline(nodeFetch, `${url}/slow`, { method: 'GET' }, 100);
  expect(result).toMatchObject({ ok: false, kind: 'timeout' });
});

it('reports an unreachable host with the error code the relay logs', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const result = await fetchWithDeadline(nodeFetch, `http://127.0.0.1:${port}/v1/x`, { method: 'GET' }, 5000);
  expect(result).toMatchObject({ ok: false, kind: 'unreachable', code: 'ECONNREFUSED' });
  await expect(nodeFetch(`http://127.0.0.1:${port}/v1/x`).catch((e) => errorCode(e))).resolves.toBe('ECONNREFUSED');
});
