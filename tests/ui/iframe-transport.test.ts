import { iframeTransport } from '../../ui/plugin-channel';

function fakeWindows() {
  const posted: { message: unknown; origin: string; transfer?: Transferable[] }[] = [];
  const target = { postMessage: (message: unknown, origin: string, transfer?: Transferable[]) => posted.push({ message, origin, transfer }) };
  const source = { addEventListener: () => undefined, removeEventListener: () => undefined };
  return { posted, transport: iframeTransport(target as unknown as Window, source as unknown as Window) };
}

describe('the panel’s end of Figma messaging', () => {
  it('wraps messages in {pluginMessage} and hands image bytes over instead of copying them', () => {
    const { posted, transport } = fakeWindows();
    const bytes = new Uint8Array([1, 2, 3]);
    transport.send({ kind: 'request', id: 1, name: 'exportSource', payload: { bytes, name: 'x' } });
    expect(posted[0].message).toEqual({ pluginMessage: { kind: 'request', id: 1, name: 'exportSource', payload: { bytes, name: 'x' } } });
    expect(posted[0].origin).toBe('*');
    expect(posted[0].transfer).toEqual([bytes.buffer]);
  });

  it('hands over every output of a prediction placed in one message', () => {
    const { posted, transport } = fakeWindows();
    const items = [1, 2, 3, 4].map((n) => ({ kind: 'image', bytes: new Uint8Array([n]), name: `v${n}` }));
    transport.send({ kind: 'request', id: 3, name: 'placeImages', payload: { runId: 'r', items } });
    expect(posted[0].transfer).toEqual(items.map((i) => i.bytes.buffer));
  });

  it('never transfers a buffer that other data shares (a view into a larger buffer)', () => {
    const { posted, transport } = fakeWindows();
    const view = new Uint8Array(new ArrayBuffer(16), 4, 4);
    transport.send({ kind: 'request', id: 2, name: 'placeImages', payload: { items: [{ bytes: view }] } });
    transport.send({ kind: 'event', name: 'ready', payload: {} });
    expect(posted.map((p) => p.transfer)).toEqual([[], []]);
  });
});
