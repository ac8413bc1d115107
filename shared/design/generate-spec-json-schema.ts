import { toJsonSchema } from '@valibot/to-json-schema';
import { DesignSpecSchema, NodeSchema } from './spec';

/**
 * The spec's JSON schema, made from the valibot schema (never written twice). The recursive
 * node tree needs `definitions`, which become `$defs/Node`.
 *
 * Not imported by either bundle: @valibot/to-json-schema is 13 KB minified. scripts/build.mjs
 * writes its result to spec-json-schema.json, which the bundles import, and
 * tests/shared/spec-json-schema-file.test.ts fails when that file and this disagree.
 */
export function generateDesignJsonSchema(): Record<string, unknown> {
  return toJsonSchema(DesignSpecSchema, { definitions: { Node: NodeSchema }, errorMode: 'ignore' }) as Record<string, unknown>;
}
