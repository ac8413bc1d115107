/**
 * Where the relay keeps finished predictions' outputs: an R2 bucket on Workers (a binding),
 * a folder for the Node entry (relay/folder-store.ts). Keys are `kept/<prediction id>/...`.
 * No Node imports here.
 */

export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
  contentType: string;
}

export interface KeptStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | undefined>;
  /** Keys under `prefix`, all of them. */
  list(prefix: string): Promise<string[]>;
  delete(keys: string[]): Promise<void>;
}

/** The part of Workers' R2Bucket binding the relay uses (typed here: no workers-types dependency). */
export interface R2BucketLike {
  put(key: string, value: ArrayBuffer | Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number; httpMetadata?: { contentType?: string } } | null>;
  delete(keys: string | string[]): Promise<void>;
  list(options: { prefix?: string; cursor?: string; limit?: number }): Promise<{ objects: { key: string }[]; truncated: boolean; cursor?: string }>;
}

export function r2Store(bucket: R2BucketLike): KeptStore {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      if (!object) return undefined;
      return { body: object.body, size: object.size, contentType: object.httpMetadata?.contentType ?? 'application/octet-stream' };
    },
    async list(prefix) {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
        keys.push(...page.objects.map((o) => o.key));
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return keys;
    },
    async delete(keys) {
      // R2 deletes at most 1000 keys a call.
      for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
    },
  };
}

export async function readJson<T>(store: KeptStore, key: string): Promise<T | undefined> {
  const object = await store.get(key);
  if (!object) return undefined;
  try {
    return JSON.parse(await new Response(object.body).text()) as T;
  } catch {
    return undefined;
  }
}

export function writeJson(store: KeptStore, key: string, value: unknown): Promise<void> {
  return store.put(key, new TextEncoder().encode(JSON.stringify(value)), 'application/json');
}
