import { NamedError } from '../../shared/errors';
import { MAX_SVG_CHARS } from '../../shared/images/svg';

/**
 * SVG from a model becomes vectors in a shared document, so it is rebuilt from an
 * allow-list instead of scrubbed with patterns: the text is parsed as XML, and only
 * drawing elements (shapes, paths, gradients, groups, clip paths, text) with presentation
 * attributes are copied into a fresh document. Anything else — scripts, event handlers,
 * foreign content, animation, style sheets, images, `use`, links — is simply never copied,
 * whatever its namespace prefix or spelling. The only references kept are to fragments in
 * the same file (`#id`, `url(#id)`). Each node and each attribute character is looked at a
 * bounded number of times, so the work grows linearly with the input.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export const MAX_SVG_ELEMENTS = 50_000;
/** The serializer recurses; a deeper tree is not a drawing anyone made. */
export const MAX_SVG_DEPTH = 256;

const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'text', 'tspan',
]);
/** Character data is kept only where it is drawn. */
const TEXT_HOLDERS = new Set(['text', 'tspan']);

/** Presentation properties: allowed as attributes and inside `style`. */
const PRESENTATION = new Set([
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap',
  'stroke-linejoin', 'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'opacity', 'stop-color',
  'stop-opacity', 'clip-path', 'clip-rule', 'color', 'display', 'visibility', 'overflow', 'font-family',
  'font-size', 'font-weight', 'font-style', 'font-variant', 'font-stretch', 'letter-spacing', 'word-spacing',
  'text-anchor', 'text-decoration', 'dominant-baseline', 'alignment-baseline', 'baseline-shift',
  'writing-mode', 'direction', 'paint-order', 'vector-effect', 'shape-rendering', 'text-rendering',
  'color-interpolation', 'mix-blend-mode', 'isolation', 'white-space',
]);
/** Geometry and structure. */
const GEOMETRY = new Set([
  'id', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'width', 'height', 'd',
  'points', 'pathLength', 'transform', 'viewBox', 'preserveAspectRatio', 'version', 'gradientUnits',
  'gradientTransform', 'spreadMethod', 'offset', 'clipPathUnits', 'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust',
]);
/** CSS functions a drawing needs; `url` is checked to point inside the file. */
const FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'matrix', 'translate', 'scale', 'rotate', 'skewx', 'skewy', 'url']);
const FRAGMENT = /^#[A-Za-z_][\w.:-]*$/;
const URL_ARGUMENT = /^\(\s*(['"]?)#[A-Za-z_][\w.:-]*\1\s*$/;
/** A DOCTYPE naming svg with no internal subset (no entities) is what editors write; it is left out. */
const PLAIN_DOCTYPE = /^\uFEFF?\s*(<\?xml[^>]*>\s*)?<!DOCTYPE\s[^>[]*>/i;

export interface CleanSvg {
  svg: string;
  /** What was left out, for a note to the person (`<script>`, `event handlers`…). */
  dropped: string[];
  /** Units of work done (nodes, attributes, characters scanned): linear in the input. */
  work: number;
}

/** Counted as the sanitiser goes (it runs synchronously, one call at a time). */
let work = 0;

export function sanitizeSvg(text: string): CleanSvg {
  work = 0;
  if (text.length > MAX_SVG_CHARS) {
    throw new NamedError('SvgTooLarge', `The model's SVG is larger than ${MAX_SVG_CHARS / 1_000_000} MB, so it was not placed.`);
  }
  // The DOCTYPE and entity patterns are anchored or fixed: one pass each.
  work += 2 * text.length;
  const source = text.replace(PLAIN_DOCTYPE, '$1');
  // Entities can smuggle markup past any check and multiply themselves; no drawing needs them.
  if (/<!(?:DOCTYPE|ENTITY)/i.test(source)) {
    throw new NamedError('SvgEntities', "The model's SVG declares its own entities, so it was not placed.");
  }
  // Counted before parsing: a huge document is refused without building it.
  let startTags = 0;
  work += source.length;
  for (let at = source.indexOf('<'); at >= 0; at = source.indexOf('<', at + 1)) {
    if (/[A-Za-z_]/.test(source[at + 1] ?? '') && ++startTags > MAX_SVG_ELEMENTS) throw tooManyElements();
  }
  const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || doc.getElementsByTagNameNS('*', 'parsererror').length > 0) {
    throw new NamedError('SvgMalformed', "The model's SVG is not well-formed, so it could not be turned into vectors.");
  }
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg') {
    throw new NamedError('SvgMalformed', "The model's file is not an SVG drawing, so it could not be turned into vectors.");
  }

  const dropped = new Set<string>();
  // Style sheet instructions (`<?xml-stylesheet?>`) sit outside the root and are never copied.
  if (Array.from(doc.childNodes).some((node) => node.nodeType === 7)) dropped.add('processing instructions');
  const out = doc.implementation.createDocument(SVG_NS, 'svg', null);
  const outRoot = out.documentElement;
  let elements = 1;
  copyAttributes(root, outRoot, dropped);
  const stack: [Element, Element, number][] = [[root, outRoot, 1]];
  while (stack.length > 0) {
    const [from, to, depth] = stack.pop()!;
    for (let child = from.firstChild; child; child = child.nextSibling) {
      work++;
      if (child.nodeType === 3 || child.nodeType === 4) {
        if (TEXT_HOLDERS.has(from.localName)) to.appendChild(out.createTextNode((child as CharacterData).data));
        continue;
      }
      if (child.nodeType !== 1) continue; // comments, processing instructions
      const element = child as Element;
      const inSvg = element.namespaceURI === SVG_NS;
      // A link around artwork keeps the artwork, not the link.
      const name = inSvg && element.localName === 'a' ? 'g' : element.localName;
      if (!inSvg || !ELEMENTS.has(name)) {
        dropped.add(`<${element.localName}>`);
        continue;
      }
      if (++elements > MAX_SVG_ELEMENTS) throw tooManyElements();
      if (depth >= MAX_SVG_DEPTH) {
        throw new NamedError('SvgTooLarge', `The model's SVG nests deeper than ${MAX_SVG_DEPTH} levels, so it was not placed.`);
      }
      const copy = out.createElementNS(SVG_NS, name);
      copyAttributes(element, copy, dropped);
      to.appendChild(copy);
      stack.push([element, copy, depth + 1]);
    }
  }
  return { svg: new XMLSerializer().serializeToString(outRoot), dropped: [...dropped], work };
}

function tooManyElements(): NamedError {
  return new NamedError('SvgTooLarge', `The model's SVG has more than ${MAX_SVG_ELEMENTS.toLocaleString('en')} elements, so it was not placed.`);
}

function copyAttributes(from: Element, to: Element, dropped: Set<string>): void {
  for (let i = 0; i < from.attributes.length; i++) {
    const attr = from.attributes[i];
    work++;
    if (attr.namespaceURI === XMLNS_NS || (attr.namespaceURI === null && attr.localName === 'xmlns')) continue;
    const kept = cleanAttribute(attr, dropped);
    if (kept === undefined) {
      dropped.add(describeAttribute(attr));
    } else if (attr.namespaceURI === XLINK_NS) {
      to.setAttributeNS(XLINK_NS, 'xlink:href', kept);
    } else if (attr.namespaceURI === XML_NS) {
      to.setAttributeNS(XML_NS, `xml:${attr.localName}`, kept);
    } else {
      to.setAttribute(attr.localName, kept);
    }
  }
}

function cleanAttribute(attr: Attr, dropped: Set<string>): string | undefined {
  const { namespaceURI: ns, localName: name, value } = attr;
  if (ns === XLINK_NS || (ns === null && name === 'href')) {
    return name === 'href' && FRAGMENT.test(value) ? value : undefined;
  }
  if (ns === XML_NS) return name === 'space' && (value === 'preserve' || value === 'default') ? value : undefined;
  if (ns !== null) return undefined;
  if (name === 'style') return cleanStyle(value, dropped) || undefined;
  if (PRESENTATION.has(name)) return safeValue(value) ? value : undefined;
  if (GEOMETRY.has(name)) return safeValue(value) ? value : undefined;
  return undefined;
}

/**
 * Keeps the declarations of presentation properties with safe values; drops the rest
 * (`@import`, `url(http…)`, `behavior`, `-moz-binding`, escapes…). Declarations are split
 * on `;`, so a quoted `;` inside a value only costs that declaration.
 */
function cleanStyle(style: string, dropped: Set<string>): string {
  const kept: string[] = [];
  work += style.length;
  for (const declaration of style.split(';')) {
    work += declaration.length;
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (PRESENTATION.has(property) && safeValue(value)) kept.push(`${property}:${value}`);
    else dropped.add('style rules');
  }
  return kept.join(';');
}

/**
 * A value is safe when it has no CSS escapes, comments or at-rules, and every function in it
 * is a colour or transform function, or `url(#id)`. Each `(` looks back only over the name
 * right before it, so the scan is linear.
 */
function safeValue(value: string): boolean {
  work += 4 * value.length;
  if (value.includes('\\') || value.includes('/*') || value.includes('@') || value.includes('<')) return false;
  for (let open = value.indexOf('('); open >= 0; open = value.indexOf('(', open + 1)) {
    let start = open;
    while (start > 0 && /[A-Za-z-]/.test(value[start - 1])) {
      start--;
      work++;
    }
    const fn = value.slice(start, open).toLowerCase();
    if (!FUNCTIONS.has(fn)) return false;
    if (fn === 'url') {
      const close = value.indexOf(')', open);
      if (close < 0) return false;
      work += close - open;
      if (!URL_ARGUMENT.test(value.slice(open, close))) return false;
    }
  }
  return true;
}

function describeAttribute(attr: Attr): string {
  if (/^on/i.test(attr.localName)) return 'event handlers';
  if (attr.localName === 'href') return 'links outside the file';
  if (attr.localName === 'style') return 'style rules';
  return `${attr.name}=`;
}
