/** The Workers entry, and the rule that only relay/node.ts may import Node modules. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import worker from '../../relay/worker';

// The Worker logs each request to the console; the tests read answers, not that.
beforeEach(() => void jest.spyOn(console, 'log').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

it('builds the handler from env and answers', async () => {
  const env = { REPLICATE_API_TOKEN: 'r8_worker_SECRET', REPLICATE_API_BASE: 'https://api.replicate.com', RELAY_ALLOW_ANONYMOUS: '1' };
  const response = await worker.fetch(new Request('https://relay.example.workers.dev/health'), env);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ ok: true, upstream: 'api.replicate.com', serverToken: true, demo: false, envelopes: true, outputFrames: true });
  expect(text).not.toContain('SECRET');
});

it('answers a misconfiguration with a generic 500 that has CORS, and logs the reason in one line', async () => {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    const response = await worker.fetch(new Request('https://relay.example.workers.dev/health'), {
      REPLICATE_API_BASE: 'https://user-SECRET-VALUE:pw@internal.example',
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const text = await response.text();
    expect(JSON.parse(text).title).toBe('Relay misconfigured');
    // The env value (here carrying a credential) never reaches whoever asked.
    expect(text).not.toContain('SECRET-VALUE');
    expect(text).not.toContain('internal.example');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^relay misconfigured: REPLICATE_API_BASE/);
    expect(lines[0]).not.toContain('\n');
  } finally {
    spy.mockRestore();
  }
});

it('refuses to run a token-holding relay without client keys unless told to run open', async () => {
  const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const open = await worker.fetch(new Request('https://relay.example.workers.dev/v1/models/o/n'), { REPLICATE_API_TOKEN: 'r8_worker_SECRET' });
    expect(open.status).toBe(500);
    expect(await open.text()).not.toContain('SECRET');
    expect(spy.mock.calls.join(' ')).toMatch(/RELAY_CLIENT_KEYS/);
  } finally {
    spy.mockRestore();
  }
});

it('with client keys, answers only a caller with a key and tells others nothing about the token', async () => {
  const env = { REPLICATE_API_TOKEN: 'r8_worker_SECRET', RELAY_CLIENT_KEYS: 'team-key-0123456789abcdef' };
  const anonymous = await worker.fetch(new Request('https://relay.example.workers.dev/health'), env);
  expect(await anonymous.json()).toEqual({ ok: true, keyRequired: true });
  const keyed = await worker.fetch(new Request('https://relay.example.workers.dev/health', { headers: { 'X-Relay-Key': 'team-key-0123456789abcdef' } }), env);
  expect(await keyed.json()).toEqual({ ok: true, upstream: 'api.replicate.com', serverToken: true, demo: false, envelopes: true, outputFrames: true });
  const refused = await worker.fetch(new Request('https://relay.example.workers.dev/v1/models/o/n'), env);
  expect(refused.status).toBe(403);
  expect((await refused.json()).title).toBe('Relay key required');
});

it('keeps Node imports out of everything but the Node entry (relay/node.ts, its folder store and its upstream client)', () => {
  const dir = join(__dirname, '../../relay');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !['node.ts', 'folder-store.ts', 'node-fetch.ts'].includes(f))) {
    // Comments may mention Node; code may not use it.
    const source = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    expect({ file, nodeImports: source.match(/from ['"](node:[^'"]+|fs|path|http|https|net|stream|buffer|crypto)['"]/g) }).toEqual({ file, nodeImports: null });
    expect({ file, usesBuffer: /\bBuffer\b|\bprocess\./.test(source) }).toEqual({ file, usesBuffer: false });
  }
});
