/**
 * The first frame of a GIF as RGBA on its logical screen (Figma shows the first frame of an
 * animated GIF on the canvas). Transparent outside the frame and at the transparent index.
 */
export function decodeGif(b: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const u16 = (i: number): number => b[i] | (b[i + 1] << 8);
  const width = u16(6);
  const height = u16(8);
  let pos = 13;
  let global: Uint8Array | null = null;
  if (b[10] & 0x80) {
    const size = 3 << ((b[10] & 7) + 1);
    global = b.subarray(pos, pos + size);
    pos += size;
  }
  let transparent = -1;
  const rgba = new Uint8Array(width * height * 4);
  while (pos < b.length) {
    const block = b[pos++];
    if (block === 0x21) {
      const label = b[pos++];
      if (label === 0xf9 && b[pos] >= 4 && b[pos + 1] & 1) transparent = b[pos + 4];
      while (b[pos]) pos += b[pos] + 1;
      pos++;
    } else if (block === 0x2c) {
      const left = u16(pos);
      const top = u16(pos + 2);
      const w = u16(pos + 4);
      const h = u16(pos + 6);
      const flags = b[pos + 8];
      pos += 9;
      let palette = global;
      if (flags & 0x80) {
        const size = 3 << ((flags & 7) + 1);
        palette = b.subarray(pos, pos + size);
        pos += size;
      }
      if (!palette) throw new Error('GIF without a colour table');
      const minSize = b[pos++];
      const chunks: number[] = [];
      while (b[pos]) {
        for (let i = 1; i <= b[pos]; i++) chunks.push(b[pos + i]);
        pos += b[pos] + 1;
      }
      const indices = lzw(Uint8Array.from(chunks), minSize, w * h);
      const rows = flags & 0x40 ? interlacedRows(h) : null;
      for (let i = 0; i < w * h; i++) {
        const k = indices[i];
        if (k === transparent) continue;
        const x = left + (i % w);
        const y = top + (rows ? rows[Math.floor(i / w)] : Math.floor(i / w));
        if (x >= width || y >= height) continue;
        const o = 4 * (y * width + x);
        rgba[o] = palette[3 * k];
        rgba[o + 1] = palette[3 * k + 1];
        rgba[o + 2] = palette[3 * k + 2];
        rgba[o + 3] = 255;
      }
      return { width, height, rgba };
    } else {
      break;
    }
  }
  throw new Error('GIF without an image');
}

function interlacedRows(h: number): number[] {
  const rows: number[] = [];
  for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]]) for (let y = start; y < h; y += step) rows.push(y);
  return rows;
}

function lzw(data: Uint8Array, minSize: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  const clear = 1 << minSize;
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  for (let i = 0; i < clear; i++) {
    suffix[i] = i;
    first[i] = i;
    prefix[i] = -1;
  }
  const stack = new Uint8Array(4096);
  let size = minSize + 1;
  let next = clear + 2;
  let prev = -1;
  let o = 0;
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < data.length && o < count; ) {
    while (bits < size && i < data.length) {
      acc |= data[i++] << bits;
      bits += 8;
    }
    if (bits < size) break;
    const code = acc & ((1 << size) - 1);
    acc >>>= size;
    bits -= size;
    if (code === clear) {
      size = minSize + 1;
      next = clear + 2;
      prev = -1;
      continue;
    }
    if (code === clear + 1) break;
    let c = code;
    let sp = 0;
    if (code >= next) {
      if (prev < 0) break;
      stack[sp++] = first[prev];
      c = prev;
    }
    while (c >= clear) {
      stack[sp++] = suffix[c];
      c = prefix[c];
    }
    stack[sp++] = c;
    if (prev >= 0 && next < 4096) {
      prefix[next] = prev;
      suffix[next] = c;
      first[next] = first[prev];
      next++;
      if (next === 1 << size && size < 12) size++;
    }
    while (sp > 0 && o < count) out[o++] = stack[--sp];
    prev = code;
  }
  return out;
}
