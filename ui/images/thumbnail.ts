import { readImageInfo } from '../../shared/images/image-info';
import type { Placeable } from './to-placeable';
import { canvasBlob } from './canvas-blob';

/** Long side of a job-list thumbnail in device pixels: 2× its 36 px on screen. */
const THUMBNAIL_SIDE = 72;

/**
 * A small picture of a placed result, from the bytes the panel already has, as an object
 * URL (the job list revokes it when the job leaves the list). Undefined when the panel
 * cannot draw: the job list then simply shows no picture.
 */
export async function makeThumbnail(image: Placeable): Promise<string | undefined> {
  if (typeof URL.createObjectURL !== 'function') return undefined;
  // An <img> never runs an SVG's scripts, and the browser scales it for free.
  if (image.kind === 'vector') return URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas === 'undefined') return undefined;
  const info = readImageInfo(image.bytes);
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const bitmap = await createImageBitmap(new Blob([image.bytes as BlobPart], { type: `image/${info.format}` }), {
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'medium',
  });
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  // PNG keeps a cut-out's transparency; at this size it is a few kilobytes.
  const blob = await canvasBlob(canvas, 'image/png');
  return blob ? URL.createObjectURL(blob) : undefined;
}

export function releaseThumbnail(url: string | undefined): void {
  if (url?.startsWith('blob:')) URL.revokeObjectURL(url);
}
