import sharp from 'sharp';
import { JSDOM } from 'jsdom';

/**
 * Just enough of the browser (createImageBitmap, a 2D canvas with drawImage and toBlob)
 * for the panel's REAL `ui/images/to-placeable.ts` to run in Node, backed by sharp, so the
 * tests see the panel's own error wording and notes ("Scaled from …", "could not be decoded").
 * Also the XML parser the SVG sanitiser uses (jsdom's). What it does not cover: Chromium's
 * own decoders (the e2e tests do).
 */

interface ShimBitmap {
  width: number;
  height: number;
  rgba: Buffer;
  close(): void;
}

class ShimCanvas {
  width = 300;
  height = 150;
  private source: ShimBitmap | undefined;

  getContext(kind: string) {
    if (kind !== '2d') return null;
    const canvas = this;
    return {
      imageSmoothingQuality: 'low',
      drawImage(image: ShimBitmap) {
        canvas.source = image;
      },
    };
  }

  toBlob(callback: (blob: Blob | null) => void, type = 'image/png'): void {
    const source = this.source;
    if (!source || type !== 'image/png') {
      setTimeout(() => callback(null), 0);
      return;
    }
    sharp(source.rgba, { raw: { width: source.width, height: source.height, channels: 4 } })
      .resize(this.width, this.height, { fit: 'fill' })
      .png()
      .toBuffer()
      .then(
        (png) => callback(new Blob([new Uint8Array(png)], { type: 'image/png' })),
        () => callback(null),
      );
  }
}

async function createImageBitmap(blob: Blob): Promise<ShimBitmap> {
  const bytes = Buffer.from(await blob.arrayBuffer());
  try {
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, rgba: data, close() {} };
  } catch {
    // What Chromium throws for undecodable bytes.
    throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
  }
}

/** Installs the shim on globalThis; returns a function that restores what was there. */
export function installCanvasShim(): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = { createImageBitmap: g.createImageBitmap, document: g.document, DOMParser: g.DOMParser, XMLSerializer: g.XMLSerializer };
  g.createImageBitmap = createImageBitmap;
  // The SVG sanitiser parses with the browser's XML parser; jsdom's stands in for it.
  if (!g.DOMParser) {
    const { window } = new JSDOM('');
    g.DOMParser = window.DOMParser;
    g.XMLSerializer = window.XMLSerializer;
  }
  g.document = {
    createElement(tag: string) {
      if (tag !== 'canvas') throw new Error(`canvas shim: createElement('${tag}') is not modelled`);
      return new ShimCanvas();
    },
  };
  return () => {
    g.createImageBitmap = saved.createImageBitmap;
    g.document = saved.document;
    g.DOMParser = saved.DOMParser;
    g.XMLSerializer = saved.XMLSerializer;
  };
}
