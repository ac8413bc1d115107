/** Small HTTP helpers: reading bodies, JSON and problem+json answers, header parsing. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ReadBody {
  bytes: Buffer;
  /** True if the body went over `limit` (the rest was drained, not kept). */
  tooLarge: boolean;
}

export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => resolve({ bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Replicate answers errors as RFC 7807 problem details: {title, detail, status}. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { title, detail, status, ...extra }, headers, 'application/problem+json');
}

export function sendBytes(res: ServerResponse, status: number, bytes: Buffer, contentType: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

/**
 * `Prefer` header. Returns undefined when there is no wait preference, the wait in seconds
 * (60 for bare `wait`), or 'invalid' when it asks to wait but does not match the OpenAPI
 * pattern `^wait(=([1-9]|[1-9][0-9]|60))?$` or asks for more than 60 s. Other preferences (e.g. respond-async) are
 * ignored, as RFC 7240 asks.
 */
export function parsePrefer(header: string | undefined): number | 'invalid' | undefined {
  if (!header) return undefined;
  const prefs = header.split(',').map((s) => s.trim());
  const wait = prefs.find((p) => /^wait\b/i.test(p));
  if (!wait) return undefined;
  const m = /^wait(=([1-9]|[1-9][0-9]|60))?$/.exec(wait);
  if (!m) return 'invalid';
  // The OpenAPI pattern lets 61..99 through; Replicate documents 1..60, so the fake is strict.
  if (m[2] && Number(m[2]) > 60) return 'invalid';
  return m[2] ? Number(m[2]) : 60;
}

/** `Cancel-After`: Go-style duration ('30s', '1m', '1h30m', '1.5s', '500ms') or bare seconds. */
export function parseDuration(header: string | undefined): number | 'invalid' | undefined {
  if (header === undefined) return undefined;
  const v = header.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v))) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60000 : n * 3600000;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== v.length || total <= 0) return 'invalid';
  return Math.round(total);
}

export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

export function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
