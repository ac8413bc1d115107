import { createFigmaFake } from '../fakes/figma';

describe('figma.ui messaging', () => {
  it('controller -> UI: cloned, asynchronous, Uint8Array survives', async () => {
    const fake = createFigmaFake();
    const { figma } = fake;
    figma.showUI('<html></html>', { width: 320, height: 480, themeColors: true, visible: false });
    expect(fake.ui.visible).toBe(false);
    expect(fake.showUICalls[0].options).toMatchObject({ width: 320, themeColors: true });
    const received: unknown[] = [];
    fake.ui.onMessage((m) => received.push(m));
    const payload = { type: 'bytes', bytes: new Uint8Array([1, 2, 3]), nested: { a: [1] } };
    figma.ui.postMessage(payload);
    expect(received).toEqual([]); // not synchronous
    payload.nested.a.push(2); // later changes do not leak through
    await fake.settle();
    expect(received).toEqual([{ type: 'bytes', bytes: new Uint8Array([1, 2, 3]), nested: { a: [1] } }]);
    expect((received[0] as { bytes: unknown }).bytes).toBeInstanceOf(Uint8Array);
    expect(() => figma.ui.postMessage({ f: () => 1 })).toThrow();
  });

  it('messages posted before the iframe listens are delivered once it does', async () => {
    const fake = createFigmaFake();
    fake.figma.showUI(__filename);
    fake.figma.ui.postMessage('early');
    const got: unknown[] = [];
    fake.ui.onMessage((m) => got.push(m));
    await fake.settle();
    expect(got).toEqual(['early']);
  });

  it('UI -> controller: onmessage and on/once listeners, cloned and asynchronous', async () => {
    const fake = createFigmaFake();
    const { figma } = fake;
    figma.showUI('<html></html>');
    const viaProperty = jest.fn();
    const viaOn = jest.fn();
    const viaOnce = jest.fn();
    figma.ui.onmessage = viaProperty;
    figma.ui.on('message', viaOn);
    figma.ui.once('message', viaOnce);
    const msg = { type: 'generate', bytes: new Uint8Array([9]) };
    fake.ui.post(msg);
    expect(viaProperty).not.toHaveBeenCalled();
    await fake.settle();
    expect(viaProperty).toHaveBeenCalledWith(msg, { origin: 'null' });
    expect(viaProperty.mock.calls[0][0]).not.toBe(msg);
    expect(viaOn).toHaveBeenCalledTimes(1);
    fake.ui.post('again');
    await fake.settle();
    expect(viaOn).toHaveBeenCalledTimes(2);
    expect(viaOnce).toHaveBeenCalledTimes(1);
    figma.ui.off('message', viaOn);
    fake.ui.post('third');
    await fake.settle();
    expect(viaOn).toHaveBeenCalledTimes(2);
  });

  it('after the plugin closes, messages either way are dropped and recorded', async () => {
    const fake = createFigmaFake();
    const { figma } = fake;
    figma.showUI('<html></html>');
    const onClose = jest.fn();
    figma.on('close', onClose);
    const handler = jest.fn();
    figma.ui.onmessage = handler;
    fake.close();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(fake.closed).toBe(true);
    figma.ui.postMessage('late');
    fake.ui.post('late too');
    await fake.settle();
    expect(handler).not.toHaveBeenCalled();
    expect(fake.ui.dropped.map((d) => d.direction)).toEqual(['toUi', 'fromUi']);
  });

  it('show, hide, resize', () => {
    const fake = createFigmaFake();
    fake.figma.showUI('<html></html>', { visible: false });
    fake.figma.ui.show();
    expect(fake.ui.visible).toBe(true);
    fake.figma.ui.hide();
    expect(fake.ui.visible).toBe(false);
    fake.figma.ui.resize(400, 600);
    expect([fake.ui.width, fake.ui.height]).toEqual([400, 600]);
  });
});
