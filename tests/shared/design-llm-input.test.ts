import { readCapabilities, type OpenApiDoc } from '../../shared/models/capabilities';
import { designInput, readLanguageModel, sectionInput } from '../../shared/design/llm-input';
import { designJsonSchema, strictDesignJsonSchema } from '../../shared/design/spec-json-schema';
import { normalizeSpec } from '../../shared/design/normalize-spec';
import { parseDesign } from '../../shared/design/parse-design';
import { EXAMPLE_SPEC } from '../../shared/design/example-spec';
import { DEFAULT_LANGUAGE_MODEL, LANGUAGE_MODEL_CHOICES } from '../../shared/design/defaults';
import { SPEC_LIMITS } from '../../shared/design/spec';

type Json = Record<string, any>;

const doc = (properties: Json, required: string[] = ['prompt']): OpenApiDoc => ({
  components: { schemas: { Input: { type: 'object', properties, required }, Output: { type: 'array', items: { type: 'string' } } } },
});

// Field sets as the models' pages list them (FACTS.md; replicate.com/openai/gpt-5-structured/api).
const claude = readCapabilities(doc({
  prompt: { type: 'string', 'x-order': 0 },
  system_prompt: { type: 'string', 'x-order': 1 },
  max_tokens: { type: 'integer', minimum: 1024, maximum: 64000, default: 8192, 'x-order': 2 },
  image: { type: 'string', format: 'uri', 'x-order': 3 },
}));
const gpt5 = readCapabilities(doc({
  prompt: { type: 'string' },
  instructions: { type: 'string' },
  json_schema: { type: 'object', default: {} },
  simple_schema: { type: 'array', items: { type: 'string' } },
  max_completion_tokens: { type: 'integer' },
  reasoning_effort: { enum: ['minimal', 'low', 'medium', 'high'] },
}));
const bare = readCapabilities(doc({
  prompt: { type: 'string' },
  max_new_tokens: { type: 'integer', maximum: 4096 },
  temperature: { type: 'number', minimum: 0.01, maximum: 5 },
  response_format: { type: 'string', enum: ['text', 'json_object'] },
}));

const request = { prompt: 'Pricing page for a coffee subscription: hero with photo, three plan cards, FAQ, footer', width: 1440, height: 1024, device: 'Desktop' };

/** A small validator for the JSON Schema keywords the generated schemas use. */
function validate(schema: Json, value: unknown, defs: Json = schema.$defs ?? {}, path = '$'): string[] {
  if (schema.$ref) return validate(defs[schema.$ref.replace('#/$defs/', '')], value, defs, path);
  const union = schema.oneOf ?? schema.anyOf;
  if (union) {
    const passing = union.filter((s: Json) => validate(s, value, defs, path).length === 0).length;
    return (schema.oneOf ? passing === 1 : passing >= 1) ? [] : [`${path}: matches ${passing} of the union`];
  }
  const errors: string[] = [];
  const typeOf = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x === 'number' ? (Number.isInteger(x) ? 'integer' : 'number') : typeof x);
  const types: string[] | undefined = schema.type === undefined ? undefined : [].concat(schema.type);
  if (types && !types.some((t) => t === typeOf(value) || (t === 'number' && typeOf(value) === 'integer'))) return [`${path}: ${typeOf(value)} is not ${types}`];
  if (schema.const !== undefined && value !== schema.const) errors.push(`${path}: not ${schema.const}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${String(value)} not in enum`);
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: pattern`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${path}: too long`);
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: < minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: > maximum`);
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: too many items`);
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: too few items`);
    if (schema.items) value.forEach((item, i) => errors.push(...validate(schema.items, item, defs, `${path}[${i}]`)));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Json;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}.${key}: missing`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (key in obj) errors.push(...validate(sub as Json, obj[key], defs, `${path}.${key}`));
    if (schema.additionalProperties === false) for (const key of Object.keys(obj)) if (!(key in (schema.properties ?? {}))) errors.push(`${path}.${key}: not allowed`);
  }
  return errors;
}

/** What a strict structured-output model writes: every field present, null where unused. */
function withNulls(schema: Json, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withNulls(schema.items, item));
  if (typeof value !== 'object' || value === null || !schema.properties) return value;
  const out: Json = {};
  for (const key of Object.keys(schema.properties)) out[key] = key in (value as Json) ? withNulls(schema.properties[key], (value as Json)[key]) : null;
  return out;
}

function walkSchemas(schema: unknown, visit: (s: Json) => void): void {
  if (Array.isArray(schema)) schema.forEach((s) => walkSchemas(s, visit));
  else if (schema && typeof schema === 'object') {
    visit(schema as Json);
    Object.values(schema).forEach((s) => walkSchemas(s, visit));
  }
}

describe('the spec JSON schema (generated from DesignSpecSchema)', () => {
  const schema = designJsonSchema() as Json;

  it('enumerates the node kinds and requires the top-level keys', () => {
    const kinds = schema.$defs.Node.oneOf.map((branch: Json) => branch.properties.kind.const);
    expect(kinds).toEqual(['frame', 'text', 'image', 'shape', 'icon']);
    expect(schema.required).toEqual(['v', 'title', 'imageStyle', 'palette', 'typography', 'sections']);
    expect(schema.properties.sections.items.properties.children.items).toEqual({ $ref: '#/$defs/Node' });
  });

  it('accepts a valid spec and rejects a broken one', () => {
    expect(validate(schema, EXAMPLE_SPEC)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(EXAMPLE_SPEC));
    broken.sections[0].children[0].children[0].role = 'shout';
    broken.palette.text = 'black';
    expect(validate(schema, broken).length).toBeGreaterThanOrEqual(2);
  });

  it('has a strict form with no $ref or unions, every property required and no extra properties', () => {
    const strict = strictDesignJsonSchema() as Json;
    const serialized = JSON.stringify(strict);
    expect(serialized).not.toMatch(/"\$ref"|"oneOf"|"anyOf"|"allOf"|"\$defs"|"const"/);
    walkSchemas(strict, (s) => {
      if (s.properties) {
        expect(s.additionalProperties).toBe(false);
        expect(s.required).toEqual(Object.keys(s.properties));
      }
    });
    const node = strict.properties.sections.items.properties.children.items;
    expect(node.properties.kind.enum).toEqual(['frame', 'text', 'image', 'shape', 'icon']);
    // Unrolled to the depth limit: sections are depth 1, the deepest frames hold no more children.
    let depth = 1;
    for (let s: Json | undefined = strict.properties.sections.items; s?.properties?.children; s = s.properties.children.items) depth++;
    expect(depth).toBe(SPEC_LIMITS.depth);
    expect(serialized.length).toBeLessThan(60000);
  });

  it('accepts what a strict model writes, and that normalizes back to the spec', () => {
    const strict = strictDesignJsonSchema() as Json;
    const written = withNulls(strict, EXAMPLE_SPEC);
    expect(validate(strict, written)).toEqual([]);
    expect(normalizeSpec(written)).toEqual({ spec: EXAMPLE_SPEC, notes: [], problems: [] });
  });
});

describe('language model inputs', () => {
  it('defaults to a model that takes a system prompt, and offers the structured one', () => {
    expect(DEFAULT_LANGUAGE_MODEL).toBe('anthropic/claude-4-sonnet');
    expect(LANGUAGE_MODEL_CHOICES.map((c) => c.id)).toContain('openai/gpt-5-structured');
  });

  it('reads the fields each model has', () => {
    expect(readLanguageModel(claude)).toEqual({ prompt: 'prompt', system: 'system_prompt', maxTokens: { field: 'max_tokens', max: 64000 } });
    expect(readLanguageModel(gpt5)).toMatchObject({ prompt: 'prompt', system: 'instructions', maxTokens: { field: 'max_completion_tokens' }, jsonSchema: 'json_schema' });
    expect(readLanguageModel(bare)).toMatchObject({ system: undefined, maxTokens: { field: 'max_new_tokens', max: 4096 }, responseFormat: { field: 'response_format', value: 'json_object' } });
  });

  it('puts the schema and a worked example in the system prompt of a model without a schema input', () => {
    const input = designInput(claude, { ...request, fileStyles: { paints: ['Brand/Espresso', 'Brand/Cream'], texts: ['Heading/XL'] } });
    expect(Object.keys(input).sort()).toEqual(['max_tokens', 'prompt', 'system_prompt']);
    const system = input.system_prompt as string;
    expect(system).toContain(JSON.stringify(designJsonSchema()));
    expect(system).toContain(JSON.stringify(EXAMPLE_SPEC));
    expect(system).toMatch(/1440×1024 px \(Desktop\)/);
    expect(system).toMatch(/width "fill"/);
    expect(system).toMatch(/palette token names \(background, surface, primary, onPrimary, text, muted, accent, border\)/);
    expect(system).toMatch(/Colour styles: Brand\/Espresso, Brand\/Cream\..*Text styles: Heading\/XL\./);
    expect(input.prompt).toContain(request.prompt);
    expect(input.max_tokens).toBe(16000);
  });

  it('passes the strict schema to a model that takes json_schema, not in the prompt', () => {
    const input = designInput(gpt5, request);
    expect(input.json_schema).toEqual({ format: { type: 'json_schema', name: 'design_spec', schema: strictDesignJsonSchema() } });
    expect(input.instructions as string).not.toContain('"$defs"');
    expect(input.instructions as string).not.toContain('The JSON schema of your answer');
    expect(input.max_completion_tokens).toBe(16000);
    expect(input).not.toHaveProperty('system_prompt');
  });

  it('prepends the system text to the prompt when there is no system field, within the token maximum', () => {
    const input = designInput(bare, request);
    expect(input.prompt as string).toMatch(/^You are a senior product designer/);
    expect((input.prompt as string).endsWith(request.prompt)).toBe(true);
    expect(input.max_new_tokens).toBe(4096);
    expect(input.response_format).toBe('json_object');
  });

  it('asks each layout alternative for something different, warmer each time', () => {
    const inputs = [1, 2, 3].map((alternative) => designInput(bare, { ...request, alternative, alternatives: 3 }));
    const prompts = inputs.map((i) => i.prompt as string);
    expect(new Set(prompts).size).toBe(3);
    expect(prompts[1]).toMatch(/layout alternative 2 of 3: make it a bolder layout/);
    expect(inputs.map((i) => i.temperature)).toEqual([0.6, 0.75, 0.9]);
    expect(designInput(bare, request)).not.toHaveProperty('temperature');
  });

  it("sends a section with its design's tokens and the instruction; the answer parses to one section", () => {
    const section = EXAMPLE_SPEC.sections[1];
    const { sections: _sections, ...design } = EXAMPLE_SPEC;
    const input = sectionInput(claude, { design, section, instruction: 'make it a 3-column grid', width: 1440 });
    const prompt = input.prompt as string;
    expect(prompt).toContain('Instruction: make it a 3-column grid');
    expect(prompt).toContain(JSON.stringify(section));
    expect(prompt).toContain(JSON.stringify(design.palette));
    expect(input.system_prompt as string).toMatch(/1440 px wide/);
    expect(input.max_tokens).toBe(6000);
    const answer = JSON.stringify({ ...design, sections: [{ ...section, direction: 'horizontal', wrap: true }] });
    expect(parseDesign(answer).spec!.sections).toHaveLength(1);
  });
});
