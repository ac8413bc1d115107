import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDesignJsonSchema } from '../../shared/design/generate-spec-json-schema';
import { designJsonSchema } from '../../shared/design/spec-json-schema';

// The panel ships the spec's JSON schema as a file made at build time (no @valibot/to-json-schema
// in the bundle). A spec edited without a build would leave the models a stale schema.
describe('the committed design JSON schema', () => {
  it('is what @valibot/to-json-schema makes of the spec today (npm run build rewrites it)', () => {
    const file = readFileSync(join(__dirname, '../../shared/design/spec-json-schema.json'), 'utf8');
    expect(JSON.parse(file)).toEqual(generateDesignJsonSchema());
    expect(file).toBe(`${JSON.stringify(generateDesignJsonSchema(), null, 2)}\n`);
  });

  it('is the schema the prompts and structured output are built from', () => {
    expect(designJsonSchema()).toEqual(generateDesignJsonSchema());
    expect((designJsonSchema().$defs as Record<string, unknown>).Node).toBeDefined();
  });
});
