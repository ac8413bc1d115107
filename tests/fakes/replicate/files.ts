/**
 * Replicate's Files API: POST /v1/files (multipart/form-data, field `content`, optional JSON
 * `metadata`, at most 100 MiB), GET/DELETE /v1/files/{id}, bytes at /v1/files/{id}/download.
 * Files expire 24 h after upload (reported in `expires_at`; not enforced).
 */
import { createHash, randomBytes } from 'node:crypto';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface StoredFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  etag: string;
  checksums: { sha256: string; md5: string };
  metadata: Record<string, unknown>;
  created_at: string;
  expires_at: string;
  bytes: Buffer;
}

export class FileStore {
  readonly files = new Map<string, StoredFile>();

  /** Parses a multipart body; throws an Error with `status` for bad requests. */
  async upload(body: Buffer, contentType: string): Promise<StoredFile> {
    const req = new Request('http://local/upload', {
      method: 'POST',
      headers: { 'content-type': contentType },
      // A Buffer is a valid body at runtime; TS's lib types only want ArrayBuffer-backed views.
      body: body as unknown as BodyInit,
    });
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw Object.assign(new Error('Expected a multipart/form-data body with a `content` field'), { status: 400 });
    }
    const content = form.get('content');
    if (!content || typeof content === 'string') {
      throw Object.assign(new Error('Missing file in `content` field'), { status: 400 });
    }
    const blob = content as File;
    const bytes = Buffer.from(await blob.arrayBuffer());
    if (bytes.length > MAX_FILE_BYTES) {
      throw Object.assign(new Error('File too large. The maximum file size is 100 MiB.'), { status: 413 });
    }
    let metadata: Record<string, unknown> = {};
    const meta = form.get('metadata');
    if (typeof meta === 'string' && meta) {
      try {
        metadata = JSON.parse(meta) as Record<string, unknown>;
      } catch {
        throw Object.assign(new Error('metadata must be a JSON object'), { status: 400 });
      }
    } else if (meta && typeof meta !== 'string') {
      try {
        metadata = JSON.parse(await (meta as Blob).text()) as Record<string, unknown>;
      } catch {
        throw Object.assign(new Error('metadata must be a JSON object'), { status: 400 });
      }
    }
    const now = Date.now();
    const md5 = createHash('md5').update(bytes).digest('hex');
    const file: StoredFile = {
      id: randomBytes(13).toString('hex').slice(0, 26),
      name: blob.name || 'file',
      content_type: blob.type || 'application/octet-stream',
      size: bytes.length,
      etag: md5,
      checksums: { sha256: createHash('sha256').update(bytes).digest('hex'), md5 },
      metadata,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + 24 * 3600 * 1000).toISOString(),
      bytes,
    };
    this.files.set(file.id, file);
    return file;
  }

  json(f: StoredFile, publicUrl: string): Record<string, unknown> {
    const { bytes: _b, ...rest } = f;
    return { ...rest, urls: { get: `${publicUrl}/v1/files/${f.id}/download` } };
  }
}
