/**
 * How the keeper copies a verified completion's outputs: several at once (Replicate waits only a
 * few seconds for the webhook's answer, which comes after the copies), each under its own output
 * index whatever order they finish in, and a failed copy keeps nothing so the retry copies all.
 */
import { createKeeper } from '../../relay/kept-outputs';
import type { KeptStore } from '../../relay/kept-store';
import { newWebhookSecret, signPayload } from '../fakes/replicate/webhook-sender';

const secret = newWebhookSecret();
const ORIGIN = 'https://relay.example';

function memoryStore(): KeptStore & { objects: Map<string, { bytes: Uint8Array; type: string }> } {
  const objects = new Map<string, { bytes: Uint8Array; type: string }>();
  return {
    objects,
    async put(key, bytes, type) {
      objects.set(key, { bytes, type });
    },
    async get(key) {
      const o = objects.get(key);
      return o ? { body: new Response(o.bytes as BodyInit).body!, size: o.bytes.length, contentType: o.type } : undefined;
    },
    async list(prefix) {
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async delete(keys) {
      keys.forEach((k) => objects.delete(k));
    },
  };
}

/** A file server the test opens by hand: each fetch waits until released. */
function heldFiles() {
  const waiting: { url: string; release(ok?: boolean): void }[] = [];
  let open = 0;
  let mostOpen = 0;
  const fetchOutput = (url: string) =>
    new Promise<Response>((resolve) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      waiting.push({
        url,
        release(ok = true) {
          open--;
          resolve(ok ? new Response(`bytes of ${url}`, { headers: { 'content-type': 'image/png' } }) : new Response('gone', { status: 500 }));
        },
      });
    });
  return { fetchOutput, waiting, mostOpen: () => mostOpen };
}

type Held = ReturnType<typeof heldFiles>['waiting'];

async function releaseUntilAnswered(answer: Promise<Response>, waiting: Held, order: (open: Held) => Held): Promise<void> {
  let answered = false;
  void answer.finally(() => (answered = true));
  let released = 0;
  while (!answered) {
    const open = order(waiting.slice(released));
    released = waiting.length;
    open.forEach((w) => w.release());
    await new Promise((r) => setTimeout(r, 2));
  }
}

function setup(fetchOutput: (url: string) => Promise<Response>) {
  const store = memoryStore();
  const keeper = createKeeper({
    store,
    publicUrl: ORIGIN,
    keepMs: 86_400_000,
    now: () => Date.now(),
    secret: { get: async () => secret, refresh: async () => undefined },
    fetchOutput,
    isOutputUrl: (s) => s.startsWith('https://replicate.delivery/'),
  });
  const deliver = (prediction: object, msgId: string, note: (text: string) => void = () => undefined) => {
    const body = JSON.stringify(prediction);
    const stamp = Math.floor(Date.now() / 1000);
    const request = new Request(`${ORIGIN}/webhooks/replicate`, {
      method: 'POST',
      headers: { 'webhook-id': msgId, 'webhook-timestamp': String(stamp), 'webhook-signature': signPayload(secret, msgId, stamp, body) },
      body,
    });
    return keeper.webhook(request, note);
  };
  return { store, keeper, deliver };
}

const urls = Array.from({ length: 16 }, (_, i) => `https://replicate.delivery/p/out-${i}.png`);
const finished = { id: 'p16', status: 'succeeded', output: urls };

it('copies a 16-output prediction several files at once, at most six', async () => {
  const files = heldFiles();
  const { keeper, deliver } = setup(files.fetchOutput);
  await keeper.created('prediction', { id: 'p16' }, 'open');
  const answer = deliver(finished, 'msg_a');
  // Release whatever is waiting, tick by tick; one after another would never have more than one waiting.
  await releaseUntilAnswered(answer, files.waiting, (open) => open);
  expect((await answer).status).toBe(200);
  expect(files.mostOpen()).toBe(6);
});

it('keeps each file under its own output index whatever order the copies finish in', async () => {
  const files = heldFiles();
  const { keeper, deliver } = setup(files.fetchOutput);
  await keeper.created('prediction', { id: 'p16' }, 'open');
  const answer = deliver(finished, 'msg_b');
  // The newest first: later outputs finish before earlier ones.
  await releaseUntilAnswered(answer, files.waiting, (open) => open.reverse());
  expect((await answer).status).toBe(200);
  const kept = (await (await keeper.read('/kept/p16', 'open', ORIGIN)).json()) as { output: string[] };
  expect(kept.output).toEqual(urls.map((_, i) => `${ORIGIN}/kept/p16/${i}`));
  for (const [i, url] of urls.entries()) {
    expect(await (await keeper.read(`/kept/p16/${i}`, 'open', ORIGIN)).text()).toBe(`bytes of ${url}`);
  }
});

it('a copy that fails refuses the delivery, starts no new copies, and the retry keeps every file', async () => {
  let failing = true;
  const fetched: string[] = [];
  const { keeper, deliver } = setup(async (url) => {
    fetched.push(url);
    if (failing && url.endsWith('out-2.png')) return new Response('gone', { status: 503 });
    await new Promise((r) => setTimeout(r, 1));
    return new Response(`bytes of ${url}`, { headers: { 'content-type': 'image/png' } });
  });
  await keeper.created('prediction', { id: 'p16' }, 'open');
  expect((await deliver(finished, 'msg_c')).status).toBe(502);
  // The six started together; nothing after the failure.
  expect(fetched.length).toBeLessThanOrEqual(6);
  expect((await keeper.read('/kept/p16', 'open', ORIGIN)).status).toBe(404);

  failing = false;
  expect((await deliver(finished, 'msg_c')).status).toBe(200);
  const kept = (await (await keeper.read('/kept/p16', 'open', ORIGIN)).json()) as { output: string[] };
  expect(kept.output).toHaveLength(16);
  expect(await (await keeper.read('/kept/p16/15', 'open', ORIGIN)).text()).toBe(`bytes of ${urls[15]}`);
});

it('a delivery retried while the first is still copying gets its answer without copying again', async () => {
  const files = heldFiles();
  const { keeper, deliver, store } = setup(files.fetchOutput);
  await keeper.created('prediction', { id: 'p16' }, 'open');
  const first = deliver(finished, 'msg_d');
  // Replicate stopped waiting and delivers the same message again while the copies are held.
  while (files.waiting.length === 0) await new Promise((r) => setTimeout(r, 1));
  const notes: string[] = [];
  const retry = deliver(finished, 'msg_d', (text) => notes.push(text));
  // Held until the retry has been heard (verifying it is asynchronous): released sooner, on a
  // loaded machine the first could finish before the retry arrived, and that is another case.
  // A retry that copied again would ask for more files than the six the first holds.
  let retrySettled = false;
  const settled = () => (retrySettled = true);
  retry.then(settled, settled);
  while (notes.length === 0 && files.waiting.length <= 6 && !retrySettled) await new Promise((r) => setTimeout(r, 1));
  await releaseUntilAnswered(Promise.all([first, retry]).then(([r]) => r), files.waiting, (open) => open);
  expect((await first).status).toBe(200);
  expect((await retry).status).toBe(200);
  expect(await (await retry).json()).toEqual({ kept: true, outputs: 16 });
  expect(notes).toEqual(['joined the delivery being copied']);
  expect(files.waiting.map((w) => w.url)).toEqual(urls);
  expect([...store.objects.keys()].filter((k) => !k.endsWith('record.json'))).toHaveLength(16);
});

it('a file whose connection breaks is fetched once more, and the delivery is kept', async () => {
  const broken = new Set<string>();
  const { keeper, deliver } = setup(async (url) => {
    if (url.endsWith('out-4.png') && !broken.has(url)) {
      broken.add(url);
      throw new TypeError('fetch failed: other side closed');
    }
    return new Response(`bytes of ${url}`, { headers: { 'content-type': 'image/png' } });
  });
  await keeper.created('prediction', { id: 'p16' }, 'open');
  expect((await deliver(finished, 'msg_e')).status).toBe(200);
  expect(await (await keeper.read('/kept/p16/4', 'open', ORIGIN)).text()).toBe(`bytes of ${urls[4]}`);
});
