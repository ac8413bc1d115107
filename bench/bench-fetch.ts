/**
 * The fetch the bench's relay makes its upstream calls with (the relay code is unchanged). Two
 * things happen here that the stage's figures rest on:
 * - Output files are drawn before a prediction is reported `succeeded` (the protocol server draws
 *   them lazily on the first download, which would bill its drawing to the plugin; Replicate has
 *   the file when it returns the URL). That moment is "output available" (`urlAvailableAt`).
 * - `forceFormat` rewrites `output_format` in creates, so the unchanged panel can be measured
 *   with PNG, WebP or JPEG outputs.
 */
import { nodeFetch } from '../relay/node-fetch';
import { now } from './clock';

export interface TraceEntry {
  path: string;
  start: number;
  end: number;
}

/** What the fetch reads (settings) and writes (what it saw); see Stage in harness.ts. */
export interface BenchFetchState {
  forceFormat?: string;
  cacheOutputs?: boolean;
  trace?: { push(entry: TraceEntry): unknown };
  tapStream?: (response: Response) => Response;
  urlAvailableAt: { has(id: string): boolean; set(id: string, at: number): unknown };
  drawMs: { set(id: string, ms: number): unknown };
}

export function createBenchFetch(stage: BenchFetchState): typeof fetch {
  // cacheOutputs: drawn files by model|input|index, and each output URL to its file.
  const drawn = { byKey: new Map<string, { type: string; bytes: ArrayBuffer }>(), byUrl: new Map<string, { type: string; bytes: ArrayBuffer }>() };
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url).pathname;
    let nextInit = init;
    if (init?.method === 'POST' && /\/predictions$/.test(path) && init.body && stage.forceFormat) {
      const body = JSON.parse(await new Response(init.body as ReadableStream).text());
      if (body.input && 'output_format' in body.input) body.input.output_format = stage.forceFormat;
      const headers = new Headers(init.headers);
      headers.delete('content-length');
      const { duplex: _d, ...rest } = init as RequestInit & { duplex?: string };
      nextInit = { ...rest, headers, body: JSON.stringify(body) };
    }
    const start = now();
    const cached = stage.cacheOutputs && path.startsWith('/delivery') ? drawn.byUrl.get(url) : undefined;
    if (cached) {
      stage.trace?.push({ path, start, end: now() });
      return new Response(cached.bytes.slice(0), { status: 200, headers: { 'content-type': cached.type, 'content-length': String(cached.bytes.byteLength) } });
    }
    // The Node relay's own upstream client, as deployed (relay/node.ts).
    const response = await nodeFetch(input, nextInit);
    stage.trace?.push({ path: path.startsWith('/delivery') ? path : `${init?.method ?? 'GET'} ${path}`, start, end: now() });
    if (path.startsWith('/streams/') && stage.tapStream) return stage.tapStream(response);
    if (!path.startsWith('/v1/') || !(response.headers.get('content-type') ?? '').includes('json')) return response;
    const text = await response.text();
    let prediction: { id?: string; status?: string; output?: unknown; model?: string; input?: unknown } | undefined;
    try {
      prediction = JSON.parse(text);
    } catch {
      /* not JSON after all */
    }
    if (prediction?.id && prediction.status === 'succeeded' && !stage.urlAvailableAt.has(prediction.id)) {
      // A language model's output is text, not files.
      const outputs = (Array.isArray(prediction.output) ? prediction.output : [prediction.output]).filter(
        (u): u is string => typeof u === 'string' && /^https?:\/\//.test(u),
      );
      const t0 = now();
      await Promise.all(
        outputs.map(async (u, i) => {
          const key = `${prediction!.model}|${JSON.stringify(prediction!.input)}|${i}`;
          const known = stage.cacheOutputs ? drawn.byKey.get(key) : undefined;
          if (known) return void drawn.byUrl.set(u, known);
          const r = await nodeFetch(u);
          const file = { type: r.headers.get('content-type') ?? 'application/octet-stream', bytes: await r.arrayBuffer() };
          if (!stage.cacheOutputs) return;
          drawn.byKey.set(key, file);
          drawn.byUrl.set(u, file);
        }),
      );
      stage.drawMs.set(prediction.id, now() - t0);
      stage.urlAvailableAt.set(prediction.id, now());
    }
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
