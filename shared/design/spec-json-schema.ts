import { SPEC_LIMITS } from './spec';
// Generated from the valibot schema by generate-spec-json-schema.ts at build time (see there).
import generated from './spec-json-schema.json';

type Json = Record<string, unknown>;

/** The spec's JSON schema; the recursive node tree is `$defs/Node`. */
export function designJsonSchema(): Json {
  return generated as Json;
}

/**
 * The same schema in the subset strict structured output accepts (OpenAI's, as used by
 * openai/gpt-5-structured on Replicate, whose readme lists it): no $ref (recursion unrolled
 * to the spec's depth limit), no oneOf/anyOf (the node kinds merged into one object whose
 * `kind` says which fields matter), every property required (optional ones nullable), no
 * additional properties. Whatever this loosens, `normalizeSpec` tightens again: it drops
 * nulls and fields that don't belong to the node's kind.
 */
export function strictDesignJsonSchema(): Json {
  const schema = designJsonSchema();
  const defs = (schema.$defs ?? schema.definitions ?? {}) as Record<string, Json>;
  // Sections are depth 1; frames nest to SPEC_LIMITS.depth - 1 (the deepest level holds leaves).
  const out = strictify(schema, defs, {}, SPEC_LIMITS.depth - 1) as Json;
  delete out.$schema;
  return out;
}

function strictify(schema: Json, defs: Record<string, Json>, seen: Record<string, number>, maxRefs: number): Json | undefined {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/(\$defs|definitions)\//, '');
    const count = seen[name] ?? 0;
    if (count >= maxRefs || !defs[name]) return undefined;
    return strictify(defs[name], defs, { ...seen, [name]: count + 1 }, maxRefs);
  }
  const union = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (union) {
    const branches = union.map((b) => strictify(b, defs, seen, maxRefs)).filter((b): b is Json => b !== undefined);
    if (!branches.length) return undefined;
    return branches.reduce((a, b) => merge(a, b));
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$defs' || key === 'definitions' || key === 'properties' || key === 'items' || key === 'required') continue;
    out[key] = value;
  }
  if (out.const !== undefined) {
    out.enum = [out.const];
    delete out.const;
  }
  if (out.enum && !out.type) out.type = typeof (out.enum as unknown[])[0] === 'number' ? 'number' : 'string';
  if (schema.items) {
    const items = strictify(schema.items as Json, defs, seen, maxRefs);
    if (!items) return undefined;
    out.items = items;
  }
  if (schema.properties) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const properties: Record<string, Json> = {};
    for (const [key, value] of Object.entries(schema.properties as Record<string, Json>)) {
      const property = strictify(value, defs, seen, maxRefs);
      if (!property) continue;
      properties[key] = required.has(key) ? property : nullable(property);
    }
    out.type = 'object';
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

function typesOf(s: Json): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
}

function nullable(s: Json): Json {
  const types = typesOf(s);
  const out: Json = { ...s, type: types.includes('null') ? types : [...types, 'null'] };
  if (Array.isArray(s.enum) && !s.enum.includes(null)) out.enum = [...s.enum, null];
  return out;
}

/** One schema accepting what either accepts (or a little more, where exactness needs a union). */
function merge(a: Json, b: Json): Json {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  const types = [...new Set([...typesOf(a), ...typesOf(b)])];
  const out: Json = { type: types.length === 1 ? types[0] : types };
  if (Array.isArray(a.enum) && Array.isArray(b.enum)) out.enum = [...new Set([...a.enum, ...b.enum])];
  else if (Array.isArray(a.enum) || Array.isArray(b.enum)) {
    // e.g. sizing: 'hug' | 'fill' | pixels. Say in words what the type list can't.
    const words = (Array.isArray(a.enum) ? a.enum : b.enum) as unknown[];
    const other = types.filter((t) => t !== 'string' && t !== 'null').join(' or ') || 'string';
    out.description = `${words.filter((w) => w !== null).map((w) => JSON.stringify(w)).join(', ')}, or any ${other}`;
  }
  out.description ??= a.description ?? b.description;
  if (out.description === undefined) delete out.description;
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern']) {
    if (a[key] !== undefined && a[key] === b[key]) out[key] = a[key];
  }
  if (a.items || b.items) out.items = a.items && b.items ? merge(a.items as Json, b.items as Json) : (a.items ?? b.items);
  if (a.properties || b.properties) {
    const pa = (a.properties ?? {}) as Record<string, Json>;
    const pb = (b.properties ?? {}) as Record<string, Json>;
    const properties: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
      const both = pa[key] && pb[key];
      const merged = both ? merge(pa[key], pb[key]) : (pa[key] ?? pb[key]);
      // A field only some kinds have is null on the others.
      properties[key] = both || key === 'kind' ? merged : nullable(merged);
    }
    out.type = 'object';
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}
