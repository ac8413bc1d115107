import type { FigmaFake } from '../../tests/fakes/figma';
import { fontWeight } from '../../tests/fakes/figma/fonts';
import { layoutText, letterSpacingPx } from '../../tests/fakes/figma/text-metrics';
import { layoutSizeBadges, type ScreenRect } from './size-badges';

/**
 * Draws the current page as DOM: frames and shapes with their solid fills, image paints (from
 * the fake's image store, honouring scaleMode), imported vectors, text, the names of top-level
 * layers above them, and the selection. Screen position = (canvas position - origin) * zoom, the
 * origin putting figma.viewport.center in the middle of the canvas, so scrollAndZoomIntoView
 * moves what the person sees, and what the plugin places at the centre stays in sight after
 * the window is resized (the fake's screen size is fixed when the page loads).
 */
export interface CanvasView {
  /** Redraws everything (cheap enough for playground-sized documents). */
  render(): void;
  /** The node drawn by `el` (or its nearest drawn ancestor). */
  nodeFor(el: Element | null): SceneNode | null;
  /** The screen element of a node, for tests and overlays. */
  elementFor(id: string): HTMLElement | null;
  /** Screen pixel -> canvas coordinates. */
  toCanvas(clientX: number, clientY: number): { x: number; y: number };
}

export function createCanvasView(fake: FigmaFake, host: HTMLElement): CanvasView {
  const figma = fake.figma;
  const world = el('div', 'world');
  const labels = el('div', 'labels');
  const overlay = el('div', 'overlay');
  const empty = el('p', 'empty');
  empty.textContent = 'Empty canvas. Type a prompt in the panel and press Generate, or add a frame to fill.';
  host.append(world, labels, overlay, empty);
  const byId = new Map<string, SceneNode>();
  const elements = new Map<string, HTMLElement>();
  const imageUrls = new Map<string, string>();

  const imageUrl = (hash: string | null): string | null => {
    if (!hash) return null;
    let url = imageUrls.get(hash);
    if (!url) {
      const stored = fake.images.get(hash);
      if (!stored) return null;
      url = URL.createObjectURL(new Blob([stored.bytes as BlobPart], { type: `image/${stored.format}` }));
      imageUrls.set(hash, url);
    }
    return url;
  };

  /** The canvas point at the host's top-left corner. */
  function viewOrigin(view = { width: host.clientWidth, height: host.clientHeight }): { x: number; y: number } {
    const { zoom, center } = figma.viewport;
    return { x: center.x - view.width / 2 / zoom, y: center.y - view.height / 2 / zoom };
  }

  function render(): void {
    const zoom = figma.viewport.zoom;
    // Measured before anything changes: read after the rebuild, each frame forced a layout of the whole canvas.
    const view = { width: host.clientWidth, height: host.clientHeight };
    byId.clear();
    elements.clear();
    world.replaceChildren();
    labels.replaceChildren();
    overlay.replaceChildren();
    const page = figma.currentPage;
    const origin = viewOrigin(view);
    for (const node of page.children) {
      const drawn = draw(node, origin, zoom);
      if (!drawn) continue;
      world.append(drawn);
      const box = node.absoluteBoundingBox;
      if (box) labels.append(label(node.name, (box.x - origin.x) * zoom, (box.y - origin.y) * zoom, box.width * zoom));
    }
    const outlines: ScreenRect[] = [];
    const badges: HTMLElement[] = [];
    for (const node of page.selection) {
      const box = node.absoluteBoundingBox;
      if (!box) continue;
      const rect = { x: (box.x - origin.x) * zoom, y: (box.y - origin.y) * zoom, width: box.width * zoom, height: box.height * zoom };
      const size = `${round(box.width)} × ${round(box.height)}`;
      const sel = el('div', 'selection');
      sel.dataset.for = node.id;
      sel.title = `${node.name}: ${size}`;
      place(sel, rect.x, rect.y, rect.width, rect.height);
      const badge = el('span', 'size');
      badge.dataset.for = node.id;
      badge.textContent = size;
      overlay.append(sel, badge);
      outlines.push(rect);
      badges.push(badge);
    }
    // Badges are measured once in the page (only when there are some: it lays the page out), then laid out so none covers another.
    const spots = badges.length === 0 ? [] : layoutSizeBadges(outlines, badges.map((b) => ({ width: b.offsetWidth, height: b.offsetHeight })), view);
    spots.forEach((spot, i) => {
      if (!spot) badges[i].hidden = true;
      else {
        badges[i].style.left = `${spot.x}px`;
        badges[i].style.top = `${spot.y}px`;
      }
    });
    empty.hidden = page.children.length > 0;
  }

  function draw(node: SceneNode, origin: { x: number; y: number }, zoom: number): HTMLElement | null {
    if (!node.visible) return null;
    const box = node.absoluteBoundingBox;
    if (!box) return null;
    const div = el('div', `node ${node.type.toLowerCase()}`);
    div.dataset.nodeId = node.id;
    div.dataset.name = node.name;
    byId.set(node.id, node);
    elements.set(node.id, div);
    place(div, (box.x - origin.x) * zoom, (box.y - origin.y) * zoom, box.width * zoom, box.height * zoom);
    if ('opacity' in node && node.opacity !== 1) div.style.opacity = String(node.opacity);
    const radius = 'cornerRadius' in node && typeof node.cornerRadius === 'number' ? node.cornerRadius : 0;
    if (node.type === 'ELLIPSE') div.style.borderRadius = '50%';
    else if (radius > 0) div.style.borderRadius = `${radius * zoom}px`;

    const fills = 'fills' in node && Array.isArray(node.fills) ? (node.fills as Paint[]).filter((p) => p.visible !== false) : [];
    if (node.type === 'TEXT') drawText(div, node, fills, zoom);
    else if (node.type === 'VECTOR') drawVector(div, node, fills);
    else for (const paint of fills) {
      const layer = paintLayer(paint, box, zoom);
      if (layer) div.append(layer);
    }
    if ('children' in node) {
      if (node.type === 'FRAME' && node.clipsContent) div.classList.add('clips');
      for (const child of node.children) {
        const c = draw(child, box, zoom);
        if (c) div.append(c);
      }
    }
    // The stroke goes over fills and children, as in Figma (an inset shadow on the node itself would be under its fill layers).
    const strokes = 'strokes' in node && Array.isArray(node.strokes) ? (node.strokes as Paint[]) : [];
    const stroke = strokes.find((p) => p.type === 'SOLID' && p.visible !== false) as SolidPaint | undefined;
    if (stroke && node.type !== 'VECTOR' && node.type !== 'TEXT') {
      const weight = 'strokeWeight' in node && typeof node.strokeWeight === 'number' ? node.strokeWeight : 1;
      const outside = 'strokeAlign' in node && node.strokeAlign === 'OUTSIDE';
      const layer = el('div', 'paint stroke');
      layer.style.boxShadow = `${outside ? '' : 'inset '}0 0 0 ${Math.max(1, weight * zoom)}px ${rgba(stroke.color, stroke.opacity ?? 1)}`;
      div.append(layer);
    }
    return div;
  }

  function paintLayer(paint: Paint, box: Rect, zoom: number): HTMLElement | null {
    const layer = el('div', 'paint');
    if (paint.opacity !== undefined && paint.opacity !== 1) layer.style.opacity = String(paint.opacity);
    switch (paint.type) {
      case 'SOLID':
        layer.style.background = rgba(paint.color, 1);
        return layer;
      case 'GRADIENT_LINEAR':
      case 'GRADIENT_RADIAL':
      case 'GRADIENT_ANGULAR':
      case 'GRADIENT_DIAMOND': {
        const stops = paint.gradientStops.map((s) => `${rgba(s.color, s.color.a)} ${Math.round(s.position * 100)}%`);
        layer.style.background =
          paint.type === 'GRADIENT_LINEAR' ? `linear-gradient(${stops.join(',')})` : `radial-gradient(${stops.join(',')})`;
        return layer;
      }
      case 'IMAGE': {
        const url = imageUrl(paint.imageHash);
        layer.classList.add('image', paint.scaleMode.toLowerCase());
        layer.dataset.imageHash = paint.imageHash ?? '';
        if (!url) return layer;
        layer.style.backgroundImage = `url("${url}")`;
        const stored = paint.imageHash ? fake.images.get(paint.imageHash) : undefined;
        if (paint.scaleMode === 'TILE' && stored) {
          const s = (paint.scalingFactor ?? 1) * zoom;
          layer.style.backgroundSize = `${stored.width * s}px ${stored.height * s}px`;
        } else if (paint.scaleMode === 'CROP' && paint.imageTransform && stored) {
          // imageTransform maps the node's unit square into the image's unit square.
          const [[a, , tx], [, d, ty]] = paint.imageTransform;
          const w = (box.width * zoom) / (a || 1);
          const h = (box.height * zoom) / (d || 1);
          layer.style.backgroundSize = `${w}px ${h}px`;
          layer.style.backgroundPosition = `${-tx * w}px ${-ty * h}px`;
        }
        return layer;
      }
      default:
        return null;
    }
  }

  return {
    render,
    nodeFor(target) {
      const hit = target?.closest<HTMLElement>('[data-node-id]');
      return hit ? byId.get(hit.dataset.nodeId!) ?? null : null;
    },
    elementFor: (id) => elements.get(id) ?? null,
    toCanvas(clientX, clientY) {
      const r = host.getBoundingClientRect();
      const zoom = figma.viewport.zoom;
      const origin = viewOrigin();
      return { x: origin.x + (clientX - r.left) / zoom, y: origin.y + (clientY - r.top) / zoom };
    },
  };
}

/**
 * Text as text: the node's font, size, weight, colour, alignment, line height and letter
 * spacing, broken into the same lines the fake measured (text-metrics.ts), so what is drawn
 * matches the node's size and its auto-layout neighbours.
 */
function drawText(div: HTMLElement, node: TextNode, fills: Paint[], zoom: number): void {
  const size = typeof node.fontSize === 'number' ? node.fontSize : 12;
  const metrics = {
    fontSize: size,
    lineHeight: typeof node.lineHeight === 'object' ? node.lineHeight : ({ unit: 'AUTO' } as LineHeight),
    letterSpacing: typeof node.letterSpacing === 'object' ? node.letterSpacing : ({ unit: 'PERCENT', value: 0 } as LetterSpacing),
  };
  const layout = layoutText(node.characters, metrics, node.textAutoResize === 'WIDTH_AND_HEIGHT' ? null : node.width);
  let lines = layout.lines;
  if (node.textAutoResize === 'TRUNCATE') {
    const fit = Math.max(1, Math.floor(node.height / layout.lineHeight + 1e-6));
    if (lines.length > fit) lines = [...lines.slice(0, fit - 1), `${lines[fit - 1].replace(/.$/u, '')}…`];
  }
  const box = el('span', 'text');
  box.style.fontSize = `${size * zoom}px`;
  box.style.lineHeight = `${layout.lineHeight * zoom}px`;
  box.style.letterSpacing = `${letterSpacingPx(metrics) * zoom}px`;
  box.style.whiteSpace = 'pre';
  box.style.display = 'flex';
  box.style.flexDirection = 'column';
  box.style.justifyContent = { TOP: 'flex-start', CENTER: 'center', BOTTOM: 'flex-end' }[node.textAlignVertical];
  box.style.textAlign = { LEFT: 'left', CENTER: 'center', RIGHT: 'right', JUSTIFIED: 'left' }[node.textAlignHorizontal];
  if (node.textAutoResize === 'TRUNCATE') box.style.overflow = 'hidden';
  const font = node.fontName;
  if (typeof font === 'object') {
    // Fallbacks about as wide as the fake's 0.55 em glyphs, where the family is not installed.
    box.style.fontFamily = `"${font.family}", Inter, "Helvetica Neue", Arial, "Liberation Sans", sans-serif`;
    box.style.fontWeight = String(fontWeight(font.style));
    if (/italic/i.test(font.style)) box.style.fontStyle = 'italic';
  }
  const solid = fills.find((p) => p.type === 'SOLID') as SolidPaint | undefined;
  if (solid) box.style.color = rgba(solid.color, solid.opacity ?? 1);
  else if (fills.length === 0) box.style.color = 'transparent';
  for (const text of lines) {
    const line = el('span', 'line');
    line.style.display = 'block';
    line.textContent = text || '\u200b';
    box.append(line);
  }
  div.append(box);
}

const SVG = 'http://www.w3.org/2000/svg';

/** Imported vectors keep their SVG path data; the view box is the paths' own bounds, stretched to the node. */
function drawVector(div: HTMLElement, node: VectorNode, fills: Paint[]): void {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  svg.style.overflow = 'visible';
  const solid = fills.find((p) => p.type === 'SOLID') as SolidPaint | undefined;
  const strokes = Array.isArray(node.strokes) ? (node.strokes as Paint[]) : [];
  const stroke = strokes.find((p) => p.type === 'SOLID') as SolidPaint | undefined;
  for (const p of node.vectorPaths) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', p.data);
    path.setAttribute('fill', solid ? rgba(solid.color, solid.opacity ?? 1) : 'none');
    if (p.windingRule === 'EVENODD') path.setAttribute('fill-rule', 'evenodd');
    if (stroke) {
      path.setAttribute('stroke', rgba(stroke.color, stroke.opacity ?? 1));
      path.setAttribute('vector-effect', 'non-scaling-stroke');
    }
    svg.append(path);
  }
  div.append(svg);
  // getBBox needs the element in the document; fit the view box once it is.
  queueMicrotask(() => {
    try {
      const b = svg.getBBox();
      if (b.width > 0 && b.height > 0) svg.setAttribute('viewBox', `${b.x} ${b.y} ${b.width} ${b.height}`);
    } catch {
      /* not rendered (hidden): leave it */
    }
  });
}

function label(name: string, x: number, y: number, width: number): HTMLElement {
  const l = el('span', 'label');
  l.textContent = name;
  l.title = name;
  l.style.maxWidth = `${Math.max(24, width)}px`;
  l.style.left = `${x}px`;
  l.style.top = `${y}px`;
  return l;
}

function place(e: HTMLElement, x: number, y: number, w: number, h: number): void {
  e.style.left = `${x}px`;
  e.style.top = `${y}px`;
  e.style.width = `${Math.max(0, w)}px`;
  e.style.height = `${Math.max(0, h)}px`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function rgba(c: RGB | RGBA, opacity: number): string {
  const a = 'a' in c ? c.a * opacity : opacity;
  return `rgba(${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)},${+a.toFixed(3)})`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
