import { checkDownloadUrl, isSpecialAddress, parseHostRules, parseIpv6 } from '../../relay/address-guard';
import { configFromEnv, DEFAULT_MAX_BODY_BYTES } from '../../relay/config';
import { matchRoute } from '../../relay/routes';

describe('route allow-list', () => {
  it.each([
    ['POST', '/v1/predictions'],
    ['POST', '/v1/models/black-forest-labs/flux-schnell/predictions'],
    ['GET', '/v1/predictions/abc123xyz'],
    ['POST', '/v1/predictions/abc123xyz/cancel'],
    ['GET', '/v1/models/black-forest-labs/flux-1.1-pro'],
    ['GET', '/v1/models/stability-ai/sdxl/versions/7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc'],
    ['POST', '/v1/files'],
    ['GET', '/v1/files/f1le_id'],
    ['POST', '/v1/models/ostris/flux-dev-lora-trainer/versions/abc/trainings'],
    ['GET', '/v1/trainings/t1'],
    ['POST', '/v1/trainings/t1/cancel'],
    ['GET', '/v1/account'],
    ['GET', '/v1/account/'],
    ['POST', '/v1/models'],
  ])('%s %s is forwarded', (method, path) => {
    expect(matchRoute(method, path).ok).toBe(true);
  });

  it.each([
    ['POST', '/v1/models'],
    ['GET', '/v1/account'],
    ['POST', '/v1/models/replicate/fast-flux-trainer/versions/abc/trainings'],
    ['GET', '/v1/trainings/t1'],
    ['POST', '/v1/trainings/t1/cancel'],
  ])('%s %s (Train a style) needs a relay key on a relay that holds a token', (method, path) => {
    expect(matchRoute(method, path)).toMatchObject({ ok: true, keyOnly: true });
  });

  it.each([
    ['GET', '/v1/predictions', 'method'], // listing predictions is not something the plugin does
    ['GET', '/v1/models', 'method'], // nor is listing public models
    ['DELETE', '/v1/models', 'method'],
    ['DELETE', '/v1/predictions/abc', 'method'],
    ['GET', '/v1/collections', 'not-found'],
    ['POST', '/v1/deployments/a/b/predictions', 'not-found'],
    ['GET', '/v1/predictions/..', 'bad-path'],
    ['GET', '/v1/predictions/.', 'bad-path'],
    ['GET', '/v1/predictions/..%2F..%2Faccount', 'bad-path'],
    ['GET', '/v1/predictions/a%2fb', 'bad-path'],
    ['GET', '/v1/predictions/a%5cb', 'bad-path'],
    ['GET', '/v1/predictions/%2e%2e', 'bad-path'],
    ['GET', '/v1//account', 'bad-path'],
    ['GET', '/v1/predictions/.hidden', 'bad-path'],
  ])('%s %s is refused (%s)', (method, path, reason) => {
    expect(matchRoute(method, path)).toEqual({ ok: false, reason });
  });
});

describe('download address rules', () => {
  const production = parseHostRules(['replicate.delivery', '*.replicate.delivery']);
  const withFake = parseHostRules(['replicate.delivery', '*.replicate.delivery', '127.0.0.1:4567']);

  it.each([
    'https://replicate.delivery/xezq/abc/out-0.webp',
    'https://pbxt.replicate.delivery/abc/out-0.png',
    'https://a.b.replicate.delivery/x',
    'https://REPLICATE.delivery/x',
    'https://replicate.delivery:443/x',
  ])('allows %s', (url) => {
    expect(checkDownloadUrl(url, production).ok).toBe(true);
  });

  it.each([
    ['https://evil.com/x.png', /allow-list/],
    ['https://replicate.delivery.evil.com/x', /allow-list/],
    ['https://evilreplicate.delivery/x', /allow-list/],
    ['https://replicate.delivery:8443/x', /allow-list/],
    ['http://replicate.delivery/x', /https/],
    ['ftp://replicate.delivery/x', /https/],
    ['file:///etc/passwd', /https/],
    ['javascript:alert(1)', /https/],
    ['https://user:pw@replicate.delivery/x', /credentials/],
    ['http://replicate.delivery@127.0.0.1/', /credentials/],
    ['https://127.0.0.1/x', /loopback|private/],
    ['http://127.0.0.1:4567/x', /loopback|private/],
    ['https://10.0.0.1/x', /private/],
    ['https://172.16.5.4/x', /private/],
    ['https://192.168.1.1/x', /private/],
    ['http://169.254.169.254/latest/meta-data/', /private/],
    ['https://100.64.0.1/x', /private/],
    ['https://0.0.0.0/x', /private/],
    ['https://[::1]/x', /private/],
    ['https://[::ffff:127.0.0.1]/x', /private/],
    ['https://[::ffff:a9fe:a9fe]/x', /private/],
    ['https://[fd00::1]/x', /private/],
    ['https://[fe80::1]/x', /private/],
    ['https://2130706433/x', /private/], // decimal 127.0.0.1, normalised by URL
    ['https://0x7f.1/x', /private/],
    ['https://8.8.8.8/x', /allow-list/],
    ['not a url', /valid/],
  ])('refuses %s', (url, message) => {
    const result = checkDownloadUrl(url, production);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(message);
  });

  it('allows an IP literal only for the exact host:port listed, over http or https', () => {
    expect(checkDownloadUrl('http://127.0.0.1:4567/file.png', withFake).ok).toBe(true);
    expect(checkDownloadUrl('https://127.0.0.1:4567/file.png', withFake).ok).toBe(true);
    expect(checkDownloadUrl('http://127.0.0.1:4568/file.png', withFake).ok).toBe(false);
    expect(checkDownloadUrl('http://127.0.0.1/file.png', withFake).ok).toBe(false);
    expect(checkDownloadUrl('http://localhost:4567/file.png', withFake).ok).toBe(false);
  });

  it('needs a port even for a listed private IP, and wildcards never match IP literals', () => {
    expect(() => parseHostRules(['*.0.0.5'])).toThrow(/wildcard/);
    const rules = parseHostRules(['10.0.0.5', '[::1]:9000']);
    expect(checkDownloadUrl('https://10.0.0.5/x', rules).ok).toBe(false);
    expect(checkDownloadUrl('http://[::1]:9000/x', rules).ok).toBe(true);
    expect(checkDownloadUrl('http://[::1]:9001/x', rules).ok).toBe(false);
  });

  it('expands IPv6 literals and classifies special ranges', () => {
    expect(parseIpv6('[::1]')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(isSpecialAddress('[2606:4700::1111]')).toBe(false);
    expect(isSpecialAddress('1.1.1.1')).toBe(false);
    expect(isSpecialAddress('[64:ff9b::a00:1]')).toBe(true);
    expect(isSpecialAddress('172.32.0.1')).toBe(false);
    expect(isSpecialAddress('172.31.255.255')).toBe(true);
  });
});

describe('configFromEnv', () => {
  it('uses Replicate defaults', () => {
    expect(configFromEnv({})).toMatchObject({
      upstream: 'https://api.replicate.com',
      serverToken: undefined,
      downloadHosts: ['replicate.delivery', '*.replicate.delivery'],
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      upstreamTimeoutMs: 120_000,
      demo: false,
      clientKeys: undefined,
      allowAnonymous: false,
      allowedOrigins: undefined,
      allowedModels: undefined,
    });
    expect(configFromEnv({ RELAY_DEMO: '1' }).demo).toBe(true);
    expect(DEFAULT_MAX_BODY_BYTES).toBeGreaterThan(100 * 1024 * 1024);
  });

  it('reads every variable', () => {
    const config = configFromEnv({
      REPLICATE_API_BASE: 'http://127.0.0.1:9999/',
      REPLICATE_API_TOKEN: ' r8_abc ',
      RELAY_DOWNLOAD_HOSTS: 'replicate.delivery, 127.0.0.1:4567 ,',
      RELAY_MAX_BODY_BYTES: '1000',
      RELAY_UPSTREAM_TIMEOUT_MS: '5000',
      RELAY_DEMO: '1',
      RELAY_CLIENT_KEYS: ' key-one-0123456789abcdef , key-two-0123456789abcdef ',
      RELAY_ALLOWED_ORIGINS: 'https://tools.example.com',
      RELAY_ALLOWED_HOSTS: 'Relay.Example.com',
      RELAY_ALLOWED_MODELS: 'black-forest-labs/flux-schnell',
      RELAY_RATE_LIMIT: '30',
      RELAY_MAX_CONCURRENT: '4',
      RELAY_MAX_DOWNLOAD_BYTES: '5000000',
      RELAY_IDLE_TIMEOUT_MS: '20000',
    });
    expect(config).toMatchObject({
      upstream: 'http://127.0.0.1:9999',
      serverToken: 'r8_abc',
      downloadHosts: ['replicate.delivery', '127.0.0.1:4567'],
      maxBodyBytes: 1000,
      upstreamTimeoutMs: 5000,
      demo: true,
      clientKeys: ['key-one-0123456789abcdef', 'key-two-0123456789abcdef'],
      allowedOrigins: ['https://tools.example.com'],
      allowedHosts: ['relay.example.com'],
      allowedModels: ['black-forest-labs/flux-schnell'],
      rateLimitPerMinute: 30,
      maxConcurrent: 4,
      maxDownloadBytes: 5_000_000,
      idleTimeoutMs: 20_000,
    });
  });

  it('refuses nonsense', () => {
    expect(() => configFromEnv({ RELAY_MAX_BODY_BYTES: 'lots' })).toThrow(/RELAY_MAX_BODY_BYTES/);
    expect(() => configFromEnv({ REPLICATE_API_BASE: 'ftp://x' })).toThrow(/http/);
    expect(() => configFromEnv({ REPLICATE_API_BASE: 'https://u:p@api.replicate.com' })).toThrow(/credentials/);
  });
});
