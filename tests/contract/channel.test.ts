import * as v from 'valibot';
import { createChannel, type RequestSpecs } from '../../shared/messages/channel';
import { pluginEvents, pluginRequests, uiEvents, uiRequests } from '../../shared/messages/contract';
import { loopback } from './loopback';

const specs = {
  echo: { payload: v.object({ text: v.string() }), result: v.object({ text: v.string() }) },
  bytes: { payload: v.object({ data: v.custom<Uint8Array>((x) => x instanceof Uint8Array) }), result: v.number() },
  boom: { payload: v.object({}), result: v.undefined() },
  slow: { payload: v.object({}), result: v.undefined() },
  lies: { payload: v.object({}), result: v.number() },
};
const none = {};

function pair(timeoutMs = 1000) {
  const wire = loopback();
  const server = createChannel({
    transport: wire.a,
    outgoing: none,
    incoming: specs,
    outgoingEvents: { tick: v.object({ n: v.number() }) },
    incomingEvents: none,
    handlers: {
      echo: ({ text }) => ({ text: text.toUpperCase() }),
      bytes: ({ data }) => data.reduce((a, b) => a + b, 0),
      boom: () => {
        const e = new Error('it broke');
        e.name = 'Broken';
        throw e;
      },
      slow: () => new Promise<undefined>(() => undefined),
      lies: () => 'not a number' as unknown as number,
    },
  });
  const client = createChannel({
    transport: wire.b,
    outgoing: specs,
    incoming: none,
    outgoingEvents: none,
    incomingEvents: { tick: v.object({ n: v.number() }) },
    handlers: {},
    timeoutMs,
  });
  return { server, client, wire };
}

describe('message channel', () => {
  it('answers a request with its handler result', async () => {
    const { client } = pair();
    await expect(client.request('echo', { text: 'hi' })).resolves.toEqual({ text: 'HI' });
  });

  it('carries image bytes as a Uint8Array, not a string', async () => {
    const { client, wire } = pair();
    await expect(client.request('bytes', { data: new Uint8Array([1, 2, 3]) })).resolves.toBe(6);
    const request = wire.sent.find((m) => m.kind === 'request' && m.name === 'bytes');
    expect((request as { payload: { data: unknown } }).payload.data).toBeInstanceOf(Uint8Array);
  });

  it('rejects with the handler error name and message', async () => {
    const { client } = pair();
    await expect(client.request('boom', {})).rejects.toMatchObject({ name: 'Broken', message: 'it broke' });
  });

  it('answers a request nobody handles with an error instead of silence', async () => {
    const wire = loopback();
    createChannel({ transport: wire.a, outgoing: none, incoming: none, outgoingEvents: none, incomingEvents: none, handlers: {} });
    const client = createChannel({
      transport: wire.b, outgoing: specs, incoming: none, outgoingEvents: none, incomingEvents: none, handlers: {},
    });
    await expect(client.request('echo', { text: 'x' })).rejects.toMatchObject({ name: 'UnknownRequest' });
  });

  it('rejects an invalid payload at the receiving side', async () => {
    const { client } = pair();
    await expect(client.request('echo', { text: 42 } as never)).rejects.toMatchObject({
      name: 'InvalidPayload',
      message: expect.stringContaining('text'),
    });
  });

  it('rejects a result that does not match its schema', async () => {
    const { client } = pair();
    await expect(client.request('lies', {})).rejects.toMatchObject({ name: 'InvalidResult' });
  });

  it('times out a request that never settles, exactly once', async () => {
    const { client } = pair(50);
    await expect(client.request('slow', {})).rejects.toMatchObject({ name: 'Timeout' });
  });

  it('delivers validated events to listeners and drops malformed ones', async () => {
    const { server, client } = pair();
    const seen: number[] = [];
    client.on('tick', ({ n }) => seen.push(n));
    server.emit('tick', { n: 1 });
    server.emit('tick', { n: 'two' } as never);
    server.emit('tick', { n: 3 });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([1, 3]);
  });

  it('settles pending requests when closed', async () => {
    const { client } = pair(5000);
    const pending = client.request('slow', {});
    client.close();
    await expect(pending).rejects.toMatchObject({ name: 'Closed' });
  });

  it('refuses new requests once closed instead of leaving them to time out', async () => {
    const { client } = pair(5000);
    client.close();
    await expect(client.request('echo', { text: 'x' })).rejects.toMatchObject({ name: 'Closed' });
  });

  it('drops an answer the other side can no longer receive, instead of an unhandled rejection', async () => {
    const strays: string[] = [];
    let release: (value: undefined) => void = () => undefined;
    let deliver: (message: unknown) => void = () => undefined;
    createChannel({
      transport: {
        send() {
          throw new ReferenceError('figma is not defined');
        },
        listen: (receive) => {
          deliver = receive;
          return () => undefined;
        },
      },
      outgoing: none,
      incoming: specs,
      outgoingEvents: none,
      incomingEvents: none,
      handlers: {
        echo: ({ text }) => ({ text }),
        bytes: () => 0,
        boom: () => undefined,
        slow: () => new Promise<undefined>((resolve) => (release = resolve)),
        lies: () => 1,
      },
      onStray: (_message, reason) => strays.push(reason),
    });
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      deliver({ kind: 'request', id: 1, name: 'slow', payload: {} });
      release(undefined);
      await new Promise((r) => setTimeout(r, 10));
      expect(strays).toEqual(['could not answer: figma is not defined']);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('ignores messages that are not envelopes', async () => {
    const wire = loopback();
    const strays: unknown[] = [];
    createChannel({
      transport: wire.a, outgoing: none, incoming: specs, outgoingEvents: none, incomingEvents: none,
      handlers: { echo: ({ text }) => ({ text }), bytes: () => 0, boom: () => undefined, slow: () => undefined, lies: () => 1 },
      onStray: (m) => strays.push(m),
    });
    wire.b.send({ type: 'legacy' } as never);
    await new Promise((r) => setTimeout(r, 10));
    expect(strays).toHaveLength(1);
  });
});

describe('the plugin contract', () => {
  it('declares a result schema for every request both ways', () => {
    const specs: RequestSpecs[] = [pluginRequests, uiRequests];
    for (const spec of specs.flatMap((s) => Object.values(s))) {
      expect(spec.payload).toBeDefined();
      expect(spec.result).toBeDefined();
    }
    expect(Object.keys(pluginEvents)).toEqual(expect.arrayContaining(['selectionChanged', 'regenerate']));
    expect(Object.keys(uiEvents)).toContain('ready');
  });

  it('rejects placeImages bytes sent as a base64 string', () => {
    const result = v.safeParse(pluginRequests.placeImages.payload, {
      runId: 'r',
      items: [{
        kind: 'image', nodeId: '1:2', bytes: 'iVBORw0KGgo=', width: 10, height: 10, name: 'x',
        recipe: { v: 1, tool: 'generate', model: 'a/b', prompt: 'p', input: {}, outputIndex: 0, predictionId: 'p', createdAt: 'now' },
      }],
    });
    expect(result.success).toBe(false);
  });
});
