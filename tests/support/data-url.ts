import sharp from 'sharp';

/** Decodes an input the plugin sent (data URL or a URL on the fake server) into raw pixels. */
export async function inputPixels(url: string, fetchBase?: string) {
  let bytes: Buffer;
  if (url.startsWith('data:')) {
    bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
  } else {
    const response = await fetch(fetchBase ? new URL(new URL(url).pathname, fetchBase) : url);
    bytes = Buffer.from(await response.arrayBuffer());
  }
  const { data, info } = await sharp(bytes).removeAlpha().greyscale().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    /** Grey level 0..255 at a point given as fractions of the size. */
    at: (fx: number, fy: number) => data[Math.floor(fy * (info.height - 1)) * info.width + Math.floor(fx * (info.width - 1))],
  };
}
