/**
 * POST /batch (shared/relay-envelope.ts): many prediction creates in one simple request. Each
 * envelope becomes its own call through the relay's gate and routes (keys, limits, allowed
 * models apply to each), all at once; each answer is written as one line the moment it is
 * complete, so the panel places a grid's cells as they finish. Only creates are taken: a
 * batch holds no reads, downloads or uploads. No Node imports here.
 */
import { BATCH_PATH, MAX_BATCH_CALLS, PREDICTION_CREATE_PATH, type BatchLine, type BatchRequest } from '../shared/relay-envelope';
import { errorResponse, withCors } from './cors';
import { innerRequest, readEnvelopeText } from './envelope';

export { BATCH_PATH };

export async function handleBatch(outer: Request, url: URL, maxBodyBytes: number, call: (inner: Request) => Promise<Response>): Promise<Response> {
  const refuse = (detail: string) => errorResponse(400, 'Bad batch', detail);
  const text = await readEnvelopeText(outer, maxBodyBytes, MAX_BATCH_CALLS);
  if (text instanceof Response) return text;
  let batch: BatchRequest;
  try {
    batch = JSON.parse(text) as BatchRequest;
  } catch {
    return refuse('The batch is not JSON.');
  }
  if (!batch || !Array.isArray(batch.calls) || batch.calls.length === 0 || batch.calls.length > MAX_BATCH_CALLS) {
    return refuse(`A batch carries 1 to ${MAX_BATCH_CALLS} calls.`);
  }
  const inners: Request[] = [];
  for (const envelope of batch.calls) {
    if (envelope?.method !== 'POST' || typeof envelope.path !== 'string' || !PREDICTION_CREATE_PATH.test(envelope.path)) {
      return refuse('A batch carries prediction creates only.');
    }
    const inner = innerRequest(outer, url, envelope);
    if (inner instanceof Response) return inner;
    inners.push(inner);
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      await Promise.all(
        inners.map(async (inner, i) => {
          let line: BatchLine;
          try {
            const response = await call(inner);
            line = { i, status: response.status, body: await response.text() };
          } catch {
            line = { i, status: 502, body: JSON.stringify({ title: 'Relay error', detail: 'The relay could not make this call.', status: 502 }) };
          }
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            // The panel went away: the calls still finish (each is billed either way), unheard.
          }
        }),
      );
      try {
        controller.close();
      } catch {
        // Already cancelled.
      }
    },
  });
  const headers = withCors(new Headers({ 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' }));
  return new Response(body, { status: 200, headers });
}
