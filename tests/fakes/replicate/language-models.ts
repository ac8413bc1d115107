/**
 * The language models of the fake's catalogue, with the inputs their Replicate pages list
 * (the versions' API tabs, 2025–26): anthropic/claude-4-sonnet (prompt, system_prompt,
 * max_tokens 1024–64000 default 8192, image, max_image_resolution, extended thinking) and
 * openai/gpt-5-structured (prompt, instructions — its system message, not `system_prompt` —
 * json_schema, simple_schema, input_item_list, tools, reasoning_effort, verbosity,
 * max_completion_tokens). Both output cog's concatenated string iterator.
 *
 * They answer a design request with the demo composer's layout (demo-designer.ts), so the
 * offline demo designs with no token. gpt-5-structured given a strict `json_schema` answers
 * the way structured output does: compact JSON in the schema's key order, every property
 * present (null where unused), nothing the schema does not allow.
 */
import { demoDesignAnswer } from './demo-designer';
import type { FieldSpec, ModelDef, OutputPlan } from './models';

export interface TextModel {
  /** The whole answer for a validated input (defaults applied), before `maxTokensField` cuts it. */
  answer(input: Record<string, unknown>): string;
  /** The input field that caps the answer's length in tokens. */
  maxTokensField?: string;
}

type Json = Record<string, unknown>;

function notImages(): OutputPlan {
  throw new Error('a language model plans no image outputs');
}

/** The request is the prompt; the system text says how to answer it, not what. */
function designAnswer(prompt: unknown, system: unknown): string {
  const user = typeof prompt === 'string' ? prompt : '';
  const text = /Design this screen|Redesign one section/.test(user) ? user : `${typeof system === 'string' ? system : ''}\n\n${user}`;
  return demoDesignAnswer(text);
}

const claudeFields: FieldSpec[] = [
  { name: 'prompt', type: 'string', description: 'Input prompt', required: true },
  { name: 'image', type: 'uri', description: 'Optional input image; priced as (width × height) / 750 input tokens' },
  { name: 'system_prompt', type: 'string', default: '', description: 'System prompt' },
  { name: 'max_tokens', type: 'integer', default: 8192, minimum: 1024, maximum: 64000, description: 'Maximum number of output tokens' },
  {
    name: 'max_image_resolution',
    type: 'number',
    default: 0.5,
    minimum: 0.001,
    maximum: 2,
    description: 'Maximum image resolution in megapixels; larger images are scaled down before they are sent',
  },
  { name: 'extended_thinking', type: 'boolean', default: false, description: 'Enable extended thinking (Sonnet 3.7 and 4 only)' },
  {
    name: 'thinking_budget_tokens',
    type: 'integer',
    default: 1024,
    minimum: 1024,
    maximum: 64000,
    description: 'Most tokens extended thinking may use, when it is on',
  },
];

const gpt5Fields: FieldSpec[] = [
  { name: 'model', type: 'string', enum: ['gpt-5', 'gpt-5-mini', 'gpt-5-nano'], default: 'gpt-5', description: 'GPT-5 model to use.' },
  { name: 'prompt', type: 'string', description: 'Text input, as a user message. Ignored when input_item_list is given.' },
  { name: 'instructions', type: 'string', description: 'A system (developer) message put in the model\'s context.' },
  { name: 'image_input', type: 'uri[]', default: [], description: 'Images to send to the model' },
  {
    name: 'reasoning_effort',
    type: 'string',
    enum: ['minimal', 'low', 'medium', 'high'],
    default: 'minimal',
    description: 'How much the model reasons before answering; more effort needs a larger max_completion_tokens.',
  },
  { name: 'verbosity', type: 'string', enum: ['low', 'medium', 'high'], default: 'medium', description: 'How long and detailed the answer is.' },
  { name: 'enable_web_search', type: 'boolean', default: false, description: 'Let the model search the web.' },
  { name: 'simple_schema', type: 'string[]', default: [], description: 'Output fields as a simple list ("name", "ok:bool", "tags:list"), made into a JSON schema.' },
  { name: 'json_schema', type: 'object', default: {}, description: 'A JSON schema the answer must follow (structured output).' },
  { name: 'input_item_list', type: 'object[]', default: [], description: 'Input items (messages, images) instead of prompt.' },
  { name: 'tools', type: 'object[]', default: [], description: 'Tools the model may call.' },
  { name: 'previous_response_id', type: 'string', description: 'Continue from an earlier response.' },
  // Bounds not published on the model page; left open.
  { name: 'max_completion_tokens', type: 'integer', description: 'Maximum number of completion tokens to generate (reasoning included).' },
];

/** The schema a `json_schema` input carries: Responses-API `{format: {schema}}`, `{schema}`, or bare. */
export function schemaOf(jsonSchema: unknown): Json | undefined {
  if (!jsonSchema || typeof jsonSchema !== 'object') return undefined;
  const j = jsonSchema as Json;
  const format = j.format as Json | undefined;
  const candidate = (format?.schema ?? j.schema ?? j) as Json;
  return candidate && typeof candidate === 'object' && (candidate.properties || candidate.type) ? candidate : undefined;
}

/** A value shaped the way strict structured output writes it for `schema`. */
export function conform(value: unknown, schema: Json | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return schema.items ? value.map((item) => conform(item, schema.items as Json)) : value;
  if (value === null || typeof value !== 'object' || !schema.properties) return value;
  const source = value as Json;
  const out: Json = {};
  const properties = schema.properties as Record<string, Json>;
  for (const [key, sub] of Object.entries(properties)) out[key] = key in source ? conform(source[key], sub) : null;
  if (schema.additionalProperties !== false) {
    for (const [key, v] of Object.entries(source)) if (!(key in properties)) out[key] = v;
  }
  return out;
}

/** The user's words: `prompt`, or the text parts of `input_item_list` (which takes precedence). */
function userText(input: Json): unknown {
  const items = Array.isArray(input.input_item_list) ? (input.input_item_list as Json[]) : [];
  const texts: string[] = [];
  for (const item of items) {
    if (typeof item?.content === 'string') texts.push(item.content);
    else if (Array.isArray(item?.content)) {
      for (const part of item.content as Json[]) if (typeof part?.text === 'string') texts.push(part.text);
    }
  }
  return texts.length ? texts.join('\n\n') : input.prompt;
}

function structuredAnswer(input: Json): string {
  const answer = designAnswer(userText(input), input.instructions);
  const schema = schemaOf(input.json_schema);
  if (!schema) return answer;
  try {
    return JSON.stringify(conform(JSON.parse(answer), schema));
  } catch {
    return answer;
  }
}

export const LANGUAGE_MODELS: ModelDef[] = [
  {
    owner: 'anthropic',
    name: 'claude-4-sonnet',
    description: "Anthropic's Claude Sonnet 4: coding, reasoning and following instructions precisely",
    runCount: 3_456_789,
    versionCreatedAt: '2025-05-22T17:00:00.000000Z',
    cogVersion: '0.14.7',
    output: 'text',
    promptField: 'prompt',
    fields: claudeFields,
    plan: notImages,
    text: { answer: (input) => designAnswer(input.prompt, input.system_prompt), maxTokensField: 'max_tokens' },
  },
  {
    owner: 'openai',
    name: 'gpt-5-structured',
    description: 'GPT-5 with support for structured outputs, web search and custom tools',
    runCount: 456_789,
    versionCreatedAt: '2025-08-21T12:00:00.000000Z',
    cogVersion: '0.16.3',
    output: 'text',
    promptField: 'prompt',
    fields: gpt5Fields,
    plan: notImages,
    text: { answer: structuredAnswer, maxTokensField: 'max_completion_tokens' },
  },
];
