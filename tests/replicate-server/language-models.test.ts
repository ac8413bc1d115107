/**
 * Language models in the fake: their schemas read like Replicate's (and the panel's reader
 * maps them to the right fields), their answers come out a token at a time with `output`
 * growing while processing, `max_tokens` cuts the answer, cancel stops it, and
 * gpt-5-structured given a strict schema answers in that schema's shape.
 */
import type { FakeReplicate } from '../fakes/replicate';
import { demoDesignAnswer } from '../fakes/replicate/demo-designer';
import { tokenPieces } from '../fakes/replicate/token-pieces';
import { readCapabilities } from '../../shared/models/capabilities';
import { designInput, readLanguageModel } from '../../shared/design/llm-input';
import { designUserText } from '../../shared/design/design-prompt';
import { strictDesignJsonSchema } from '../../shared/design/spec-json-schema';
import { parseDesign } from '../../shared/design/parse-design';
import { api, pollUntil, pollUntilDone, start } from './helpers';

const TOKENS_PER_SECOND = 4000;
let server: FakeReplicate;
beforeAll(async () => {
  server = await start({ latencyMs: 40, tokensPerSecond: TOKENS_PER_SECOND });
});
afterAll(() => server.close());

const request = { prompt: 'Pricing page for a coffee subscription: hero with photo, three plan cards, FAQ, footer', width: 1440, height: 1024 };
const userText = designUserText(request);
const CLAUDE = '/v1/models/anthropic/claude-4-sonnet/predictions';
const GPT5 = '/v1/models/openai/gpt-5-structured/predictions';

async function schemaOf(model: string) {
  const r = await api(server, 'GET', `/v1/models/${model}`);
  expect(r.status).toBe(200);
  return r.json.latest_version.openapi_schema;
}

describe('catalogue', () => {
  it('lists claude-4-sonnet with its fields, bounds and a concatenated string iterator output', async () => {
    const schema = await schemaOf('anthropic/claude-4-sonnet');
    const input = schema.components.schemas.Input;
    expect(Object.keys(input.properties)).toEqual([
      'prompt', 'image', 'system_prompt', 'max_tokens', 'max_image_resolution', 'extended_thinking', 'thinking_budget_tokens',
    ]);
    expect(input.required).toEqual(['prompt']);
    expect(input.properties.max_tokens).toMatchObject({ type: 'integer', default: 8192, minimum: 1024, maximum: 64000 });
    expect(input.properties.max_image_resolution).toMatchObject({ type: 'number', default: 0.5, minimum: 0.001, maximum: 2 });
    expect(input.properties.image).toMatchObject({ type: 'string', format: 'uri' });
    expect(schema.components.schemas.Output).toEqual({
      type: 'array', items: { type: 'string' }, title: 'Output', 'x-cog-array-type': 'iterator', 'x-cog-array-display': 'concatenate',
    });
  });

  it('lists gpt-5-structured with instructions (not system_prompt), a json_schema object and max_completion_tokens', async () => {
    const schema = await schemaOf('openai/gpt-5-structured');
    const props = schema.components.schemas.Input.properties;
    expect(props.system_prompt).toBeUndefined();
    expect(props.instructions).toMatchObject({ type: 'string' });
    expect(props.json_schema).toMatchObject({ type: 'object', default: {} });
    expect(props.simple_schema).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(props.max_completion_tokens).toMatchObject({ type: 'integer' });
    expect(schema.components.schemas[props.reasoning_effort.allOf[0].$ref.split('/').pop()].enum).toEqual(['minimal', 'low', 'medium', 'high']);
    expect(schema.components.schemas.Output['x-cog-array-type']).toBe('iterator');
  });

  it('maps onto the panel’s language-model fields', async () => {
    const claude = readLanguageModel(readCapabilities(await schemaOf('anthropic/claude-4-sonnet')));
    expect(claude).toMatchObject({ prompt: 'prompt', system: 'system_prompt', maxTokens: { field: 'max_tokens', max: 64000 } });
    expect(claude.jsonSchema).toBeUndefined();
    const gpt5 = readLanguageModel(readCapabilities(await schemaOf('openai/gpt-5-structured')));
    expect(gpt5).toMatchObject({ prompt: 'prompt', system: 'instructions', maxTokens: { field: 'max_completion_tokens' }, jsonSchema: 'json_schema' });
  });
});

describe('writing an answer', () => {
  it('goes starting → processing with output growing a piece at a time, then succeeds with every piece', async () => {
    const created = await api(server, 'POST', CLAUDE, { input: { prompt: userText, system_prompt: 'Answer with JSON.', max_tokens: 16000 } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'starting', output: null });
    const partials: number[] = [];
    let p: any;
    for (;;) {
      p = (await api(server, 'GET', `/v1/predictions/${created.json.id}`)).json;
      if (p.status === 'processing' && Array.isArray(p.output)) partials.push(p.output.length);
      if (!['starting', 'processing'].includes(p.status)) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(p.status).toBe('succeeded');
    const answer = demoDesignAnswer(userText);
    expect(p.output).toEqual(tokenPieces(answer));
    expect(p.output.join('')).toBe(answer);
    // Partial output was seen while processing, shorter than the whole and never shrinking.
    expect(partials.length).toBeGreaterThanOrEqual(2);
    expect(partials.some((n) => n > 0 && n < p.output.length)).toBe(true);
    expect([...partials].sort((a, b) => a - b)).toEqual(partials);
    // At the fixed rate: no faster than pieces / rate.
    expect(p.metrics.predict_time).toBeGreaterThanOrEqual((p.output.length / TOKENS_PER_SECOND) * 0.9);
    expect(p.metrics.output_token_count).toBe(p.output.length);
    expect(p.metrics.input_token_count).toBeGreaterThan(0);
    expect(p.logs).not.toContain('seed');
  });

  it('takes the time the token rate says (rate changed at run time, short answer)', async () => {
    server.setTokensPerSecond(200);
    try {
      const created = await api(server, 'POST', CLAUDE, { input: { prompt: userText, max_tokens: 1024 } });
      const started = Date.now();
      const p = await pollUntilDone(server, created.json.id, 15000);
      const seconds = (Date.now() - started) / 1000;
      expect(p.output).toHaveLength(1024);
      // 1024 tokens at 200/s ≈ 5.1 s.
      expect(seconds).toBeGreaterThan(4.6);
      expect(seconds).toBeLessThan(20);
      expect(p.metrics.tokens_per_second).toBeGreaterThan(180);
      expect(p.metrics.tokens_per_second).toBeLessThan(220);
    } finally {
      server.setTokensPerSecond(TOKENS_PER_SECOND);
    }
  });

  it('stops at max_tokens mid-answer: succeeded, with a cut JSON the parser keeps the complete sections of', async () => {
    const created = await api(server, 'POST', CLAUDE, { input: { prompt: userText, max_tokens: 1024 } });
    const p = await pollUntilDone(server, created.json.id);
    expect(p.status).toBe('succeeded');
    expect(p.output).toHaveLength(1024);
    const text = p.output.join('');
    const full = demoDesignAnswer(userText);
    expect(full.length).toBeGreaterThan(text.length);
    expect(full.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    const parsed = parseDesign(text);
    expect(parsed.truncated).toBe(true);
  });

  it('rejects max_tokens outside the schema’s bounds like Replicate does', async () => {
    const r = await api(server, 'POST', CLAUDE, { input: { prompt: userText, max_tokens: 100 } });
    expect(r.status).toBe(422);
    expect(r.json.invalid_fields[0]).toMatchObject({ type: 'number_gte', field: 'input.max_tokens' });
  });

  it('stops writing when canceled and keeps what it wrote', async () => {
    const slow = await start({ latencyMs: 0, tokensPerSecond: 300 });
    try {
      const created = await api(slow, 'POST', CLAUDE, { input: { prompt: userText } });
      await pollUntil(slow, created.json.id, (p) => !['starting', 'processing'].includes(p.status) || p.output?.length > 10);
      const canceled = await api(slow, 'POST', `/v1/predictions/${created.json.id}/cancel`);
      expect(canceled.json.status).toBe('canceled');
      const kept = canceled.json.output.length;
      expect(kept).toBeGreaterThan(10);
      expect(kept).toBeLessThan(tokenPieces(demoDesignAnswer(userText)).length);
      // A window for writing to go on after the cancel: the assertion is that none does.
      await new Promise((r) => setTimeout(r, 200));
      const later = (await api(slow, 'GET', `/v1/predictions/${created.json.id}`)).json;
      expect(later.status).toBe('canceled');
      expect(later.output).toHaveLength(kept);
    } finally {
      await slow.close();
    }
  });

  it('gpt-5-structured answers a strict schema in its shape: its key order, nulls where unused, parseable', async () => {
    const schemas = await schemaOf('openai/gpt-5-structured');
    const input = designInput(readCapabilities(schemas), request);
    expect(input.json_schema).toBeDefined();
    const created = await api(server, 'POST', GPT5, { input });
    expect(created.status).toBe(201);
    const p = await pollUntilDone(server, created.json.id);
    expect(p.status).toBe('succeeded');
    const value = JSON.parse(p.output.join(''));
    const schema = strictDesignJsonSchema() as any;
    expect(Object.keys(value)).toEqual(Object.keys(schema.properties));
    const section = value.sections[0];
    expect(Object.keys(section)).toEqual(Object.keys(schema.properties.sections.items.properties));
    expect(Object.values(section)).toContain(null);
    const parsed = parseDesign(p.output.join(''));
    expect(parsed.problems).toEqual([]);
    expect(parsed.spec!.sections.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses stream: true for an image model (it cannot stream) and gives it no stream URL otherwise', async () => {
    const refused = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'a cat' }, stream: true });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toMatch(/does not support streaming/);
    const r = await api(server, 'POST', '/v1/models/black-forest-labs/flux-schnell/predictions', { input: { prompt: 'a cat' } });
    expect(r.status).toBe(201);
    expect(r.json.urls.stream).toBeUndefined();
    await pollUntilDone(server, r.json.id);
  });
});

describe('token pieces', () => {
  it.each([
    ['a design answer', demoDesignAnswer(userText)],
    ['unicode and emoji', 'Café “quotes” — naïve 👩‍💻 日本語テキスト ok'],
    ['line breaks and indentation', '{\n "a": [\n  1,\n  2\n ]\r\n}\r\n\n\t\tend'],
    ['long words and numbers', 'internationalization 1234567890 supercalifragilistic\u00a0nbsp'],
    ['empty', ''],
  ])('join back to the exact text (%s)', (_name, text) => {
    expect(tokenPieces(text).join('')).toBe(text);
  });

  it('are about four characters, short words whole with their space', () => {
    const pieces = tokenPieces(demoDesignAnswer(userText));
    const mean = pieces.join('').length / pieces.length;
    expect(mean).toBeGreaterThan(2.5);
    expect(mean).toBeLessThan(6);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(12);
    expect(tokenPieces('a pricing page')).toEqual(['a', ' pricing', ' page']);
    expect(tokenPieces('subscriptions')).toEqual(['subs', 'crip', 'tion', 's']);
  });
});
