/** The bytes a data URL carries (base64 or percent-encoded). */
export function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(',');
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  if (meta.endsWith(';base64')) {
    // Native where the browser has it: an image as a data URL is a few hundred KB of base64.
    const fromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
    if (fromBase64) return fromBase64(data);
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  return new TextEncoder().encode(decodeURIComponent(data));
}
