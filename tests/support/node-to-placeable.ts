import sharp from 'sharp';
import { FIGMA_MAX_IMAGE_SIDE, readImageInfo } from '../../shared/images/image-info';
import type { ToPlaceable } from '../../ui/images/to-placeable';
import { svgSize } from '../../shared/images/svg';

/**
 * The panel's `toPlaceable` does its work on a browser canvas; in Node tests the same
 * contract is met with sharp. The browser version itself runs in the Chromium tests.
 */
export const nodeToPlaceable: ToPlaceable = async (bytes) => {
  const info = readImageInfo(bytes);
  if (info.format === 'unknown') throw Object.assign(new Error('not an image'), { name: 'UnsupportedImage' });
  const fits = info.width > 0 && info.width <= FIGMA_MAX_IMAGE_SIDE && info.height <= FIGMA_MAX_IMAGE_SIDE;
  if (['png', 'jpeg', 'gif'].includes(info.format) && fits) return { kind: 'raster', bytes, width: info.width, height: info.height };
  if (info.format === 'svg') {
    const svg = new TextDecoder().decode(bytes);
    return { kind: 'vector', svg, ...svgSize(svg) };
  }
  const out = await sharp(bytes).resize({ width: FIGMA_MAX_IMAGE_SIDE, height: FIGMA_MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true }).png().toBuffer({ resolveWithObject: true });
  return { kind: 'raster', bytes: new Uint8Array(out.data), width: out.info.width, height: out.info.height };
};
