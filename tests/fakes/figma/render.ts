import type { FakeSceneNode } from './scene-node';

/**
 * A rough rasterizer for exportAsync: solid fills as flat colour, image paints as light grey,
 * gradients as the average of their stops, text as a faint box, ellipses and rounded corners
 * masked; frames clip their children when clipsContent. Transparent where nothing is drawn.
 */

interface Clip {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const IMAGE_GREY = { r: 0.77, g: 0.77, b: 0.77 };

export function rasterize(root: FakeSceneNode, outW: number, outH: number): Uint8Array {
  const px = new Uint8Array(outW * outH * 4);
  const box = root._absBox();
  const sx = outW / (box.width || 1);
  const sy = outH / (box.height || 1);
  const toPx = (r: Rect): Clip => ({
    x0: (r.x - box.x) * sx,
    y0: (r.y - box.y) * sy,
    x1: (r.x + r.width - box.x) * sx,
    y1: (r.y + r.height - box.y) * sy,
  });

  const draw = (node: FakeSceneNode, clip: Clip, opacity: number, isRoot: boolean): void => {
    if (!isRoot && !node._visible) return;
    const alpha = opacity * node._opacity;
    const r = toPx(node._absBox());
    const fills = (node as unknown as { _fills?: ReadonlyArray<Paint> })._fills ?? [];
    const radius = ((node as unknown as { _cornerRadius?: number })._cornerRadius ?? 0) * Math.min(sx, sy);
    for (const paint of fills) {
      if (paint.visible === false) continue;
      const colour = paintColour(paint);
      if (!colour) continue;
      let a = alpha * (paint.opacity ?? 1) * colour.a;
      if (node.type === 'TEXT') a *= 0.35;
      fillShape(px, outW, outH, r, clip, node.type === 'ELLIPSE' ? 'ellipse' : 'rect', radius, colour, a);
    }
    const children = node._sceneChildren();
    if (children.length === 0) return;
    const childClip = node._clips() ? intersect(clip, r) : clip;
    for (const c of children) draw(c, childClip, alpha, false);
  };

  draw(root, { x0: 0, y0: 0, x1: outW, y1: outH }, 1, true);
  return px;
}

function intersect(a: Clip, b: Clip): Clip {
  return { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
}

function paintColour(p: Paint): { r: number; g: number; b: number; a: number } | null {
  switch (p.type) {
    case 'SOLID':
      return { ...p.color, a: 1 };
    case 'IMAGE':
      return { ...IMAGE_GREY, a: 1 };
    case 'GRADIENT_LINEAR':
    case 'GRADIENT_RADIAL':
    case 'GRADIENT_ANGULAR':
    case 'GRADIENT_DIAMOND': {
      const n = p.gradientStops.length || 1;
      const sum = p.gradientStops.reduce(
        (s, st) => ({ r: s.r + st.color.r, g: s.g + st.color.g, b: s.b + st.color.b, a: s.a + st.color.a }),
        { r: 0, g: 0, b: 0, a: 0 },
      );
      return { r: sum.r / n, g: sum.g / n, b: sum.b / n, a: sum.a / n };
    }
    default:
      return null;
  }
}

function fillShape(
  px: Uint8Array,
  w: number,
  h: number,
  r: Clip,
  clip: Clip,
  shape: 'rect' | 'ellipse',
  radius: number,
  c: { r: number; g: number; b: number },
  a: number,
): void {
  if (a <= 0) return;
  const area = intersect(r, intersect(clip, { x0: 0, y0: 0, x1: w, y1: h }));
  const x0 = Math.max(0, Math.round(area.x0));
  const x1 = Math.min(w, Math.round(area.x1));
  const y0 = Math.max(0, Math.round(area.y0));
  const y1 = Math.min(h, Math.round(area.y1));
  const cx = (r.x0 + r.x1) / 2;
  const cy = (r.y0 + r.y1) / 2;
  const rx = (r.x1 - r.x0) / 2;
  const ry = (r.y1 - r.y0) / 2;
  const rad = Math.min(radius, rx, ry);
  const src = [c.r * 255, c.g * 255, c.b * 255];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const fx = x + 0.5;
      const fy = y + 0.5;
      if (shape === 'ellipse') {
        const dx = (fx - cx) / rx;
        const dy = (fy - cy) / ry;
        if (dx * dx + dy * dy > 1) continue;
      } else if (rad > 0) {
        const qx = Math.abs(fx - cx) - (rx - rad);
        const qy = Math.abs(fy - cy) - (ry - rad);
        if (qx > 0 && qy > 0 && qx * qx + qy * qy > rad * rad) continue;
      }
      const i = (y * w + x) * 4;
      const da = px[i + 3] / 255;
      const oa = a + da * (1 - a);
      for (let k = 0; k < 3; k++) {
        px[i + k] = Math.round((src[k] * a + px[i + k] * da * (1 - a)) / oa);
      }
      px[i + 3] = Math.round(oa * 255);
    }
  }
}
