import { ReadableStream, TransformStream, WritableStream } from 'node:stream/web';
import { TextDecoder, TextEncoder } from 'node:util';

/** jsdom lacks the web streams the `replicate` package reads at load; Node has them. Import first. */
const globals = globalThis as Record<string, unknown>;
for (const [name, value] of Object.entries({ ReadableStream, TransformStream, WritableStream, TextDecoder, TextEncoder })) {
  globals[name] ??= value;
}
