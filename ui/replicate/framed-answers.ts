import { FRAMES_ASK, FRAMES_TYPE, isFileHead, readFrames } from '../../shared/relay-frames';
import type { ArrivingFiles } from './arriving-files';

/**
 * Creates and reads of predictions ask the relay for a finished prediction's files behind its
 * answer (shared/relay-frames.ts; a relay whose /health says `outputFrames`): the caller gets the
 * answer as plain JSON the moment it arrives, and the files go on arriving into `files`, where
 * `download` takes them instead of making a round trip per image.
 */
export function askingForFrames(fetchImpl: typeof fetch, files: ArrivingFiles): typeof fetch {
  return async (input, init) => {
    const { pathname } = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    // Unanchored: a relay URL may carry a path prefix.
    const create = method === 'POST' && /\/v1\/(models\/[^/]+\/[^/]+\/)?predictions$/.test(pathname);
    const read = method === 'GET' && /\/v1\/predictions\/[^/]+$/.test(pathname);
    if (!create && !read) return fetchImpl(input, init);
    const headers = new Headers(init?.headers);
    headers.set('X-Relay-Inline', FRAMES_ASK);
    return unframed(await fetchImpl(input, { ...init, headers }), files);
  };
}

/** A framed answer as the plain answer it carries (its files going on into `files`); any other answer as it is. */
export function unframed(response: Response, files: ArrivingFiles): Promise<Response> {
  if (response.headers.get('content-type') !== FRAMES_TYPE || !response.body) return Promise.resolve(response);
  const body = response.body;
  return new Promise((resolve, reject) => {
    let answered = false;
    readFramed(body, files, (_i, answer) => {
      if (answered) return;
      answered = true;
      resolve(answer);
    })
      .catch(() => undefined)
      .finally(() => {
        if (!answered) reject(new TypeError('The relay\'s answer broke off.'));
      });
  });
}

/**
 * Reads a framed response: each answer goes to `onAnswer` (its files then expected), each file's
 * bytes into `files`. When the response ends or breaks off (rejected then), whatever was
 * expected and did not come is settled as not coming: it is downloaded instead.
 */
export async function readFramed(body: ReadableStream<Uint8Array>, files: ArrivingFiles, onAnswer: (i: number, answer: Response) => void): Promise<void> {
  const coming = new Map<number, Set<string>>();
  try {
    for await (const { head, body: bytes } of readFrames(body)) {
      if (isFileHead(head)) {
        if (coming.get(head.i)?.delete(head.file)) files.deliver(head.file, head.status === 200 ? bytes : undefined);
        continue;
      }
      const urls = (head.files ?? []).filter((url) => typeof url === 'string');
      coming.set(head.i, new Set(urls));
      files.expect(urls);
      onAnswer(head.i, new Response(bytes as BodyInit, { status: head.status, headers: { 'Content-Type': 'application/json' } }));
    }
  } finally {
    for (const urls of coming.values()) for (const url of urls) files.deliver(url, undefined);
  }
}
