/**
 * Keeping outputs past Replicate's hour. With a public URL the relay creates predictions (and
 * trainings) with a webhook to itself; on a verified `completed` delivery it copies the output
 * files into storage (R2 or a folder) under the prediction's id and output index, with the
 * prediction's final state, for the deployer's retention. The person whose key created a
 * prediction reads it back at GET /kept/<id> (output URLs pointing at GET /kept/<id>/<index>).
 * No Node imports here.
 */

import { errorResponse, jsonResponse, withCors } from './cors';
import { copyOutputs } from './copy-outputs';
import { downloadContentType } from './download';
import { readJson, writeJson, type KeptStore } from './kept-store';
import { outputFiles, replaceStrings } from './output-strings';
import { isSafeSegment } from './routes';
import { verifyWebhook } from './webhooks';

export const WEBHOOK_PATH = '/webhooks/replicate';
export const KEPT_PREFIX = '/kept/';
export const DEFAULT_KEEP_DAYS = 30;
/** Prediction JSON (its input may hold data URLs of a few hundred KB each). */
const MAX_WEBHOOK_BYTES = 16 * 1024 * 1024;
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

export type KeptKind = 'prediction' | 'training';

export interface KeptRecord {
  id: string;
  kind: KeptKind;
  /** SHA-256 of the key that created it ('open' on an open relay). */
  owner: string;
  createdAt: number;
  status: string;
  /** Until then the record waits for its webhook; after it, it and its files are deleted. */
  expiresAt: number;
  completedAt?: number;
  /** The final prediction as Replicate sent it (output URLs are Replicate's). */
  final?: Record<string, unknown>;
  /** The copied files, in the order their URLs appear in the output. */
  outputs?: { url: string; contentType: string; size: number }[];
  /** Deliveries taken, so a replayed one changes nothing. */
  webhookIds?: string[];
}

export interface KeeperOptions {
  store: KeptStore;
  /** The relay's public origin, e.g. https://relay.example.workers.dev. */
  publicUrl: string;
  keepMs: number;
  now: () => number;
  /** The account's signing secret (cached), and a refetch after a mismatch. */
  secret: { get(): Promise<string>; refresh(): Promise<string | undefined> };
  toleranceSeconds?: number;
  /** Fetches an output URL through the relay's download rules (allow-listed hosts, redirects re-checked). */
  fetchOutput: (url: string) => Promise<Response>;
  /** Whether a string in an output is a file the download rules allow. */
  isOutputUrl: (value: string) => boolean;
}

const recordKey = (id: string) => `kept/${id}/record.json`;
const outputKey = (id: string, index: number) => `kept/${id}/${index}`;

export async function ownerOf(key: string | undefined): Promise<string> {
  if (!key) return 'open';
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`relay-key:${key}`)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function createKeeper(options: KeeperOptions) {
  const { store, now } = options;
  const webhookUrl = options.publicUrl.replace(/\/+$/, '') + WEBHOOK_PATH;

  async function load(id: string): Promise<KeptRecord | undefined> {
    return isSafeSegment(id) ? readJson<KeptRecord>(store, recordKey(id)) : undefined;
  }

  async function forget(id: string): Promise<void> {
    await store.delete(await store.list(`kept/${id}/`));
  }

  /**
   * Completions being copied, by prediction id. Replicate retries a delivery it stopped waiting
   * for while the first is still copying; the retry gets the first one's answer instead of
   * copying every file again (within one process or isolate: across isolates a second copy
   * writes the same files again, which is only waste).
   */
  const copying = new Map<string, Promise<Answer>>();
  type Answer = { status: number; body: string; headers: [string, string][] };
  const respond = (a: Answer) => new Response(a.body, { status: a.status, headers: a.headers });

  /** Copies a verified completion's outputs into storage and records its final state. */
  async function keep(record: KeptRecord, prediction: Record<string, unknown>, status: string, webhookId: string, note: (text: string) => void): Promise<Response> {
    const id = record.id;
    const started = now();
    let outputs: NonNullable<KeptRecord['outputs']> = [];
    let timing = '';
    if (record.kind === 'prediction' && status === 'succeeded') {
      const urls = outputFiles(prediction.output, options.isOutputUrl);
      const copied = await copyOutputs({ urls, keyOf: (index) => outputKey(id, index), store, fetchOutput: options.fetchOutput, now });
      if (!copied.ok) {
        note(`output ${copied.index} not copied`);
        // Not taken: Replicate retries, and the files are there for an hour.
        return errorResponse(502, 'Output not copied', 'The relay could not copy an output file; deliver again.');
      }
      outputs = copied.outputs;
      timing = ` (download ${copied.downloadMs}ms, storage ${copied.storeMs}ms)`;
    }
    const done = now();
    const final: KeptRecord = {
      ...record,
      status,
      completedAt: done,
      expiresAt: done + options.keepMs,
      final: prediction,
      outputs,
      webhookIds: [...(record.webhookIds ?? []), webhookId],
    };
    await writeJson(store, recordKey(id), final);
    note(`kept ${outputs.length} outputs ${done - started}ms${timing}`);
    return jsonResponse(200, { kept: true, outputs: outputs.length });
  }

  return {
    webhookUrl,

    /** Create bodies get the relay's webhook, for the final state only (Replicate then sends one delivery). */
    withWebhook(body: Record<string, unknown>): Record<string, unknown> {
      return { ...body, webhook: webhookUrl, webhook_events_filter: ['completed'] };
    },

    /** After Replicate accepted a create: remember who made it, so only they read it back. */
    async created(kind: KeptKind, created: unknown, owner: string): Promise<void> {
      const id = (created as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || !isSafeSegment(id)) return;
      const at = now();
      const record: KeptRecord = { id, kind, owner, createdAt: at, status: 'pending', expiresAt: at + options.keepMs };
      await writeJson(store, recordKey(id), record);
    },

    /** POST /webhooks/replicate. `note` names what happened for the request's log line. */
    async webhook(request: Request, note: (text: string) => void): Promise<Response> {
      const declared = Number(request.headers.get('content-length') ?? '0');
      if (declared > MAX_WEBHOOK_BYTES) return errorResponse(413, 'Request body too large', 'A webhook delivery is a prediction, far below this size.');
      const bytes = new Uint8Array(await request.arrayBuffer());
      if (bytes.length > MAX_WEBHOOK_BYTES) return errorResponse(413, 'Request body too large', 'A webhook delivery is a prediction, far below this size.');
      let secret: string;
      try {
        secret = await options.secret.get();
      } catch {
        // Replicate retries a delivery that failed; the secret may be readable by then.
        return errorResponse(503, 'Webhook secret unavailable', 'The relay could not read its webhook signing secret from Replicate.');
      }
      const check = { nowMs: now(), toleranceSeconds: options.toleranceSeconds };
      let verdict = await verifyWebhook(request.headers, bytes, secret, check);
      if (!verdict.ok && verdict.reason === 'bad-signature') {
        const rotated = await options.secret.refresh().catch(() => undefined);
        if (rotated && rotated !== secret) verdict = await verifyWebhook(request.headers, bytes, rotated, check);
      }
      if (!verdict.ok) {
        note(`refused ${verdict.reason}`);
        const detail = {
          unsigned: 'The webhook-id, webhook-timestamp and webhook-signature headers are required.',
          malformed: 'The webhook headers are malformed.',
          stale: 'The webhook timestamp is too far from now.',
          'bad-signature': 'The webhook signature does not match.',
        }[verdict.reason];
        return errorResponse(401, 'Webhook refused', detail);
      }
      let prediction: Record<string, unknown>;
      try {
        prediction = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      } catch {
        return errorResponse(400, 'Bad request', 'The webhook body is not JSON.');
      }
      const id = typeof prediction?.id === 'string' ? prediction.id : '';
      const record = await load(id);
      // Only what was created through this relay is kept. Replicate retries, which also covers a
      // delivery that overtakes the create reply (sync mode) before the record is written.
      if (!record) {
        note('unknown prediction');
        return errorResponse(404, 'Unknown prediction', 'This relay did not create that prediction.');
      }
      if (record.webhookIds?.includes(verdict.id)) {
        note('replay');
        return errorResponse(409, 'Already received', 'This delivery was already taken.');
      }
      if (record.status !== 'pending') return jsonResponse(200, { kept: true });
      const status = String(prediction.status ?? '');
      if (!TERMINAL.has(status)) return jsonResponse(202, { kept: false, status });

      const underway = copying.get(id);
      if (underway) {
        note('joined the delivery being copied');
        return respond(await underway);
      }
      const answer = keep(record, prediction, status, verdict.id, note).then(async (r): Promise<Answer> => ({
        status: r.status,
        body: await r.text(),
        headers: [...r.headers],
      }));
      copying.set(id, answer);
      try {
        return respond(await answer);
      } finally {
        copying.delete(id);
      }
    },

    /** GET /kept/<id> and /kept/<id>/<index>, for the key that created it. */
    async read(path: string, owner: string, origin: string): Promise<Response> {
      const [id, index, extra] = path.slice(KEPT_PREFIX.length).split('/');
      const notKept = () => errorResponse(404, 'Not kept', 'This relay keeps no such prediction for your key.');
      if (extra !== undefined || (index !== undefined && !/^\d{1,4}$/.test(index))) return notKept();
      const record = await load(id);
      // Someone else's prediction looks exactly like no prediction.
      if (!record || record.owner !== owner) return notKept();
      if (now() >= record.expiresAt) {
        await forget(id).catch(() => undefined);
        return errorResponse(410, 'No longer kept', 'The relay keeps outputs for a limited time, and this one has passed.');
      }
      if (record.status === 'pending' || !record.final) return notKept();
      if (index === undefined) {
        const base = `${origin}${KEPT_PREFIX}${id}/`;
        const positions = new Map((record.outputs ?? []).map((o, i) => [o.url, i]));
        const output = replaceStrings(record.final.output, (s) => (positions.has(s) ? base + positions.get(s) : s));
        return jsonResponse(200, { ...record.final, output, kept_until: new Date(record.expiresAt).toISOString() });
      }
      const file = Number(index);
      const object = file < (record.outputs?.length ?? 0) ? await store.get(outputKey(id, file)) : undefined;
      if (!object) return notKept();
      const headers = withCors(new Headers({ 'Content-Type': downloadContentType(object.contentType), 'Content-Length': String(object.size) }));
      headers.set('Cache-Control', 'private, max-age=3600');
      return new Response(object.body, { status: 200, headers });
    },

    /** Deletes every prediction past its retention (Workers' cron, the Node entry's timer). */
    async sweep(): Promise<number> {
      const records = (await store.list('kept/')).filter((key) => key.endsWith('/record.json'));
      let removed = 0;
      for (const key of records) {
        const id = key.split('/')[1];
        const record = await load(id);
        if (!record || now() >= record.expiresAt) {
          await forget(id);
          removed++;
        }
      }
      return removed;
    },
  };
}

export type Keeper = ReturnType<typeof createKeeper>;
