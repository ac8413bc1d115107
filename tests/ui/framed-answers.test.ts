/**
 * The panel's side of framed answers (shared/relay-frames.ts): creates and reads of predictions
 * ask for a finished prediction's files behind the answer, the client gets the answer as plain
 * JSON at once, and `download` takes each file from what arrived instead of fetching it; a file
 * that did not come (named without bytes, or the answer broke off) is downloaded as before.
 */
import { createReplicateAccess } from '../../ui/replicate/client';
import type { Envelope } from '../../shared/relay-envelope';
import { FRAMES_TYPE, frameChunks } from '../../shared/relay-frames';

const A = 'https://replicate.delivery/pbxt/a.png';
const B = 'https://replicate.delivery/pbxt/b.png';
const BYTES = new Uint8Array([137, 80, 78, 71, 1, 2, 3, 4]);
const model = { id: 'black-forest-labs/flux-schnell', capabilities: {} as never };

/**
 * A relay stand-in answering creates with outputs A and B: A's bytes behind the answer, B named
 * with `bStatus` and no bytes (or, with `breakAfterAnswer`, the response ends after the answer).
 */
function relay(options: { bStatus?: number; breakAfterAnswer?: boolean; plain?: boolean } = {}) {
  const seen: { path: string; ask?: string }[] = [];
  let releaseFiles!: () => void;
  const filesHeld = new Promise<void>((resolve) => (releaseFiles = resolve));
  const fetchImpl: typeof fetch = async (input, init) => {
    // A download with nothing to carry goes as a plain GET, everything else in an envelope.
    const url = new URL(String(input));
    const envelope: Envelope = init?.body ? (JSON.parse(init.body as string) as Envelope) : { method: 'GET', path: url.pathname + url.search, headers: {} };
    seen.push({ path: envelope.path, ask: envelope.headers['x-relay-inline'] });
    if (envelope.path.startsWith('/download')) return new Response(new Uint8Array([9, 9]), { headers: { 'Content-Type': 'image/png' } });
    const answer = new TextEncoder().encode(JSON.stringify({ id: 'p1', status: 'succeeded', output: [A, B] }));
    if (options.plain || !envelope.path.includes('/predictions')) return new Response(answer, { status: 201, headers: { 'Content-Type': 'application/json' } });
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const write = (chunks: Uint8Array[]) => chunks.forEach((c) => controller.enqueue(c));
        write(frameChunks({ i: 0, status: 201, files: [A, B] }, answer));
        await filesHeld;
        if (options.breakAfterAnswer) return controller.error(new TypeError('network error'));
        write(frameChunks({ i: 0, file: A, status: 200, type: 'image/png' }, BYTES));
        write(frameChunks({ i: 0, file: B, status: options.bStatus ?? 404 }));
        controller.close();
      },
    });
    return new Response(body, { status: 201, headers: { 'Content-Type': FRAMES_TYPE } });
  };
  const access = createReplicateAccess({ token: 'r8_x', relayUrl: 'http://relay.test', envelopes: true, outputFrames: true, fetch: fetchImpl, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
  return { seen, access, releaseFiles };
}

it('asks for the files behind creates and reads of predictions only, and answers before the files are in', async () => {
  const { seen, access, releaseFiles } = relay();
  const prediction = await access.createPrediction({ model, input: { prompt: 'a fox' }, waitSeconds: 10 });
  // The answer is in while the files are still held back.
  expect(prediction).toMatchObject({ id: 'p1', status: 'succeeded', output: [A, B] });
  expect([access.arriving!(A), access.arriving!(B)]).toEqual([true, true]);
  releaseFiles();
  await access.getPrediction('p1');
  await access.getModel({ owner: 'black-forest-labs', name: 'flux-schnell' }).catch(() => undefined);
  expect(seen.map((s) => [s.path, s.ask])).toEqual([
    ['/v1/models/black-forest-labs/flux-schnell/predictions', 'frames'],
    ['/v1/predictions/p1', 'frames'],
    ['/v1/models/black-forest-labs/flux-schnell', undefined],
  ]);
});

it('takes a file that came behind its answer without a request, and downloads one named without bytes', async () => {
  const { seen, access, releaseFiles } = relay({ bStatus: 0 });
  await access.createPrediction({ model, input: { prompt: 'a fox' }, waitSeconds: 10 });
  // Asked for before the bytes are in: waits for them.
  const a = access.download(A);
  releaseFiles();
  expect(await a).toEqual(BYTES);
  expect(await access.download(B)).toEqual(new Uint8Array([9, 9]));
  expect(seen.map((s) => s.path)).toEqual(['/v1/models/black-forest-labs/flux-schnell/predictions', `/download?url=${encodeURIComponent(B)}`]);
});

it('downloads every file of an answer that broke off before them', async () => {
  const { access, releaseFiles } = relay({ breakAfterAnswer: true });
  await access.createPrediction({ model, input: { prompt: 'a fox' }, waitSeconds: 10 });
  releaseFiles();
  expect(await access.download(A)).toEqual(new Uint8Array([9, 9]));
  expect(await access.download(B)).toEqual(new Uint8Array([9, 9]));
});

it('reads a plain answer (a relay that did not frame it) as it is, with nothing arriving', async () => {
  const { access } = relay({ plain: true });
  expect((await access.createPrediction({ model, input: { prompt: 'a fox' }, waitSeconds: 10 })).output).toEqual([A, B]);
  expect(access.arriving!(A)).toBe(false);
  expect(await access.download(A)).toEqual(new Uint8Array([9, 9]));
});

it('reads a data URL output without a request', async () => {
  const { seen, access } = relay();
  expect(await access.download(`data:image/png;base64,${Buffer.from(BYTES).toString('base64')}`)).toEqual(BYTES);
  expect(seen).toHaveLength(0);
});
