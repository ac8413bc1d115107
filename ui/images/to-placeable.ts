import { canvasBlob } from './canvas-blob';
import { NamedError } from '../../shared/errors';
import { FIGMA_MAX_IMAGE_SIDE, readImageInfo, type ImageFormat } from '../../shared/images/image-info';
import { svgSize } from '../../shared/images/svg';
import { sanitizeSvg } from './sanitize-svg';

/**
 * Makes a model's output something `figma.createImage` accepts: PNG, JPEG or GIF at most
 * 4096 px a side. Those pass through untouched (no quality loss, no time spent); WebP and
 * AVIF are drawn on a canvas and re-encoded as PNG, which keeps alpha. SVG stays vector.
 */
export type Placeable =
  | {
      kind: 'raster';
      bytes: Uint8Array;
      width: number;
      height: number;
      /** Said to the person when the image had to be changed in a way they would notice. */
      note?: string;
    }
  /** SVG stays vectors: the controller turns it into editable Figma nodes. */
  | { kind: 'vector'; svg: string; width: number; height: number; note?: string };

export type ToPlaceable = (bytes: Uint8Array) => Promise<Placeable>;

const PASS_THROUGH: ImageFormat[] = ['png', 'jpeg', 'gif'];
const MIME: Partial<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

export const toPlaceable: ToPlaceable = async (bytes) => {
  const info = readImageInfo(bytes);
  if (info.format === 'unknown') {
    throw new NamedError('UnsupportedImage', "The model returned a file that isn't an image Figma can show.");
  }
  const fits = info.width > 0 && info.width <= FIGMA_MAX_IMAGE_SIDE && info.height <= FIGMA_MAX_IMAGE_SIDE;
  if (PASS_THROUGH.includes(info.format) && fits) {
    return { kind: 'raster', bytes, width: info.width, height: info.height };
  }
  if (info.format === 'svg') {
    const { svg, dropped } = sanitizeSvg(new TextDecoder().decode(bytes));
    const size = svgSize(svg);
    const note = dropped.length > 0 ? `Left out of the SVG (nothing in a shared file should run or load from elsewhere): ${listed(dropped)}.` : undefined;
    return { kind: 'vector', svg, width: size.width || 1024, height: size.height || 1024, ...(note ? { note } : {}) };
  }
  const source = await decode(bytes, MIME[info.format]!);
  const scale = Math.min(1, FIGMA_MAX_IMAGE_SIDE / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const png = await encodePng(source.image, width, height);
  const note =
    scale < 1
      ? `Scaled from ${source.width}×${source.height} to ${width}×${height} (Figma's limit is ${FIGMA_MAX_IMAGE_SIDE} px).`
      : undefined;
  return { kind: 'raster', bytes: png, width, height, ...(note ? { note } : {}) };
};

function listed(items: string[]): string {
  return items.length > 4 ? `${items.slice(0, 4).join(', ')} and ${items.length - 4} more` : items.join(', ');
}

interface Decoded {
  image: CanvasImageSource;
  width: number;
  height: number;
}

async function decode(bytes: Uint8Array, type: string): Promise<Decoded> {
  const blob = new Blob([bytes as BlobPart], { type });
  try {
    const bitmap = await createImageBitmap(blob);
    return { image: bitmap, width: bitmap.width, height: bitmap.height };
  } catch {
    throw new NamedError('UnsupportedImage', `The model's ${type.replace('image/', '').toUpperCase()} image could not be decoded.`);
  }
}

async function encodePng(image: CanvasImageSource, width: number, height: number): Promise<Uint8Array> {
  // OffscreenCanvas encodes off the main thread's paint cycle: `toBlob` on a DOM canvas was
  // seen to stall about a second per image in a busy panel (BENCHMARKS.md).
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (context) {
      context.imageSmoothingQuality = 'high';
      context.drawImage(image, 0, 0, width, height);
      const blob = await canvasBlob(canvas, 'image/png');
      if (!blob) throw new NamedError('EncodeFailed', 'The panel could not re-encode the image as PNG.');
      return new Uint8Array(await blob.arrayBuffer());
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new NamedError('CanvasUnavailable', 'The panel could not get a canvas to convert the image.');
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, 0, 0, width, height);
  const blob = await canvasBlob(canvas, 'image/png');
  if (!blob) throw new NamedError('EncodeFailed', 'The panel could not re-encode the image as PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}
