import sharp from 'sharp';
import { zipSync } from 'fflate';
import type { FakeReplicate } from '../fakes/replicate';
import { api, AUTH, start } from './helpers';

let server: FakeReplicate;
afterEach(async () => server?.close());

/** A training zip: `count` flat-coloured PNGs with a caption each. */
async function trainingZip(colours: string[], caption = (i: number) => `a poster, in the style of TOK_ACME ${i}`): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const [i, colour] of colours.entries()) {
    files[`${i}.png`] = new Uint8Array(await sharp({ create: { width: 64, height: 64, channels: 3, background: colour } }).png().toBuffer());
    files[`${i}.txt`] = new TextEncoder().encode(caption(i));
  }
  return zipSync(files, { level: 0 });
}

async function upload(zip: Uint8Array): Promise<string> {
  const form = new FormData();
  form.append('content', new Blob([zip as BlobPart], { type: 'application/zip' }), 'training.zip');
  const res = await fetch(`${server.url}/v1/files`, { method: 'POST', headers: { authorization: AUTH.authorization }, body: form });
  return ((await res.json()) as { urls: { get: string } }).urls.get;
}

async function trainer(name = 'replicate/fast-flux-trainer') {
  return (await api(server, 'GET', `/v1/models/${name}`)).json;
}

async function until<T>(read: () => Promise<T>, done: (t: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('destination models', () => {
  it('creates a private model on the account, with no version yet, and refuses a taken name with 409', async () => {
    server = await start();
    expect((await api(server, 'GET', '/v1/account')).json.username).toBe('test');
    const made = await api(server, 'POST', '/v1/models', { owner: 'test', name: 'acme-style', visibility: 'private', hardware: 'gpu-t4', description: 'Our style' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ owner: 'test', name: 'acme-style', visibility: 'private', latest_version: null, run_count: 0 });
    expect((await api(server, 'GET', '/v1/models/test/acme-style')).json.latest_version).toBeNull();
    const again = await api(server, 'POST', '/v1/models', { owner: 'test', name: 'acme-style', visibility: 'private', hardware: 'gpu-t4' });
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(/already exists/);
    expect((await api(server, 'POST', '/v1/models', { owner: 'someone-else', name: 'x', visibility: 'private', hardware: 'gpu-t4' })).status).toBe(403);
    expect((await api(server, 'POST', '/v1/models', { owner: 'test', name: 'x' })).status).toBe(422);
  });
});

describe('trainings', () => {
  it('declares its training inputs in the trainer version schema', async () => {
    server = await start();
    const t = await trainer();
    const inputs = t.latest_version.openapi_schema.components.schemas.TrainingInput.properties;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['input_images', 'trigger_word', 'training_steps']));
  });

  it('refuses a destination that does not exist, and an account without credit (402)', async () => {
    server = await start({ noCreditTokens: ['r8_broke'] });
    const t = await trainer();
    const path = `/v1/models/replicate/fast-flux-trainer/versions/${t.latest_version.id}/trainings`;
    expect((await api(server, 'POST', path, { destination: 'test/nope', input: { input_images: 'x' } })).status).toBe(404);
    const broke = await api(server, 'POST', path, { destination: 'test/nope', input: {} }, { authorization: 'Bearer r8_broke' });
    expect(broke.status).toBe(402);
  });

  it('goes starting -> processing with growing logs -> succeeded, and the trained version takes the pictures colours', async () => {
    server = await start({ latencyMs: 150 });
    const url = await upload(await trainingZip(['#d01c1c', '#d01c1c', '#f5e642', '#d01c1c', '#f5e642']));
    await api(server, 'POST', '/v1/models', { owner: 'test', name: 'red-style', visibility: 'private', hardware: 'gpu-t4' });
    const t = await trainer();
    const created = await api(server, 'POST', `/v1/models/replicate/fast-flux-trainer/versions/${t.latest_version.id}/trainings`, {
      destination: 'test/red-style',
      input: { input_images: url, trigger_word: 'TOK_ACME', training_steps: 900 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'starting', logs: '', output: null, model: 'replicate/fast-flux-trainer' });
    const seen: string[] = [];
    const logs: number[] = [];
    const done = await until(
      async () => (await api(server, 'GET', `/v1/trainings/${created.json.id}`)).json,
      (j) => {
        seen.push(j.status);
        logs.push(j.logs.length);
        return j.status === 'succeeded';
      },
    );
    expect(seen).toContain('processing');
    expect(new Set(logs).size).toBeGreaterThan(3);
    expect(done.logs).toMatch(/Extracted 5 images, 5 captions/);
    expect(done.logs).toMatch(/900\/900|800\/900/);
    expect(done.metrics.predict_time).toBeGreaterThan(0);
    const [model, version] = done.output.version.split(':');
    expect(model).toBe('test/red-style');
    const style = (await api(server, 'GET', '/v1/models/test/red-style')).json;
    expect(style.latest_version.id).toBe(version);
    expect(Object.keys(style.latest_version.openapi_schema.components.schemas.Input.properties)).toEqual(
      expect.arrayContaining(['prompt', 'lora_scale', 'extra_lora', 'aspect_ratio', 'num_outputs', 'seed']),
    );

    // The style's picture against the same request with the style off (lora_scale 0).
    const run = async (scale: number) => {
      const p = await api(server, 'POST', '/v1/predictions', { version, input: { prompt: 'a lighthouse, in the style of TOK_ACME', seed: 7, lora_scale: scale, output_format: 'png' } }, { prefer: 'wait=5' });
      expect(p.json.status).toBe('succeeded');
      const bytes = Buffer.from(await (await fetch(p.json.output[0])).arrayBuffer());
      return sharp(bytes).stats();
    };
    const styled = await run(1);
    const plain = await run(0);
    const redness = (s: sharp.Stats) => s.channels[0].mean - s.channels[2].mean;
    expect(redness(styled)).toBeGreaterThan(redness(plain) + 40);
  });

  it('cancels a running training', async () => {
    server = await start({ latencyMs: 2000 });
    const url = await upload(await trainingZip(['#112233', '#445566', '#778899', '#aabbcc', '#ddeeff']));
    await api(server, 'POST', '/v1/models', { owner: 'test', name: 'c', visibility: 'private', hardware: 'gpu-t4' });
    const t = await trainer();
    const created = await api(server, 'POST', `/v1/models/replicate/fast-flux-trainer/versions/${t.latest_version.id}/trainings`, { destination: 'test/c', input: { input_images: url } });
    const canceled = await api(server, 'POST', `/v1/trainings/${created.json.id}/cancel`);
    expect(canceled.json.status).toBe('canceled');
    await new Promise((r) => setTimeout(r, 300));
    expect((await api(server, 'GET', `/v1/trainings/${created.json.id}`)).json.status).toBe('canceled');
    expect((await api(server, 'GET', '/v1/models/test/c')).json.latest_version).toBeNull();
  });

  it('fails with the trainer log when the zip holds no images, or when it runs out of memory', async () => {
    server = await start({ latencyMs: 150 });
    await api(server, 'POST', '/v1/models', { owner: 'test', name: 'f', visibility: 'private', hardware: 'gpu-t4' });
    const t = await trainer('ostris/flux-dev-lora-trainer');
    const path = `/v1/models/ostris/flux-dev-lora-trainer/versions/${t.latest_version.id}/trainings`;
    const empty = await api(server, 'POST', path, { destination: 'test/f', input: { input_images: await upload(zipSync({ 'a.txt': new Uint8Array([65]) })) } });
    const failed = await until(async () => (await api(server, 'GET', `/v1/trainings/${empty.json.id}`)).json, (j) => j.status !== 'starting' && j.status !== 'processing');
    expect(failed).toMatchObject({ status: 'failed', error: 'No images found in input_images' });
    expect(failed.logs).toMatch(/ValueError: No images found/);

    const zip = await trainingZip(['#111111', '#222222', '#333333', '#444444', '#555555'], () => 'explode');
    const oom = await api(server, 'POST', path, { destination: 'test/f', input: { input_images: await upload(zip), steps: 500 } });
    const ended = await until(async () => (await api(server, 'GET', `/v1/trainings/${oom.json.id}`)).json, (j) => j.status !== 'starting' && j.status !== 'processing');
    expect(ended.status).toBe('failed');
    expect(ended.logs).toMatch(/OutOfMemoryError/);
  });
});
