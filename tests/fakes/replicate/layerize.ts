/**
 * The demo of ideogram-ai/layerize ("split into layers"): a couple of text boxes where a
 * poster's lettering usually sits (a headline near the top, a tagline near the bottom), the
 * input with those areas filled by the colour around them (the text-free background), and
 * the boxes as text containers in the model's published Output shape:
 * `{background_image, text_html, text_containers (JSON text), seed, resolution}`. The
 * boxes' fields follow Ideogram's Layerize API text blocks (pixels of the input).
 */
import sharp from 'sharp';
import type { OutputFormat } from './models';

export interface DemoTextBox {
  role: 'heading' | 'body';
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  font_size: number;
  font_name: string;
  color: string;
  alignment: 'center';
}

/** Quoted words in the prompt are the lettering; without any, the usual template copy. */
export function demoTexts(prompt: string): [string, string] {
  const quoted = [...prompt.matchAll(/["“”']([^"“”']{1,80})["“”']/g)].map((m) => m[1].trim()).filter(Boolean);
  return [quoted[0] ?? 'Your headline', quoted[1] ?? 'Your tagline here'];
}

export function demoBoxes(width: number, height: number, prompt: string): Omit<DemoTextBox, 'color'>[] {
  const [headline, tagline] = demoTexts(prompt);
  const h1 = Math.max(8, Math.round(height * 0.12));
  const h2 = Math.max(6, Math.round(height * 0.06));
  return [
    { role: 'heading', text: headline, x: Math.round(width * 0.1), y: Math.round(height * 0.08), width: Math.round(width * 0.8), height: h1, font_size: Math.round(h1 * 0.8), font_name: 'Montserrat Bold', alignment: 'center' },
    { role: 'body', text: tagline, x: Math.round(width * 0.2), y: Math.round(height * 0.82), width: Math.round(width * 0.6), height: h2, font_size: Math.round(h2 * 0.8), font_name: 'Inter', alignment: 'center' },
  ];
}

/** The background with each box filled by the mean colour of a ring around it, and each box's text colour. */
export async function renderLayerized(
  input: Buffer,
  width: number,
  height: number,
  prompt: string,
  format: OutputFormat,
): Promise<{ image: Buffer; boxes: DemoTextBox[] }> {
  const { data } = await sharp(input).flatten({ background: '#ffffff' }).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const boxes: DemoTextBox[] = [];
  for (const box of demoBoxes(width, height, prompt)) {
    const ring = Math.max(2, Math.round(Math.min(width, height) * 0.02));
    const x0 = Math.max(0, box.x - ring);
    const y0 = Math.max(0, box.y - ring);
    const x1 = Math.min(width, box.x + box.width + ring);
    const y1 = Math.min(height, box.y + box.height + ring);
    const sum = [0, 0, 0];
    let n = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
        if (inside) continue;
        const i = (y * width + x) * 3;
        sum[0] += data[i];
        sum[1] += data[i + 1];
        sum[2] += data[i + 2];
        n++;
      }
    }
    const fill = sum.map((v) => Math.round(v / Math.max(1, n)));
    for (let y = box.y; y < Math.min(height, box.y + box.height); y++) {
      for (let x = box.x; x < Math.min(width, box.x + box.width); x++) {
        const i = (y * width + x) * 3;
        data[i] = fill[0];
        data[i + 1] = fill[1];
        data[i + 2] = fill[2];
      }
    }
    const light = 0.299 * fill[0] + 0.587 * fill[1] + 0.114 * fill[2] > 140;
    boxes.push({ ...box, color: light ? '#1a1a1a' : '#ffffff' });
  }
  const img = sharp(data, { raw: { width, height, channels: 3 } });
  const image = format === 'jpeg' ? await img.jpeg({ quality: 90 }).toBuffer() : format === 'webp' ? await img.webp().toBuffer() : await img.png().toBuffer();
  return { image, boxes };
}

/** The prediction's output object, as the model returns it. */
export function layeredOutput(url: string, width: number, height: number, boxes: DemoTextBox[], seed: number): Record<string, unknown> {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = boxes
    .map((b) => `<div style="position:absolute;left:${b.x}px;top:${b.y}px;width:${b.width}px;height:${b.height}px;font-family:'${b.font_name}';font-size:${b.font_size}px;color:${b.color};text-align:${b.alignment}">${escape(b.text)}</div>`)
    .join('');
  return {
    background_image: url,
    text_html: `<div style="position:relative;width:${width}px;height:${height}px">${html}</div>`,
    text_containers: JSON.stringify(boxes.map((b) => ({ ...b, angle: 0, line_height: 1.2 }))),
    seed,
    resolution: `${width}x${height}`,
  };
}
