import { formatModelRef, parseModelRef } from '../../shared/models/catalogue';

describe('a replicate.com model page pasted as a model name', () => {
  it.each([
    ['https://replicate.com/black-forest-labs/flux-dev', 'black-forest-labs/flux-dev'],
    ['https://replicate.com/black-forest-labs/flux-dev/', 'black-forest-labs/flux-dev'],
    ['https://replicate.com/black-forest-labs/flux-dev?input=form&output=preview', 'black-forest-labs/flux-dev'],
    ['https://replicate.com/black-forest-labs/flux-dev/api', 'black-forest-labs/flux-dev'],
    ['https://replicate.com/black-forest-labs/flux-dev/playground', 'black-forest-labs/flux-dev'],
    ['https://replicate.com/black-forest-labs/flux-dev/api/schema#input', 'black-forest-labs/flux-dev'],
    ['  https://www.replicate.com/stability-ai/sdxl/versions/7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc  ', 'stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc'],
    ['replicate.com/recraft-ai/recraft-v3-svg', 'recraft-ai/recraft-v3-svg'],
    ['http://replicate.com/a/b/versions/0123abcd/', 'a/b:0123abcd'],
  ])('%s is understood as %s', (url, expected) => {
    const ref = parseModelRef(url);
    expect(ref && formatModelRef(ref)).toBe(expected);
  });

  it.each([
    'https://replicate.com/explore',
    'https://replicate.com/collections/text-to-image',
    'https://replicate.com/p/abc123',
    'https://example.com/black-forest-labs/flux-dev',
    'https://replicate.com/a/b/versions/not-hex',
  ])('%s is not a model', (url) => {
    expect(parseModelRef(url)).toBeUndefined();
  });
});
