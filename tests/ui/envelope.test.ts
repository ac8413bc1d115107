/**
 * The panel's calls to a relay that takes envelopes go as simple requests (one text/plain
 * POST to /call each, no CORS preflight from the panel's null origin); uploads and streams,
 * and every call to a relay that does not say it takes them, go as they are.
 */
import { createReplicateAccess } from '../../ui/replicate/client';
import type { Envelope } from '../../shared/relay-envelope';

const KEY = 'team-key-0123456789abcdef';

function recording() {
  const seen: { url: string; method: string; contentType: string | null; headers: Headers; body: unknown }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    seen.push({ url: String(input), method: init?.method ?? 'GET', contentType: headers.get('content-type'), headers, body: init?.body });
    const inner = init?.body && typeof init.body === 'string' && String(input).endsWith('/call') ? (JSON.parse(init.body) as Envelope) : undefined;
    const path = inner?.path ?? new URL(String(input)).pathname;
    if (path.endsWith('/v1/files')) return Response.json({ urls: { get: 'https://api.replicate.com/v1/files/f1' } });
    if (path.startsWith('/download')) return new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'image/png' } });
    return Response.json({ id: 'p1', status: 'succeeded', output: [] }, { status: path.includes('/predictions') && inner?.method === 'POST' ? 201 : 200 });
  };
  return { seen, fetchImpl };
}

it('sends each JSON call as one text/plain POST to /call carrying method, path, token, Prefer and the relay key', async () => {
  const { seen, fetchImpl } = recording();
  const access = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', relayKey: KEY, envelopes: true, fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
  await access.getPrediction('p1');
  await access.download('https://replicate.delivery/x.png');
  await access.inputUrl(new Uint8Array(300_000), 'image/png');

  const [read, download, upload] = seen;
  for (const call of [read, download]) {
    expect([call.url, call.method, call.contentType]).toEqual(['http://relay.test/call', 'POST', 'text/plain;charset=UTF-8']);
    // Nothing but the safelisted content type on the outer request: no preflight.
    expect([...call.headers.keys()]).toEqual(['content-type']);
  }
  const inner = JSON.parse(read.body as string) as Envelope;
  expect(inner).toMatchObject({ method: 'GET', path: '/v1/predictions/p1', headers: { authorization: 'Bearer r8_x', 'x-relay-key': KEY } });
  expect((JSON.parse(download.body as string) as Envelope).path).toBe(`/download?url=${encodeURIComponent('https://replicate.delivery/x.png')}`);
  // An upload's bytes go as multipart, as they are.
  expect(upload.url).toBe('http://relay.test/v1/files');
  expect(upload.body).toBeInstanceOf(FormData);
  expect(upload.headers.get('x-relay-key')).toBe(KEY);
});

it('sends a download with nothing to carry (no relay key) as the plain GET it is', async () => {
  const { seen, fetchImpl } = recording();
  const access = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', envelopes: true, fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
  expect(await access.download('https://replicate.delivery/x.png')).toEqual(new Uint8Array([1, 2, 3]));
  await access.getPrediction('p1');
  expect(seen.map((s) => [s.url, s.method])).toEqual([
    [`http://relay.test/download?url=${encodeURIComponent('https://replicate.delivery/x.png')}`, 'GET'],
    ['http://relay.test/call', 'POST'],
  ]);
  expect([...seen[0].headers.keys()]).toEqual([]);
});

it('calls a relay that does not say it takes envelopes directly', async () => {
  const { seen, fetchImpl } = recording();
  const access = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
  await access.getPrediction('p1');
  expect(seen.map((s) => [s.url, s.method])).toEqual([['http://relay.test/v1/predictions/p1', 'GET']]);
  expect(seen[0].headers.get('authorization')).toBe('Bearer r8_x');
});
