import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPanelModel } from '../../ui/state/panel-model';
import type { PluginChannel } from '../../ui/plugin-channel';
import { waitFor } from '../support/rig';

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
  let placing = true;
  const stub = {
    request: (name: string) => {
      // Once the slow job is placed, every newer run fails at once: the canvas refuses its placeholders.
      if (name === 'startRun' && !placing) return Promise.reject(new Error('The selected frame was deleted.'));
      return name in answers ? Promise.resolve(answers[name]) : Promise.resolve(undefined);
    },
    emit: () => undefined,
    on: () => () => undefined,
    close: () => undefined,
  } as unknown as PluginChannel;
  const model = createPanelModel(stub);
  await model.loadSettings();

  model.prompt.value = 'a slow upscale';
  model.generate();
  // The job is listed once its model's schema has been read: on a loaded machine that takes a while.
  await waitFor(() => model.jobs.value[0]?.phase === 'running');
  const slow = model.jobs.value[0].id;
  expect(model.jobs.value[0].phase).toBe('running');
  placing = false;
  for (let i = 0; i < 6; i++) {
    model.prompt.value = `a quick run ${i}`; // distinct inputs: not a double-click
    model.generate();
    await waitFor(() => model.jobs.value.filter((j) => j.id !== slow).length > i && !model.jobs.value.some((j) => j.id !== slow && j.phase !== 'failed'));
  }

  expect(model.jobs.value.map((j) => j.id)).toContain(slow);
  expect(model.running.value).toBe(true);
  model.cancelAll();
});
