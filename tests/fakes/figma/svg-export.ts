import type { FakeSceneNode } from './scene-node';

/** A plain SVG document of a node: rects, ellipses, vector paths and text, positioned from the node's box; image fills embedded as patterns. */

function hex(c: RGB): string {
  const h = (v: number): string => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** An image paint as a pattern over the node's box, as Figma's SVG export embeds images. */
function imagePattern(n: FakeSceneNode, p: ImagePaint, id: string, box: { x: number; y: number; width: number; height: number }, f: (v: number) => string): string | null {
  const stored = p.imageHash ? n._ctx.images.images.get(p.imageHash) : undefined;
  if (!stored) return null;
  const mime = stored.format === 'jpeg' ? 'image/jpeg' : `image/${stored.format}`;
  const aspect = p.scaleMode === 'FIT' ? 'xMidYMid meet' : 'xMidYMid slice';
  const at = `x="${f(box.x)}" y="${f(box.y)}" width="${f(box.width)}" height="${f(box.height)}"`;
  return (
    `<defs><pattern id="${id}" patternUnits="userSpaceOnUse" ${at}>` +
    `<image ${at} preserveAspectRatio="${aspect}" href="data:${mime};base64,${base64(stored.bytes)}"/></pattern></defs>`
  );
}

function fillAttrs(p: Paint): string | null {
  if (p.visible === false) return null;
  if (p.type === 'SOLID') return `fill="${hex(p.color)}"${p.opacity !== undefined && p.opacity < 1 ? ` fill-opacity="${p.opacity}"` : ''}`;
  if (p.type === 'IMAGE') return 'fill="#C4C4C4"';
  if ('gradientStops' in p && p.gradientStops.length) return `fill="${hex(p.gradientStops[0].color)}"`;
  return null;
}

export function toSvg(root: FakeSceneNode): string {
  const box = root._absBox();
  const f = (v: number): string => String(Math.round(v * 1000) / 1000);
  const parts: string[] = [];
  const walk = (n: FakeSceneNode, isRoot: boolean): void => {
    if (!isRoot && !n._visible) return;
    const b = n._absBox();
    const x = b.x - box.x;
    const y = b.y - box.y;
    const fills = (n as unknown as { _fills?: ReadonlyArray<Paint> })._fills ?? [];
    const op = n._opacity < 1 ? ` opacity="${n._opacity}"` : '';
    for (const p of fills) {
      let fill = fillAttrs(p);
      if (!fill) continue;
      if (p.type === 'IMAGE') {
        const id = `image${parts.length}`;
        const pattern = imagePattern(n, p, id, { x, y, width: b.width, height: b.height }, f);
        if (pattern) {
          parts.push(pattern);
          fill = `fill="url(#${id})"${p.opacity !== undefined && p.opacity < 1 ? ` fill-opacity="${p.opacity}"` : ''}`;
        }
      }
      if (n.type === 'ELLIPSE') {
        parts.push(`<ellipse cx="${f(x + b.width / 2)}" cy="${f(y + b.height / 2)}" rx="${f(b.width / 2)}" ry="${f(b.height / 2)}" ${fill}${op}/>`);
      } else if (n.type === 'TEXT') {
        const t = n as unknown as { _characters: string; _fontSize: number };
        parts.push(`<text x="${f(x)}" y="${f(y + t._fontSize)}" font-size="${t._fontSize}" ${fill}${op}>${esc(t._characters)}</text>`);
      } else if (n.type === 'VECTOR') {
        const v = n as unknown as { _paths: VectorPaths; _pathOrigin: { x: number; y: number; scaleX: number; scaleY: number } };
        const o = v._pathOrigin;
        const t = `translate(${f(x)} ${f(y)}) scale(${f(o.scaleX)} ${f(o.scaleY)}) translate(${f(-o.x)} ${f(-o.y)})`;
        for (const path of v._paths) parts.push(`<path transform="${t}" d="${esc(path.data)}" ${fill}${op}/>`);
      } else {
        const rx = (n as unknown as { _cornerRadius?: number })._cornerRadius;
        parts.push(`<rect x="${f(x)}" y="${f(y)}" width="${f(b.width)}" height="${f(b.height)}"${rx ? ` rx="${f(rx)}"` : ''} ${fill}${op}/>`);
      }
    }
    for (const c of n._sceneChildren()) walk(c, false);
  };
  walk(root, true);
  return (
    `<svg width="${f(box.width)}" height="${f(box.height)}" viewBox="0 0 ${f(box.width)} ${f(box.height)}" fill="none" xmlns="http://www.w3.org/2000/svg">\n` +
    parts.map((p) => `  ${p}\n`).join('') +
    '</svg>\n'
  );
}
