import type { Capabilities, JsonSchema } from '../models/capabilities';
import { designUserText, sectionUserText, systemText, type DesignRequest, type SectionRedesignRequest } from './design-prompt';
import { strictDesignJsonSchema } from './spec-json-schema';

/**
 * Builds a language model's prediction input from its own openapi_schema fields, like the
 * image models: whichever of prompt / system prompt / token limit / schema fields it has.
 * When it takes a JSON schema the spec's schema goes there; otherwise the schema and a
 * worked example go in the system prompt (or ahead of the prompt, when there is none).
 */
export interface LanguageModelFields {
  prompt?: string;
  system?: string;
  maxTokens?: { field: string; max?: number };
  /** openai/gpt-5-structured's `json_schema`. */
  jsonSchema?: string;
  /** Chat-style `response_format`, used for JSON mode. */
  responseFormat?: { field: string; value: unknown };
  temperature?: { field: string; min: number; max: number };
}

const SYSTEM_FIELDS = ['system_prompt', 'system', 'instructions', 'system_message'];
const MAX_TOKEN_FIELDS = ['max_tokens', 'max_completion_tokens', 'max_new_tokens', 'max_output_tokens', 'max_length'];
/** A full page of sections is long JSON; a section alone is much shorter. */
const DESIGN_TOKENS = 16000;
const SECTION_TOKENS = 6000;

export function readLanguageModel(caps: Pick<Capabilities, 'fields' | 'promptField'>): LanguageModelFields {
  const fields = caps.fields;
  const has = (name: string) => fields[name] !== undefined;
  const isText = (s: JsonSchema) => s.type === undefined || s.type === 'string';
  const prompt = caps.promptField ?? (has('prompt') ? 'prompt' : undefined);
  const system = SYSTEM_FIELDS.find((f) => has(f) && isText(fields[f]));
  const tokens = MAX_TOKEN_FIELDS.find((f) => has(f) && (fields[f].type === 'integer' || fields[f].type === 'number'));
  const out: LanguageModelFields = { prompt, system };
  if (tokens) out.maxTokens = { field: tokens, ...(typeof fields[tokens].maximum === 'number' ? { max: fields[tokens].maximum } : {}) };
  if (has('json_schema')) out.jsonSchema = 'json_schema';
  else if (has('response_format')) {
    const rf = fields.response_format;
    if (Array.isArray(rf.enum)) {
      if (rf.enum.includes('json_object')) out.responseFormat = { field: 'response_format', value: 'json_object' };
    } else if (rf.type === 'object' || rf.type === undefined) {
      out.responseFormat = { field: 'response_format', value: { type: 'json_object' } };
    }
  }
  if (has('temperature')) {
    const t = fields.temperature;
    out.temperature = { field: 'temperature', min: t.minimum ?? 0, max: t.maximum ?? 2 };
  }
  return out;
}

function input(model: LanguageModelFields, system: string, user: string, tokens: number, temperature?: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const promptField = model.prompt ?? 'prompt';
  if (model.system) {
    out[model.system] = system;
    out[promptField] = user;
  } else {
    out[promptField] = `${system}\n\n${user}`;
  }
  if (model.maxTokens) out[model.maxTokens.field] = Math.min(tokens, model.maxTokens.max ?? tokens);
  if (model.jsonSchema) {
    // Replicate's gpt-5-structured wants the Responses API `text.format` object, not a bare schema.
    out[model.jsonSchema] = { format: { type: 'json_schema', name: 'design_spec', schema: strictDesignJsonSchema() } };
  }
  if (model.responseFormat) out[model.responseFormat.field] = model.responseFormat.value;
  if (model.temperature && temperature !== undefined) {
    out[model.temperature.field] = Math.min(model.temperature.max, Math.max(model.temperature.min, temperature));
  }
  return out;
}

/** The prediction input for a new design (one layout alternative). */
export function designInput(caps: Pick<Capabilities, 'fields' | 'promptField'>, request: DesignRequest): Record<string, unknown> {
  const model = readLanguageModel(caps);
  const system = systemText({ width: request.width, height: request.height, device: request.device, fileStyles: request.fileStyles, schemaInline: !model.jsonSchema });
  const alternative = Math.max(1, request.alternative ?? 1);
  // Later alternatives run warmer, so they differ in more than the words of the prompt.
  const temperature = (request.alternatives ?? 1) > 1 ? Math.round((0.6 + 0.15 * (alternative - 1)) * 100) / 100 : undefined;
  return input(model, system, designUserText(request), DESIGN_TOKENS, temperature);
}

/**
 * The prediction input for redesigning one section. The answer has the whole design's shape
 * with one section, so it parses with `parseDesign`; take `spec.sections[0]`.
 */
export function sectionInput(caps: Pick<Capabilities, 'fields' | 'promptField'>, request: SectionRedesignRequest): Record<string, unknown> {
  const model = readLanguageModel(caps);
  const system = systemText({ width: request.width, schemaInline: !model.jsonSchema });
  return input(model, system, sectionUserText(request), SECTION_TOKENS);
}
