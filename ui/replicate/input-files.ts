/**
 * Input images go to Replicate as data URLs when small (at most 256 KB, Replicate's own
 * advice) and through the files API above that. Both are done here rather than by the
 * `replicate` package, whose data-URL encoder overflows the stack on large files and whose
 * upload path needs Node's Buffer.
 */
export const DATA_URL_LIMIT = 256 * 1024;

export function toDataUrl(bytes: Uint8Array, mime: string): string {
  return `data:${mime};base64,${toBase64(bytes)}`;
}

/** Chunked, so large arrays never go through one giant `String.fromCharCode` call. */
export function toBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The multipart body Replicate's `POST /v1/files` expects: the file under `content`. */
export function fileForm(bytes: Uint8Array, mime: string, filename: string): FormData {
  const form = new FormData();
  form.append('content', new Blob([bytes as BlobPart], { type: mime }), filename);
  form.append('metadata', JSON.stringify({ source: 'figma-diffusion' }));
  return form;
}
