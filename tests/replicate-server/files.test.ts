import { request } from 'node:http';
import sharp from 'sharp';
import type { FakeReplicate } from '../fakes/replicate';
import { api, start, TOKEN } from './helpers';

let server: FakeReplicate;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

async function pngBytes(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366cc' } }).png().toBuffer();
}

async function upload(bytes: Buffer, name = 'in.png', type = 'image/png') {
  const form = new FormData();
  form.append('content', new Blob([new Uint8Array(bytes)], { type }), name);
  form.append('metadata', JSON.stringify({ purpose: 'test' }));
  const res = await fetch(`${server.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
  return { status: res.status, json: (await res.json()) as any };
}

describe('files', () => {
  it('uploads, describes, downloads and deletes', async () => {
    const bytes = await pngBytes(40, 30);
    const up = await upload(bytes);
    expect(up.status).toBe(201);
    expect(up.json).toMatchObject({ name: 'in.png', content_type: 'image/png', size: bytes.length, metadata: { purpose: 'test' } });
    expect(up.json.checksums.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(up.json.urls.get).toBe(`${server.url}/v1/files/${up.json.id}/download`);
    expect(Date.parse(up.json.expires_at) - Date.parse(up.json.created_at)).toBe(24 * 3600 * 1000);
    const got = await api(server, 'GET', `/v1/files/${up.json.id}`);
    expect(got.json.id).toBe(up.json.id);
    const dl = await fetch(up.json.urls.get);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await dl.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await api(server, 'DELETE', `/v1/files/${up.json.id}`)).status).toBe(204);
    expect((await fetch(up.json.urls.get)).status).toBe(404);
  });

  it('rejects a body without content and needs a token', async () => {
    const form = new FormData();
    form.append('other', 'x');
    const res = await fetch(`${server.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    expect(res.status).toBe(400);
    const anon = await fetch(`${server.url}/v1/files`, { method: 'POST', body: new FormData() });
    expect(anon.status).toBe(401);
  });

  it('413 above 100 MiB (answered from Content-Length, before the body arrives)', async () => {
    const { hostname, port } = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        hostname,
        port,
        method: 'POST',
        path: '/v1/files',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'multipart/form-data; boundary=xyz',
          'content-length': String(110 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024));
    });
    expect(status).toBe(413);
  });
});

describe('image-input models', () => {
  it('upscaler: uploaded file x scale', async () => {
    const up = await upload(await pngBytes(50, 40));
    const r = await api(server, 'POST', '/v1/models/nightmareai/real-esrgan/predictions', { input: { image: up.json.urls.get, scale: 2 } }, { prefer: 'wait' });
    expect(r.json.status).toBe('succeeded');
    const meta = await sharp(Buffer.from(await (await fetch(r.json.output)).arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 100, height: 80 });
  });

  it('background remover: data URL in, PNG with alpha out', async () => {
    const dataUrl = `data:image/png;base64,${(await pngBytes(64, 48)).toString('base64')}`;
    const r = await api(server, 'POST', '/v1/models/851-labs/background-remover/predictions', { input: { image: dataUrl } }, { prefer: 'wait' });
    expect(r.json.status).toBe('succeeded');
    const bytes = Buffer.from(await (await fetch(r.json.output)).arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 64, height: 48, hasAlpha: true });
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBe(0); // corner is transparent
    const centre = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * 4;
    expect(data[centre + 3]).toBe(255);
  });

  it('kontext matches the input image size; a previous output can be the input', async () => {
    const gen = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'base', aspect_ratio: '3:2', output_format: 'png' } }, { prefer: 'wait' });
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-kontext-pro/predictions', { input: { prompt: 'make it night', input_image: gen.json.output[0] } }, { prefer: 'wait' });
    expect(r.json.status).toBe('succeeded');
    const meta = await sharp(Buffer.from(await (await fetch(r.json.output)).arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 304, height: 208 });
  });

  it('fill-pro needs image; an unreachable image fails the prediction', async () => {
    const missing = await api(server, 'POST', '/v1/models/black-forest-labs/flux-fill-pro/predictions', { input: { prompt: 'x' } });
    expect(missing.json.invalid_fields).toEqual([{ type: 'required', field: 'input', description: 'image is required' }]);
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-fill-pro/predictions', { input: { prompt: 'x', image: `${server.url}/v1/files/nope/download` } }, { prefer: 'wait' });
    expect(r.json.status).toBe('failed');
    expect(r.json.error).toMatch(/Failed to download input file image/);
  });
});

describe('trainings', () => {
  it('creates and gets a training', async () => {
    const m = (await api(server, 'GET', '/v1/models/stability-ai/sdxl')).json;
    expect((await api(server, 'POST', '/v1/models', { owner: 'test', name: 'my-sdxl', visibility: 'private', hardware: 'gpu-t4' })).status).toBe(201);
    const t = await api(server, 'POST', `/v1/models/stability-ai/sdxl/versions/${m.latest_version.id}/trainings`, { destination: 'test/my-sdxl', input: { input_images: 'https://example.com/x.zip' } });
    expect(t.status).toBe(201);
    expect(t.json).toMatchObject({ model: 'stability-ai/sdxl', version: m.latest_version.id, status: 'starting', logs: '', error: null });
    expect(t.json.urls.get).toBe(`${server.url}/v1/trainings/${t.json.id}`);
    const g = await api(server, 'GET', `/v1/trainings/${t.json.id}`);
    expect(g.json.id).toBe(t.json.id);
  });
});
