/**
 * Validates a prediction's `input` against a cog `openapi_schema`, the way Replicate does
 * (it uses a JSON-schema validator; error types and wording follow gojsonschema, which is what
 * Replicate's 422 bodies show, e.g. `{"type":"number_lte","field":"input.num_outputs",
 * "description":"Must be less than or equal to 4"}`). A missing required field is reported
 * like Replicate does: `{"type":"required","field":"input","description":"prompt is required"}`.
 * Unknown fields are ignored (and returned in `ignored`).
 */

export interface InvalidField {
  type: string;
  field: string;
  description: string;
}

export interface ValidationResult {
  invalid: InvalidField[];
  ignored: string[];
  /** Input with schema defaults filled in (only for valid inputs). */
  withDefaults: Record<string, unknown>;
}

type Schema = Record<string, unknown>;

function resolve(root: Schema, prop: Schema): Schema {
  let out: Schema = { ...prop };
  const allOf = prop.allOf as Schema[] | undefined;
  const parts = allOf ?? (prop.$ref ? [{ $ref: prop.$ref }] : []);
  for (const part of parts) {
    const ref = part.$ref as string | undefined;
    if (ref && ref.startsWith('#/')) {
      let target: unknown = root;
      for (const seg of ref.slice(2).split('/')) target = (target as Schema | undefined)?.[seg];
      if (target && typeof target === 'object') out = { ...(target as Schema), ...out };
    } else {
      out = { ...part, ...out };
    }
  }
  delete out.allOf;
  delete out.$ref;
  return out;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeOk(expected: string, v: unknown): boolean {
  const t = jsonType(v);
  if (expected === 'number') return t === 'number' || t === 'integer';
  return t === expected;
}

function show(v: unknown): string {
  return JSON.stringify(v);
}

function checkValue(root: Schema, schema: Schema, field: string, value: unknown, out: InvalidField[]): void {
  const s = resolve(root, schema);
  const type = s.type as string | undefined;
  if (type && !typeOk(type, value)) {
    out.push({
      type: 'invalid_type',
      field,
      description: `Invalid type. Expected: ${type}, given: ${jsonType(value)}`,
    });
    return;
  }
  const en = s.enum as unknown[] | undefined;
  if (en && !en.some((e) => e === value)) {
    out.push({
      type: 'enum',
      field,
      description: `${field} must be one of the following: ${en.map(show).join(', ')}`,
    });
    return;
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) {
      out.push({ type: 'number_gte', field, description: `Must be greater than or equal to ${s.minimum}` });
    }
    if (typeof s.maximum === 'number' && value > s.maximum) {
      out.push({ type: 'number_lte', field, description: `Must be less than or equal to ${s.maximum}` });
    }
    if (typeof s.multipleOf === 'number' && value % s.multipleOf !== 0) {
      out.push({ type: 'multiple_of', field, description: `Must be a multiple of ${s.multipleOf}` });
    }
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && value.length < s.minLength) {
      out.push({ type: 'string_gte', field, description: `String length must be greater than or equal to ${s.minLength}` });
    }
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) {
      out.push({ type: 'string_lte', field, description: `String length must be less than or equal to ${s.maxLength}` });
    }
    if (s.format === 'uri' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) {
      out.push({ type: 'format', field, description: "Does not match format 'uri'" });
    }
  }
  if (Array.isArray(value) && s.items && typeof s.items === 'object') {
    value.forEach((item, i) => checkValue(root, s.items as Schema, `${field}.${i}`, item, out));
  }
}

export function validateInput(openapiSchema: Schema, input: unknown): ValidationResult {
  const invalid: InvalidField[] = [];
  const ignored: string[] = [];
  const withDefaults: Record<string, unknown> = {};
  const components = (openapiSchema.components as Schema | undefined)?.schemas as Schema | undefined;
  const inputSchema = (components?.Input ?? {}) as Schema;
  const props = (inputSchema.properties ?? {}) as Record<string, Schema>;
  const required = (inputSchema.required ?? []) as string[];

  if (input === undefined) {
    invalid.push({ type: 'required', field: '(root)', description: 'input is required' });
    return { invalid, ignored, withDefaults };
  }
  if (jsonType(input) !== 'object') {
    invalid.push({
      type: 'invalid_type',
      field: 'input',
      description: `Invalid type. Expected: object, given: ${jsonType(input)}`,
    });
    return { invalid, ignored, withDefaults };
  }
  const obj = input as Record<string, unknown>;
  for (const name of required) {
    if (!(name in obj)) invalid.push({ type: 'required', field: 'input', description: `${name} is required` });
  }
  for (const [name, value] of Object.entries(obj)) {
    const p = props[name];
    if (!p) {
      ignored.push(name);
      continue;
    }
    checkValue(openapiSchema, p, `input.${name}`, value, invalid);
  }
  for (const [name, p] of Object.entries(props)) {
    if (name in obj && !ignored.includes(name)) withDefaults[name] = obj[name];
    else if (p.default !== undefined) withDefaults[name] = p.default;
  }
  return { invalid, ignored, withDefaults };
}

/** Replicate's `detail` text: one '- field: description' line per problem. */
export function validationDetail(invalid: InvalidField[]): string {
  return invalid.map((f) => `- ${f.field}: ${f.description}\n`).join('');
}
