/**
 * A language model's `urls.stream` on the fake, as Replicate documents it
 * (replicate.com/docs/topics/predictions/streaming): text/event-stream, `output` events a
 * piece at a time (line breaks as several `data:` lines), `done` at the end, `error` when the
 * prediction fails, `done` with reason "canceled" when canceled; a late client gets what it
 * missed first. Read here both as raw text and with a spec-following SSE parser.
 */
// @ts-expect-error: the package ships no types for its vendored parser.
import { EventSourceParserStream } from 'replicate/vendor/eventsource-parser/stream';
import type { FakeReplicate } from '../fakes/replicate';
import { designUserText } from '../../shared/design/design-prompt';
import { api, pollUntil, pollUntilDone, start } from './helpers';

interface Sse {
  event: string;
  data: string;
  id?: string;
}

let server: FakeReplicate;
beforeAll(async () => {
  server = await start({ latencyMs: 40, tokensPerSecond: 3000 });
});
afterAll(() => server.close());

const userText = designUserText({ prompt: 'Landing page for a fitness app: hero, features, testimonials, footer', width: 1440, height: 1024 });
const CLAUDE = '/v1/models/anthropic/claude-4-sonnet/predictions';

async function create(target: FakeReplicate, input: Record<string, unknown> = {}, stream = true) {
  const r = await api(target, 'POST', CLAUDE, { input: { prompt: userText, max_tokens: 1024, ...input }, ...(stream ? { stream } : {}) });
  expect(r.status).toBe(201);
  return r.json;
}

function rechunk(size: number): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      for (let i = 0; i < chunk.length; i += size) controller.enqueue(chunk.subarray(i, i + size));
    },
  });
}

/** Opens a stream and parses it with the parser the panel's reader uses. */
async function open(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers } });
  const [raw, forEvents] = res.body!.tee();
  const events = (async () => {
    const out: Sse[] = [];
    // Small chunks: the vendored parser (eventsource-parser 1.1.2) rescans its whole buffer for
    // every line, so one big chunk (a replayed backlog) costs seconds.
    const text = forEvents.pipeThrough(rechunk(1024)).pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>);
    const reader = (text.pipeThrough(new EventSourceParserStream()) as ReadableStream<Sse>).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return out;
      out.push({ event: value.event, data: value.data, id: value.id });
    }
  })();
  const text = new Response(raw).text();
  return { res, events, text };
}

it('serves the answer as output events, then done, matching the finished output piece for piece', async () => {
  const p = await create(server);
  expect(p.urls.stream).toBe(`${server.url}/streams/${p.id}`);
  const { res, events, text } = await open(p.urls.stream);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const all = await events;
  const done = await pollUntilDone(server, p.id);
  expect(done.status).toBe('succeeded');
  const outputs = all.filter((e) => e.event === 'output').map((e) => e.data);
  expect(outputs).toEqual(done.output);
  expect(all[all.length - 1]).toMatchObject({ event: 'done', data: '{}' });
  expect(all.filter((e) => e.event === 'done')).toHaveLength(1);
  // Ids like Replicate's `1690212292:0`.
  expect(all[0].id).toMatch(/^\d+:0$/);
  // Pieces with a line break travel as several data lines and come back whole.
  const multiLine = done.output.filter((piece: string) => piece.includes('\n'));
  expect(multiLine.length).toBeGreaterThan(10);
  const raw = await text;
  expect(raw).toContain('event: output\n');
  expect(raw).toMatch(/\ndata: \ndata: {2}"\n\n/);
  expect(raw.endsWith('event: done\nid: ' + all[all.length - 1].id + '\ndata: {}\n\n')).toBe(true);
});

it('sends the first piece long before the prediction finishes', async () => {
  const slow = await start({ latencyMs: 0, tokensPerSecond: 200 });
  try {
    const p = await create(slow, { max_tokens: 1024 });
    const res = await fetch(p.urls.stream, { headers: { Accept: 'text/event-stream' } });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: output');
    const now = (await api(slow, 'GET', `/v1/predictions/${p.id}`)).json;
    expect(now.status).toBe('processing');
    expect(now.output.length).toBeLessThan(100);
    await reader.cancel();
  } finally {
    await slow.close();
  }
});

it('gives a client that connects mid-run the pieces so far first, then the rest', async () => {
  const slow = await start({ latencyMs: 0, tokensPerSecond: 1000 });
  try {
    const p = await create(slow, { max_tokens: 1024 });
    // Mid-run by what has been written, not by a sleep that a loaded machine may stretch past the end.
    const mid = await pollUntil(slow, p.id, (now) => !['starting', 'processing'].includes(now.status) || now.output?.length > 50);
    expect(mid.status).toBe('processing');
    expect(mid.output.length).toBeGreaterThan(50);
    const { events } = await open(p.urls.stream);
    const outputs = (await events).filter((e) => e.event === 'output').map((e) => e.data);
    const done = await pollUntilDone(slow, p.id);
    expect(outputs).toEqual(done.output);
  } finally {
    await slow.close();
  }
});

it('replays a finished stream whole, and resumes after Last-Event-ID', async () => {
  const p = await create(server);
  const done = await pollUntilDone(server, p.id);
  const { events } = await open(p.urls.stream);
  const all = await events;
  expect(all.filter((e) => e.event === 'output').map((e) => e.data)).toEqual(done.output);
  const resumed = await (await open(p.urls.stream, { 'Last-Event-ID': all[99].id! })).events;
  expect(resumed[0].id).toBe(all[100].id);
  expect(resumed.filter((e) => e.event === 'output').map((e) => e.data)).toEqual(done.output.slice(100));
});

it('ends with an error event (and done, reason error) when the prediction fails', async () => {
  server.faults.next(`POST ${CLAUDE}`, { kind: 'fail-prediction', error: 'Anthropic API overloaded' });
  const p = await create(server);
  const all = await (await open(p.urls.stream)).events;
  const failed = await pollUntilDone(server, p.id);
  expect(failed.status).toBe('failed');
  expect(failed.error).toBe('Anthropic API overloaded');
  const outputs = all.filter((e) => e.event === 'output');
  expect(outputs.length).toBeGreaterThan(0);
  expect(outputs.map((e) => e.data)).toEqual(failed.output);
  expect(all.slice(-2)).toMatchObject([
    { event: 'error', data: JSON.stringify({ detail: 'Anthropic API overloaded' }) },
    { event: 'done', data: JSON.stringify({ reason: 'error' }) },
  ]);
});

it('ends with done, reason canceled, when the prediction is canceled', async () => {
  const slow = await start({ latencyMs: 0, tokensPerSecond: 300 });
  try {
    const p = await create(slow);
    const { events } = await open(p.urls.stream);
    await pollUntil(slow, p.id, (now) => !['starting', 'processing'].includes(now.status) || now.output?.length > 0);
    await api(slow, 'POST', `/v1/predictions/${p.id}/cancel`);
    const all = await events;
    expect(all[all.length - 1]).toMatchObject({ event: 'done', data: '{"reason":"canceled"}' });
    expect(all.some((e) => e.event === 'error')).toBe(false);
  } finally {
    await slow.close();
  }
});

it('gives a language model a stream URL without stream: true too (the field is deprecated), and 404 for an unknown one', async () => {
  const p = await create(server, {}, false);
  expect(p.urls.stream).toBe(`${server.url}/streams/${p.id}`);
  const all = await (await open(p.urls.stream)).events;
  expect(all[all.length - 1].event).toBe('done');
  expect((await fetch(`${server.url}/streams/nosuchprediction`)).status).toBe(404);
});
