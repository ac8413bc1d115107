/**
 * POST /batch (shared/relay-envelope.ts): many prediction creates in one simple request. Each
 * envelope becomes its own call through the relay's gate and routes (keys, limits, allowed
 * models apply to each), all at once; each answer is written as frames (shared/relay-frames.ts)
 * the moment it is complete, its files behind it when the envelope asked, so the panel places a
 * grid's cells as they finish. Only creates are taken: a batch holds no reads, downloads or
 * uploads. No Node imports here.
 */
import { BATCH_PATH, MAX_BATCH_CALLS, PREDICTION_CREATE_PATH, type BatchRequest } from '../shared/relay-envelope';
import { FRAMES_TYPE, frameStream, readFrames } from '../shared/relay-frames';
import { errorResponse, withCors } from './cors';
import { innerRequest, readEnvelopeText } from './envelope';

export { BATCH_PATH };

const RELAY_ERROR = new TextEncoder().encode(JSON.stringify({ title: 'Relay error', detail: 'The relay could not make this call.', status: 502 }));

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
  // The calls still finish when the panel goes away (each is billed either way), unheard.
  const body = frameStream((write) =>
    Promise.all(
      inners.map(async (inner, index) => {
        let answered = false;
        try {
          const response = await call(inner);
          if (response.headers.get('content-type') === FRAMES_TYPE && response.body) {
            // A framed answer (its files behind it): passed on frame by frame, as this call's.
            for await (const { head, body: bytes } of readFrames(response.body)) {
              answered = true;
              write({ ...head, i: index }, bytes);
            }
          } else {
            const bytes = new Uint8Array(await response.arrayBuffer());
            answered = true;
            write({ i: index, status: response.status }, bytes);
          }
        } catch {
          // Broken before its answer: a relay error. After it, its files are the panel's to fetch.
          if (!answered) write({ i: index, status: 502 }, RELAY_ERROR);
        }
      }),
    ).then(() => undefined),
  );
  const headers = withCors(new Headers({ 'Content-Type': FRAMES_TYPE, 'Cache-Control': 'no-store' }));
  return new Response(body, { status: 200, headers });
}
