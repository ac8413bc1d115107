/** The Workers entry, and the rule that only relay/node.ts may import Node modules. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import worker from '../../relay/worker';

it('builds the handler from env and answers', async () => {
  const env = { REPLICATE_API_TOKEN: 'r8_worker_SECRET', REPLICATE_API_BASE: 'https://api.replicate.com' };
  const response = await worker.fetch(new Request('https://relay.example.workers.dev/health'), env);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ ok: true, upstream: 'api.replicate.com', serverToken: true, demo: false });
  expect(text).not.toContain('SECRET');
});

it('answers a misconfiguration with a readable 500 that has CORS', async () => {
  const response = await worker.fetch(new Request('https://relay.example.workers.dev/health'), { RELAY_MAX_BODY_BYTES: 'lots' });
  expect(response.status).toBe(500);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect((await response.json()).detail).toMatch(/RELAY_MAX_BODY_BYTES/);
});

it('keeps Node imports out of everything but relay/node.ts', () => {
  const dir = join(__dirname, '../../relay');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'node.ts')) {
    // Comments may mention Node; code may not use it.
    const source = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    expect({ file, nodeImports: source.match(/from ['"](node:[^'"]+|fs|path|http|https|net|stream|buffer|crypto)['"]/g) }).toEqual({ file, nodeImports: null });
    expect({ file, usesBuffer: /\bBuffer\b|\bprocess\./.test(source) }).toEqual({ file, usesBuffer: false });
  }
});
