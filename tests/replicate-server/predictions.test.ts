import sharp from 'sharp';
import { DEADLINE_ERROR, NSFW_ERROR, OOM_ERROR, type FakeReplicate } from '../fakes/replicate';
import { api, pollUntilDone, start } from './helpers';

let server: FakeReplicate;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

async function download(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, meta: await sharp(bytes).metadata() };
}

describe('create and poll', () => {
  it('returns starting at once without Prefer, then succeeds', async () => {
    // Long enough that a poll lands in `processing` (from a quarter of the run time on) on a busy machine.
    server.setLatency('black-forest-labs/flux-schnell', 1000);
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', {
      input: { prompt: 'a lighthouse at dusk', num_outputs: 2, seed: 7 },
    });
    server.setLatency('*', 120);
    expect(r.status).toBe(201);
    const p = r.json;
    expect(p).toMatchObject({
      model: 'black-forest-labs/flux-schnell',
      status: 'starting',
      output: null,
      error: null,
      data_removed: false,
      input: { prompt: 'a lighthouse at dusk', num_outputs: 2, seed: 7 },
    });
    expect(p.id).toMatch(/^[a-z0-9]{26}$/);
    expect(p.urls.get).toBe(`${server.url}/v1/predictions/${p.id}`);
    expect(p.urls.cancel).toBe(`${server.url}/v1/predictions/${p.id}/cancel`);
    expect(p.version).toMatch(/^[0-9a-f]{64}$/);
    const statuses = new Set<string>();
    let done: any;
    for (;;) {
      done = (await api(server, 'GET', `/v1/predictions/${p.id}`)).json;
      statuses.add(done.status);
      if (!['starting', 'processing'].includes(done.status)) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    expect(statuses).toContain('processing');
    expect(done.status).toBe('succeeded');
    expect(done.output).toHaveLength(2);
    expect(done.output[0]).toBe(`${server.url}/delivery/${p.id}/out-0.webp`);
    expect(done.logs).toContain('Using seed: 7');
    expect(done.metrics.predict_time).toBeGreaterThanOrEqual(0);
    expect(done.started_at).toBeTruthy();
    expect(done.completed_at).toBeTruthy();
    const { meta, res } = await download(done.output[1]);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(server.predictions.get(p.id)!.status).toBe('succeeded');
  });

  it('Prefer: wait holds the response until the prediction is done', async () => {
    const r = await api(
      server,
      'POST',
      '/v1/models/black-forest-labs/flux-schnell/predictions',
      { input: { prompt: 'a cat', aspect_ratio: '16:9', output_format: 'png' } },
      { prefer: 'wait' },
    );
    expect(r.status).toBe(201);
    expect(r.json.status).toBe('succeeded');
    expect(r.json.logs).toMatch(/Using seed: \d+/);
    const { meta, res } = await download(r.json.output[0]);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(meta).toMatchObject({ format: 'png', width: 336, height: 192 });
    expect(server.predictions.get(r.json.id)!.sync).toBe(true);
  });

  it('Prefer: wait=n returns the unfinished prediction after n seconds', async () => {
    server.setLatency('black-forest-labs/flux-dev', 1600);
    try {
      const t0 = Date.now();
      const r = await api(
        server,
        'POST',
        '/v1/models/black-forest-labs/flux-dev/predictions',
        { input: { prompt: 'slow' } },
        { prefer: 'wait=1' },
      );
      expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
      expect(r.json.status).toBe('processing');
      await api(server, 'POST', `/v1/predictions/${r.json.id}/cancel`);
    } finally {
      server.setLatency('black-forest-labs/flux-dev', 120);
    }
  });

  it('rejects a malformed Prefer header with 400', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'x' } }, { prefer: 'wait=61' });
    expect(r.status).toBe(400);
  });

  it('creates via /v1/predictions with a version id or owner/name:id', async () => {
    const m = (await api(server, 'GET', '/v1/models/stability-ai/sdxl')).json;
    const r1 = await api(server, 'POST', '/v1/predictions', { version: m.latest_version.id, input: { prompt: 'x', width: 512, height: 768 } }, { prefer: 'wait' });
    expect(r1.json.model).toBe('stability-ai/sdxl');
    const { meta } = await download(r1.json.output[0]);
    expect(meta).toMatchObject({ format: 'png', width: 128, height: 192 });
    const r2 = await api(server, 'POST', '/v1/predictions', { version: `stability-ai/sdxl:${m.latest_version.id}`, input: { prompt: 'x' } });
    expect(r2.status).toBe(201);
    const bad = await api(server, 'POST', '/v1/predictions', { version: 'f'.repeat(64), input: {} });
    expect(bad.status).toBe(422);
  });

  it('single-output models return a string; jpg maps to JPEG', async () => {
    const r = await api(
      server,
      'POST',
      '/v1/models/black-forest-labs/flux-1.1-pro/predictions',
      { input: { prompt: 'a hill', aspect_ratio: 'custom', width: 1024, height: 512, output_format: 'jpg' } },
      { prefer: 'wait' },
    );
    expect(typeof r.json.output).toBe('string');
    expect(r.json.output).toMatch(/out-0\.jpg$/);
    const { meta, res } = await download(r.json.output);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(meta).toMatchObject({ format: 'jpeg', width: 256, height: 128 });
    const head = await fetch(r.json.output, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('image/jpeg');
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
  });

  it('recraft returns an SVG file', async () => {
    const r = await api(server, 'POST', '/v1/models/recraft-ai/recraft-v3-svg/predictions', { input: { prompt: 'a fox logo' } }, { prefer: 'wait' });
    const res = await fetch(r.json.output);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('is deterministic for prompt + seed', async () => {
    const body = { input: { prompt: 'same', seed: 42, output_format: 'png' } };
    const a = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', body, { prefer: 'wait' });
    const b = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', body, { prefer: 'wait' });
    const [x, y] = await Promise.all([download(a.json.output[0]), download(b.json.output[0])]);
    expect(x.bytes.equals(y.bytes)).toBe(true);
  });

  it('records inputs the schema does not know', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'x', bogus: 1 } });
    expect(r.status).toBe(201);
    expect(server.predictions.get(r.json.id)!.ignoredInputs).toEqual(['bogus']);
  });
});

describe('validation', () => {
  it('422 names the out-of-range field', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'x', num_outputs: 5 } });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.json).toMatchObject({ title: 'Input validation failed', status: 422 });
    expect(r.json.invalid_fields).toEqual([
      { type: 'number_lte', field: 'input.num_outputs', description: 'Must be less than or equal to 4' },
    ]);
    expect(r.json.detail).toContain('input.num_outputs');
  });

  it('checks enums via $ref, types, required fields and multipleOf', async () => {
    const e = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'x', aspect_ratio: '7:3' } });
    expect(e.json.invalid_fields[0]).toMatchObject({ type: 'enum', field: 'input.aspect_ratio' });
    const t = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'x', num_outputs: 1.5 } });
    expect(t.json.invalid_fields[0]).toMatchObject({ type: 'invalid_type', field: 'input.num_outputs' });
    const q = await api(server, 'POST', '/v1/models/acme/needs-style/predictions', { input: { prompt: 'x' } });
    expect(q.status).toBe(422);
    expect(q.json.invalid_fields).toEqual([{ type: 'required', field: 'input', description: 'style_reference is required' }]);
    const m = await api(server, 'POST', '/v1/models/stability-ai/sdxl/predictions', { input: { width: 500 } });
    expect(m.json.invalid_fields[0]).toMatchObject({ type: 'multiple_of', field: 'input.width' });
    const none = await api(server, 'POST', '/v1/models/stability-ai/sdxl/predictions', {});
    expect(none.status).toBe(422);
  });
});

describe('lifecycle endings', () => {
  it('cancel', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'x' } });
    const c = await api(server, 'POST', `/v1/predictions/${r.json.id}/cancel`);
    expect(c.status).toBe(200);
    expect(c.json.status).toBe('canceled');
    await new Promise((res) => setTimeout(res, 200));
    expect((await api(server, 'GET', `/v1/predictions/${r.json.id}`)).json.status).toBe('canceled');
  });

  it('safety filter fails with the NSFW error', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'something FORBIDDEN' } });
    const done = await pollUntilDone(server, r.json.id);
    expect(done).toMatchObject({ status: 'failed', error: NSFW_ERROR, output: null });
  });

  it('"fewer" returns one output even when more were asked', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'fewer cats', num_outputs: 3 } }, { prefer: 'wait' });
    expect(r.json.status).toBe('succeeded');
    expect(r.json.output).toHaveLength(1);
  });

  it('"explode" fails with a model error', async () => {
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'explode' } }, { prefer: 'wait' });
    expect(r.json).toMatchObject({ status: 'failed', error: OOM_ERROR });
  });

  it('Cancel-After aborts a prediction that outlives its deadline', async () => {
    server.setLatency('black-forest-labs/flux-dev', 2000);
    try {
      const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-dev/predictions', { input: { prompt: 'x' } }, { 'cancel-after': '0.2s', prefer: 'wait=5' });
      expect(r.json.status).toBe('aborted');
      expect(r.json.error).toBe(DEADLINE_ERROR);
    } finally {
      server.setLatency('black-forest-labs/flux-dev', 120);
    }
    const bad = await api(server, 'POST', '/v1/models/black-forest-labs/flux-dev/predictions', { input: { prompt: 'x' } }, { 'cancel-after': 'soon' });
    expect(bad.status).toBe(400);
  });
});
