import { startFakeReplicate, type FakeReplicate, type FakeReplicateOptions } from '../fakes/replicate';

export const TOKEN = 'r8_test_token';
export const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

export async function start(options: FakeReplicateOptions = {}): Promise<FakeReplicate> {
  return startFakeReplicate({ latencyMs: 120, outputScale: 0.25, ...options });
}

/** Polls the prediction until `check` holds (e.g. some output written), answering it. */
export async function pollUntil(server: FakeReplicate, id: string, check: (p: any) => boolean, timeoutMs = 10_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await api(server, 'GET', `/v1/predictions/${id}`);
    if (check(r.json)) return r.json;
    if (Date.now() > end) throw new Error(`prediction ${id} never got there: ${JSON.stringify(r.json).slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

export async function api(
  server: FakeReplicate,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...AUTH, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

// Generous: a passing test never waits it out, and a loaded CI machine renders the fake's images slowly.
export async function pollUntilDone(server: FakeReplicate, id: string, timeoutMs = 15_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await api(server, 'GET', `/v1/predictions/${id}`);
    if (!['starting', 'processing'].includes(r.json.status)) return r.json;
    if (Date.now() > end) throw new Error(`prediction ${id} still ${r.json.status}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}
