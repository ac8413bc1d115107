/**
 * The fake Replicate HTTP server: routing, auth, throttling, faults and sync mode.
 * Shapes follow /work/shared/reference/replicate-openapi.yml and FACTS.md (Replicate).
 *
 * Choices where the OpenAPI document is silent:
 * - Errors are problem+json `{title, detail, status}` (as Replicate sends); 404 for an unknown
 *   model/prediction is `{"detail":"Not found.","status":404}` (application/json).
 * - A `Prefer: wait...` value not matching `^wait(=([1-9]|[1-9][0-9]|60))?$` gets 400
 *   "Invalid Prefer header"; other preferences are ignored.
 * - An unparseable `Cancel-After` gets 400. No minimum duration is enforced (Replicate's is 5 s)
 *   so tests can stay fast.
 * - Create answers 201 with whatever status the prediction has (sync or not).
 * - Output files (/delivery/...) and file downloads (/v1/files/{id}/download) need no token.
 * - Language models' `urls.stream` is `<publicUrl>/streams/<id>` (Replicate's is on another
 *   host), served with no token, always present (`stream` is deprecated); `stream: true` for a
 *   model that cannot stream gets 422, as the 2024-07-15 changelog says (wording the fake's).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Faults } from './faults';
import { FileStore, MAX_FILE_BYTES } from './files';
import { bearer, lowerHeaders, parseDuration, parsePrefer, readBody, sendBytes, sendJson, sendProblem, sleep } from './http';
import { rng } from './images';
import { validateInput, validationDetail } from './input-validation';
import { findByVersion, findModel, modelJson, MODELS, versionJson, type ModelEntry } from './models';
import { serveEventStream } from './event-stream';
import { PredictionStore } from './predictions';
import { RateLimiter } from './rate-limit';
import { TrainingStore } from './trainings';
import { UserModels, versionOf } from './user-models';
import type { Fault, FakeReplicate, FakeReplicateOptions, RecordedRequest } from './types';
import { newWebhookSecret, WebhookSender } from './webhook-sender';

const NOT_FOUND = { detail: 'Not found.', status: 404 };
/** The account every token of the fake belongs to (GET /v1/account). */
export const FAKE_ACCOUNT = 'test';
/** A brisk hosted model's speed, so the demo streams the way a real one does. */
export const DEFAULT_TOKENS_PER_SECOND = 60;
/** Multipart overhead allowed on top of the 100 MiB file limit before we stop buffering. */
const BODY_LIMIT = MAX_FILE_BYTES + 1024 * 1024;
/** Replicate deletes API predictions' outputs an hour after they finish. */
export const DATA_RETENTION_MS = 60 * 60 * 1000;

export async function startFakeReplicate(options: FakeReplicateOptions = {}): Promise<FakeReplicate> {
  const host = options.host ?? '127.0.0.1';
  const tokens = new Set(options.tokens ?? ['r8_test_token']);
  const noCredit = new Set(options.noCreditTokens ?? []);
  const random = rng(options.seed ?? 0x5eed);
  const faults = new Faults(options.seed ?? 0x5eed);
  const limiter = new RateLimiter(options.rateLimits?.createPerMinute ?? 600, options.rateLimits?.otherPerMinute ?? 3000);
  const requests: RecordedRequest[] = [];
  const files = new FileStore();
  const userModels = new UserModels(FAKE_ACCOUNT);
  // Webhooks: one `completed` delivery per prediction or training created with a `webhook`.
  const webhookSecret = options.webhookSecret ?? newWebhookSecret();
  const sender = new WebhookSender(webhookSecret, options.webhookRetryDelaysMs ?? [250, 1000, 4000]);
  const webhookTargets = new Map<string, string>();
  const sending = new Set<Promise<void>>();
  const clock = options.clock ?? (() => Date.now());
  const watch = (id: string, body: Record<string, unknown>) => {
    const filter = body.webhook_events_filter;
    const wantsCompleted = !Array.isArray(filter) || filter.includes('completed');
    if (typeof body.webhook === 'string' && wantsCompleted) webhookTargets.set(id, body.webhook);
  };
  const notify = (id: string, payload: object) => {
    const url = webhookTargets.get(id);
    if (!url) return;
    webhookTargets.delete(id);
    const sent = sender.send(url, payload);
    sending.add(sent);
    void sent.finally(() => sending.delete(sent));
  };
  const retain = (id: string) => {
    const p = store.predictions.get(id);
    if (p?.completed_at && clock() - Date.parse(p.completed_at) > DATA_RETENTION_MS) store.removeData(id);
  };
  const trainings = new TrainingStore({
    fetchInput: (url) => fetchInput(url),
    userModels,
    publicUrl: () => publicUrl(),
    apiUrl: () => ownUrl,
    onEnd: (t) => notify(t.id, trainings.json(t)),
  });
  if (options.tokensPerSecond !== undefined && !(options.tokensPerSecond > 0)) {
    throw new Error(`tokensPerSecond must be positive, got ${options.tokensPerSecond}`);
  }
  let ownUrl = '';
  const publicUrl = () => (options.publicUrl ?? ownUrl).replace(/\/+$/, '');

  const store = new PredictionStore(
    {
      publicUrl,
      apiUrl: () => ownUrl,
      outputScale: options.outputScale ?? 1,
      random,
      fetchInput: (url) => fetchInput(url),
      tokensPerSecond: options.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND,
      onEnd: (p) => notify(p.id, store.json(p)),
    },
    options.latencyMs ?? 300,
  );

  /** Resolves an input file URL the way a model worker would download it. */
  async function fetchInput(url: string): Promise<Buffer> {
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      if (comma < 0) throw new Error('malformed data URL');
      const meta = url.slice(5, comma);
      const data = url.slice(comma + 1);
      return meta.endsWith(';base64') ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data));
    }
    for (const base of [publicUrl(), ownUrl]) {
      if (!url.startsWith(base + '/')) continue;
      const path = url.slice(base.length).split('?')[0];
      const f = /^\/v1\/files\/([^/]+)(?:\/download)?$/.exec(path);
      if (f) {
        const file = files.files.get(f[1]);
        if (!file) throw new Error('404 Not Found');
        return file.bytes;
      }
      const d = /^\/delivery\/([^/]+)\/([^/]+)$/.exec(path);
      if (d) {
        const out = store.output(d[1], d[2]);
        if (!out) throw new Error('404 Not Found');
        return out.bytes();
      }
    }
    const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    return Buffer.from(await res.arrayBuffer());
  }

  function tokenOk(token: string | undefined): token is string {
    if (!token) return false;
    if (tokens.has(token) || noCredit.has(token)) return true;
    return !!options.acceptAnyToken && token.startsWith('r8_') && token.length > 3;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const path = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    const query = qi < 0 ? '' : rawUrl.slice(qi);
    const headers = lowerHeaders(req);
    const declared = Number(headers['content-length'] ?? '0');
    if (declared > BODY_LIMIT && tokenOk(bearer(headers['authorization']))) {
      // Answer an oversized upload at once (as a proxy with a body limit does); drain the rest.
      requests.push({ method, path, query, headers, body: undefined, at });
      req.resume();
      return sendProblem(res, 413, 'Request Entity Too Large', 'File too large. The maximum file size is 100 MiB.', {}, { connection: 'close' });
    }
    const { bytes, tooLarge } = await readBody(req, BODY_LIMIT);
    let body: unknown;
    let badJson = false;
    const ctype = headers['content-type'] ?? '';
    if (bytes.length > 0 && (ctype.includes('json') || !ctype)) {
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch {
        badJson = ctype.includes('json');
      }
    }
    requests.push({ method, path, query, headers, body, at });

    const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
    const isCreate =
      method === 'POST' &&
      ((seg.length === 2 && seg[0] === 'v1' && seg[1] === 'predictions') ||
        (seg.length === 5 && seg[0] === 'v1' && seg[1] === 'models' && seg[4] === 'predictions'));

    // ---- faults
    const fault = faults.take(method, path, isCreate);
    let predictionFault: Fault | undefined;
    if (fault) {
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'status') {
        const h: Record<string, string> = {};
        if (fault.retryAfter !== undefined) h['retry-after'] = String(fault.retryAfter);
        if (fault.body !== undefined) {
          sendBytes(res, fault.status, Buffer.from(fault.body), fault.contentType ?? 'text/plain; charset=utf-8', h);
        } else if (fault.status === 429) {
          const s = fault.retryAfter ?? 1;
          sendProblem(res, 429, 'Too Many Requests', `Request was throttled. Your rate limit resets in ~${s}s.`, {}, h);
        } else {
          sendProblem(res, fault.status, fault.status >= 500 ? 'Internal Server Error' : 'Error', `Injected fault (${fault.status})`, {}, h);
        }
        return;
      }
      if (fault.kind === 'delay') await sleep(fault.ms);
      if (fault.kind === 'fail-prediction' || fault.kind === 'cancel-upstream') predictionFault = fault;
    }
    if (res.destroyed) return;

    const getLike = method === 'GET' || method === 'HEAD';

    // ---- unauthenticated file serving
    if (getLike && seg[0] === 'delivery' && seg.length === 3) {
      retain(seg[1]);
      const out = store.output(seg[1], seg[2]);
      if (!out) return sendJson(res, 404, NOT_FOUND);
      const data = await out.bytes();
      return sendBytes(res, 200, data, out.contentType, { 'cache-control': 'public, max-age=3600' });
    }
    // Replicate's stream URLs carry their own access (its client sends no token to them).
    if (getLike && seg[0] === 'streams' && seg.length === 2) {
      const run = store.text(seg[1]);
      if (!run) return sendJson(res, 404, NOT_FOUND);
      return serveEventStream(req, res, run, method === 'HEAD');
    }
    if (getLike && seg.length === 4 && seg[0] === 'v1' && seg[1] === 'files' && seg[3] === 'download') {
      const f = files.files.get(seg[2]);
      if (!f) return sendJson(res, 404, NOT_FOUND);
      return sendBytes(res, 200, f.bytes, f.content_type, {
        'content-disposition': `attachment; filename="${f.name.replace(/"/g, '')}"`,
      });
    }
    if (seg[0] !== 'v1') return sendJson(res, 404, NOT_FOUND);

    // ---- auth and throttling
    const token = bearer(headers['authorization']);
    if (!tokenOk(token)) {
      return sendProblem(res, 401, 'Unauthenticated', 'You did not pass a valid authentication token');
    }
    const wait = limiter.take(token, isCreate);
    if (wait > 0) {
      return sendProblem(
        res,
        429,
        'Too Many Requests',
        `Request was throttled. Your rate limit resets in ~${wait}s.`,
        {},
        { 'retry-after': String(wait) },
      );
    }
    if (badJson) return sendProblem(res, 400, 'Invalid JSON', 'The request body is not valid JSON.');

    // ---- routes
    const r = seg.slice(1);
    if (getLike && r.length === 3 && r[0] === 'webhooks' && r[1] === 'default' && r[2] === 'secret') {
      return sendJson(res, 200, { key: webhookSecret });
    }
    if (getLike && r.length === 1 && r[0] === 'account') {
      return sendJson(res, 200, { type: 'user', username: FAKE_ACCOUNT, name: 'Test', github_url: 'https://github.com/test' });
    }
    if (r[0] === 'models' && method === 'POST' && r.length === 1) {
      const answer = userModels.create(body);
      if (answer.ok) return sendJson(res, 201, answer.json);
      return sendProblem(res, answer.status, answer.title, answer.detail, answer.invalid ? { invalid_fields: answer.invalid } : {});
    }
    // A model of the person's own (made by POST /v1/models, given versions by trainings).
    const own = r[0] === 'models' && r.length >= 3 && !findModel(r[1], r[2]) ? userModels.get(r[1], r[2]) : undefined;
    if (own) {
      if (getLike && r.length === 3) return sendJson(res, 200, userModels.json(own));
      if (getLike && r.length === 4 && r[3] === 'versions') {
        return sendJson(res, 200, { next: null, previous: null, results: [...own.versions].reverse().map(versionOf) });
      }
      const version = r.length >= 5 && r[3] === 'versions' ? own.versions.find((v) => v.versionId === r[4]) : undefined;
      if (getLike && r.length === 5 && version) return sendJson(res, 200, versionOf(version));
      const latest = userModels.latest(own);
      if (method === 'POST' && r.length === 4 && r[3] === 'predictions' && latest) {
        return createPrediction(req, res, latest, body, token, headers, predictionFault);
      }
      return sendJson(res, 404, NOT_FOUND);
    }
    if (r[0] === 'models') {
      if (getLike && r.length === 1) {
        return sendJson(res, 200, { next: null, previous: null, results: [...MODELS.values()].map(modelJson) });
      }
      const model = r.length >= 3 ? findModel(r[1], r[2]) : undefined;
      if (r.length >= 3 && !model) return sendJson(res, 404, NOT_FOUND);
      if (model) {
        if (getLike && r.length === 3) return sendJson(res, 200, modelJson(model));
        if (getLike && r.length === 4 && r[3] === 'versions') {
          return sendJson(res, 200, { next: null, previous: null, results: [versionJson(model)] });
        }
        if (getLike && r.length === 5 && r[3] === 'versions') {
          if (r[4] !== model.versionId) return sendJson(res, 404, NOT_FOUND);
          return sendJson(res, 200, versionJson(model));
        }
        if (method === 'POST' && r.length === 4 && r[3] === 'predictions') {
          return createPrediction(req, res, model, body, token, headers, predictionFault);
        }
        if (method === 'POST' && r.length === 6 && r[3] === 'versions' && r[5] === 'trainings') {
          if (r[4] !== model.versionId) return sendJson(res, 404, NOT_FOUND);
          if (noCredit.has(token)) {
            return sendProblem(res, 402, 'Insufficient credit', 'You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit.');
          }
          const b = (body ?? {}) as Record<string, unknown>;
          if (typeof b.destination !== 'string' || typeof b.input !== 'object' || b.input === null) {
            const invalid = [
              ...(typeof b.destination !== 'string' ? [{ type: 'required', field: '(root)', description: 'destination is required' }] : []),
              ...(typeof b.input !== 'object' || b.input === null ? [{ type: 'required', field: '(root)', description: 'input is required' }] : []),
            ];
            return sendProblem(res, 422, 'Input validation failed', validationDetail(invalid), { invalid_fields: invalid });
          }
          const [destOwner, destName] = b.destination.split('/');
          if (!destName || !userModels.get(destOwner, destName)) {
            return sendProblem(res, 404, 'Not found', 'The specified training destination does not exist');
          }
          const t = trainings.create(model, b.destination, b.input as Record<string, unknown>, store.latencyOf(model.id) * 4);
          watch(t.id, b);
          return sendJson(res, 201, trainings.json(t));
        }
      }
    }
    if (r[0] === 'predictions') {
      if (method === 'POST' && r.length === 1) {
        const b = body as Record<string, unknown> | undefined;
        const version = b && typeof b.version === 'string' ? b.version : undefined;
        if (!version) {
          const invalid = [{ type: 'required', field: '(root)', description: 'version is required' }];
          return sendProblem(res, 422, 'Input validation failed', validationDetail(invalid), { invalid_fields: invalid });
        }
        const model = findByVersion(version) ?? userModels.byVersion(version);
        if (!model) {
          return sendProblem(
            res,
            422,
            'Invalid version or not permitted',
            'The specified version does not exist (or perhaps you don\'t have permission to use it?)',
          );
        }
        return createPrediction(req, res, model, body, token, headers, predictionFault);
      }
      if (getLike && r.length === 1) {
        const results = [...store.predictions.values()].reverse().map((p) => store.json(p));
        return sendJson(res, 200, { next: null, previous: null, results });
      }
      const p = r.length >= 2 ? store.predictions.get(r[1]) : undefined;
      if (r.length >= 2 && !p) return sendJson(res, 404, NOT_FOUND);
      if (p && getLike && r.length === 2) {
        retain(p.id);
        return sendJson(res, 200, store.json(p));
      }
      if (p && method === 'POST' && r.length === 3 && r[2] === 'cancel') {
        store.cancel(p.id);
        return sendJson(res, 200, store.json(p));
      }
    }
    if (r[0] === 'trainings') {
      if (getLike && r.length === 1) {
        return sendJson(res, 200, { next: null, previous: null, results: [...trainings.trainings.values()].reverse() });
      }
      const t = r.length >= 2 ? trainings.trainings.get(r[1]) : undefined;
      if (r.length >= 2 && !t) return sendJson(res, 404, NOT_FOUND);
      if (t && getLike && r.length === 2) return sendJson(res, 200, trainings.json(t));
      if (t && method === 'POST' && r.length === 3 && r[2] === 'cancel') return sendJson(res, 200, trainings.json(trainings.cancel(t.id)!));
    }
    if (r[0] === 'files') {
      if (method === 'POST' && r.length === 1) {
        if (tooLarge) return sendProblem(res, 413, 'Request Entity Too Large', 'File too large. The maximum file size is 100 MiB.');
        try {
          const f = await files.upload(bytes, ctype);
          return sendJson(res, 201, files.json(f, publicUrl()));
        } catch (e) {
          const status = (e as { status?: number }).status ?? 400;
          return sendProblem(res, status, status === 413 ? 'Request Entity Too Large' : 'Bad Request', (e as Error).message);
        }
      }
      if (getLike && r.length === 1) {
        return sendJson(res, 200, { next: null, previous: null, results: [...files.files.values()].reverse().map((f) => files.json(f, publicUrl())) });
      }
      const f = r.length === 2 ? files.files.get(r[1]) : undefined;
      if (r.length === 2 && !f) return sendJson(res, 404, NOT_FOUND);
      if (f && getLike) return sendJson(res, 200, files.json(f, publicUrl()));
      if (f && method === 'DELETE') {
        files.files.delete(f.id);
        res.writeHead(204);
        res.end();
        return;
      }
    }
    return sendJson(res, 404, NOT_FOUND);
  }

  async function createPrediction(
    req: IncomingMessage,
    res: ServerResponse,
    model: ModelEntry,
    body: unknown,
    token: string,
    headers: Record<string, string>,
    fault: Fault | undefined,
  ): Promise<void> {
    const prefer = parsePrefer(headers['prefer']);
    if (prefer === 'invalid') {
      return sendProblem(res, 400, 'Invalid Prefer header', 'Prefer must match ^wait(=([1-9]|[1-9][0-9]|60))?$ (wait at most 60 seconds).');
    }
    const cancelAfter = parseDuration(headers['cancel-after']);
    if (cancelAfter === 'invalid') {
      return sendProblem(res, 400, 'Invalid Cancel-After header', 'Cancel-After must be a duration such as 30s, 5m or 1h.');
    }
    if (noCredit.has(token)) {
      return sendProblem(
        res,
        402,
        'Insufficient credit',
        'You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit. Once you purchase credit, please wait a few minutes before trying again.',
      );
    }
    const b = (body ?? {}) as Record<string, unknown>;
    // `stream` is deprecated (language models always stream) but still refused for a model
    // that cannot stream (the 2024-07-15 changelog); the wording here is the fake's own.
    if (b.stream === true && !model.text) {
      return sendProblem(res, 422, 'Streaming not supported', `${model.id} does not support streaming output. Create the prediction without "stream": true.`);
    }
    const v = validateInput(model.schema, b.input);
    if (v.invalid.length) {
      return sendProblem(res, 422, 'Input validation failed', validationDetail(v.invalid), { invalid_fields: v.invalid });
    }
    const p = store.create({
      model,
      input: b.input as Record<string, unknown>,
      plannedInput: v.withDefaults,
      ignored: v.ignored,
      token,
      sync: prefer !== undefined,
      cancelAfterMs: cancelAfter ?? null,
      fault,
    });
    watch(p.id, b);
    if (prefer !== undefined) {
      const gone = new AbortController();
      const onClose = () => gone.abort();
      res.on('close', onClose);
      await store.waitTerminal(p.id, prefer * 1000, gone.signal);
      res.off('close', onClose);
    }
    void req;
    return sendJson(res, 201, store.json(p));
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) sendProblem(res, 500, 'Internal Server Error', String((e as Error)?.message ?? e));
      else res.destroy();
    });
  });
  // Longer than clients' own keep-alive (undici: 4 s), so a busy machine's late timer never
  // closes a socket a client is just reusing (ECONNRESET); close() destroys sockets anyway.
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  ownUrl = `http://${shownHost}:${addr.port}`;

  return {
    url: ownUrl,
    requests,
    predictions: store.predictions,
    faults,
    setLatency: (m, ms) => store.setLatency(m, ms),
    setTokensPerSecond: (n) => store.setTokensPerSecond(n),
    webhookSecret,
    webhooks: sender.deliveries,
    webhooksSettled: () => Promise.all([...sending]).then(() => undefined),
    close: () =>
      new Promise<void>((resolve) => {
        sender.close();
        store.close();
        trainings.close();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
