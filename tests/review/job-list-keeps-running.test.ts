import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPanelModel } from '../../ui/state/panel-model';
import type { PluginChannel } from '../../ui/plugin-channel';

// The panel model only needs signals; @preact/signals pulls in Preact's ESM-only build.
jest.mock('@preact/signals', () => jest.requireActual('@preact/signals-core'));

/**
 * The panel shows the last few jobs. A job still running must never drop out of that list:
 * it would take its progress and the Cancel button (shown while any listed job runs) with it.
 */
const MODEL_SCHEMA = { components: { schemas: { Input: { properties: { prompt: { type: 'string' } } } } } };
let server: Server;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

it('keeps a running job (and Cancel) in view after six newer jobs end', async () => {
  // A relay that takes its time: the slow job waits on it for as long as the test needs.
  server = createServer((request, response) => {
    const json = (body: unknown) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/health') json({ ok: true });
    else if (request.method === 'GET') json({ latest_version: { id: 'v1', openapi_schema: MODEL_SCHEMA } });
    // Creating the prediction hangs until the test ends.
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answers: Record<string, unknown> = {
    loadSettings: { token: 'r8_test', relayUrl },
    startRun: { targets: [{ nodeId: '1:1', width: 100, height: 100, kind: 'placeholder' }] },
  };
  const stub = {
    request: (name: string) => (name in answers ? Promise.resolve(answers[name]) : Promise.resolve(undefined)),
    emit: () => undefined,
    on: () => () => undefined,
    close: () => undefined,
  } as unknown as PluginChannel;
  const model = createPanelModel(stub);
  await model.loadSettings();

  model.prompt.value = 'a slow upscale';
  model.generate();
  await new Promise((r) => setTimeout(r, 20));
  const slow = model.jobs.value[0].id;
  expect(model.jobs.value[0].phase).toBe('running');
  model.prompt.value = '';
  for (let i = 0; i < 6; i++) model.generate(); // each ends at once: "Type a prompt first."
  await new Promise((r) => setTimeout(r, 20));

  expect(model.jobs.value.map((j) => j.id)).toContain(slow);
  expect(model.running.value).toBe(true);
  model.cancelAll();
});
