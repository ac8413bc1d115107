import type { FakeReplicate } from '../fakes/replicate';
import { api, start, TOKEN } from './helpers';

let server: FakeReplicate;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

describe('auth', () => {
  it('answers 401 problem+json without a token', async () => {
    const res = await fetch(`${server.url}/v1/account`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toEqual({
      title: 'Unauthenticated',
      detail: 'You did not pass a valid authentication token',
      status: 401,
    });
  });

  it('answers 401 for an unknown token', async () => {
    const r = await api(server, 'GET', '/v1/account', undefined, { authorization: 'Bearer r8_nope' });
    expect(r.status).toBe(401);
  });

  it('accepts Bearer and Token schemes and records the raw header', async () => {
    expect((await api(server, 'GET', '/v1/account')).json).toEqual(expect.objectContaining({ type: 'user', username: 'test', name: 'Test' }));
    const r = await api(server, 'GET', '/v1/account', undefined, { authorization: `Token ${TOKEN}` });
    expect(r.status).toBe(200);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Token ${TOKEN}`);
  });

  it('acceptAnyToken takes any r8_ token', async () => {
    const demo = await start({ acceptAnyToken: true });
    try {
      expect((await api(demo, 'GET', '/v1/account', undefined, { authorization: 'Bearer r8_whatever' })).status).toBe(200);
      expect((await api(demo, 'GET', '/v1/account', undefined, { authorization: 'Bearer sk_whatever' })).status).toBe(401);
    } finally {
      await demo.close();
    }
  });
});

describe('models', () => {
  it('returns a cog-style schema for flux-schnell', async () => {
    const r = await api(server, 'GET', '/v1/models/black-forest-labs/flux-schnell');
    expect(r.status).toBe(200);
    const m = r.json;
    expect(m).toMatchObject({ owner: 'black-forest-labs', name: 'flux-schnell', visibility: 'public' });
    expect(m.latest_version.id).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof m.latest_version.created_at).toBe('string');
    expect(typeof m.latest_version.cog_version).toBe('string');
    const schemas = m.latest_version.openapi_schema.components.schemas;
    const input = schemas.Input;
    expect(input.required).toEqual(['prompt']);
    expect(input.properties.prompt).toMatchObject({ type: 'string', title: 'Prompt', 'x-order': 0 });
    expect(input.properties.num_outputs).toMatchObject({ type: 'integer', minimum: 1, maximum: 4, default: 1 });
    expect(input.properties.aspect_ratio.allOf).toEqual([{ $ref: '#/components/schemas/aspect_ratio' }]);
    expect(input.properties.aspect_ratio.default).toBe('1:1');
    expect(schemas.aspect_ratio).toMatchObject({ type: 'string', title: 'aspect_ratio' });
    expect(schemas.aspect_ratio.enum).toContain('16:9');
    expect(schemas.output_format.enum).toEqual(['webp', 'jpg', 'png']);
    expect(input.properties.output_format.default).toBe('webp');
    expect(schemas.Output).toEqual({ type: 'array', items: { type: 'string', format: 'uri' }, title: 'Output' });
  });

  it('single-output models declare a uri string', async () => {
    const r = await api(server, 'GET', '/v1/models/black-forest-labs/flux-1.1-pro');
    const s = r.json.latest_version.openapi_schema.components.schemas;
    expect(s.Output).toMatchObject({ type: 'string', format: 'uri' });
    expect(s.Input.properties.num_outputs).toBeUndefined();
    expect(s.Input.properties.width).toMatchObject({ minimum: 256, maximum: 1440 });
  });

  it('a model with a required field no adapter can guess', async () => {
    const r = await api(server, 'GET', '/v1/models/acme/needs-style');
    expect(r.json.latest_version.openapi_schema.components.schemas.Input.required).toEqual(['prompt', 'style_reference']);
  });

  it('serves the version by id and 404s unknown models/versions', async () => {
    const m = (await api(server, 'GET', '/v1/models/stability-ai/sdxl')).json;
    const v = await api(server, 'GET', `/v1/models/stability-ai/sdxl/versions/${m.latest_version.id}`);
    expect(v.status).toBe(200);
    expect(v.json.id).toBe(m.latest_version.id);
    expect((await api(server, 'GET', '/v1/models/stability-ai/sdxl/versions/abc')).status).toBe(404);
    const nf = await api(server, 'GET', '/v1/models/nobody/nothing');
    expect(nf.status).toBe(404);
    expect(nf.json).toEqual({ detail: 'Not found.', status: 404 });
  });

  it('404s unknown routes and predictions', async () => {
    expect((await api(server, 'GET', '/v1/nope')).status).toBe(404);
    expect((await api(server, 'GET', '/v1/predictions/doesnotexist')).status).toBe(404);
    expect((await api(server, 'POST', '/v1/predictions/doesnotexist/cancel')).status).toBe(404);
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  });
});
