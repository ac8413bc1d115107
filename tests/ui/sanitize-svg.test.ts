/**
 * @jest-environment jsdom
 */
import { sanitizeSvg, MAX_SVG_ELEMENTS } from '../../ui/images/sanitize-svg';
import { uncleanSvgReason } from '../../shared/images/svg';
import { logoMarkSvg } from '../fakes/replicate/logo-mark';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XL = 'xmlns:xlink="http://www.w3.org/1999/xlink"';
const svg = (body: string, attrs = '') => `<svg ${NS} ${XL} width="64" height="64"${attrs ? ` ${attrs}` : ''}>${body}</svg>`;
const RECT = '<rect x="1" y="1" width="10" height="10" fill="#f80"/>';

const ALLOWED = new Set(['svg', 'g', 'defs', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'linearGradient', 'radialGradient', 'stop', 'clipPath', 'text', 'tspan']);

/** What a clean SVG is, checked on the parsed output rather than by patterns on text. */
function unsafeParts(clean: string): string[] {
  const problems: string[] = [];
  if (/<!|<\?/.test(clean)) problems.push('declaration');
  const doc = new DOMParser().parseFromString(clean, 'image/svg+xml');
  if (doc.getElementsByTagNameNS('*', 'parsererror').length) return ['output does not parse'];
  for (const el of [doc.documentElement, ...Array.from(doc.documentElement.getElementsByTagNameNS('*', '*'))]) {
    if (el.namespaceURI !== 'http://www.w3.org/2000/svg' || !ALLOWED.has(el.localName)) problems.push(`<${el.nodeName}>`);
    for (const attr of Array.from(el.attributes)) {
      if (attr.namespaceURI === 'http://www.w3.org/2000/xmlns/') continue;
      const value = attr.value.toLowerCase();
      if (/^on/i.test(attr.localName)) problems.push(`${attr.name} handler`);
      if (attr.localName === 'href' && !value.startsWith('#')) problems.push(`${attr.name}=${value}`);
      if (/url\(\s*['"]?(?!#)/.test(value)) problems.push(`external url() in ${attr.name}`);
      if (/javascript:|data:|https?:|@import|expression\(|\\/.test(value)) problems.push(`${attr.name}=${value}`);
      if (attr.namespaceURI && !['http://www.w3.org/1999/xlink', 'http://www.w3.org/XML/1998/namespace', 'http://www.w3.org/2000/xmlns/'].includes(attr.namespaceURI)) {
        problems.push(`foreign attribute ${attr.name}`);
      }
    }
  }
  return problems;
}

interface Hostile {
  name: string;
  svg: string;
  /** Drawing the sanitiser must keep around the attack. */
  keeps?: RegExp;
  /** Refused outright, with this reason. */
  refused?: RegExp;
}

const billionLaughs = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>${svg('<text>&c;</text>')}`;

const HOSTILE: Hostile[] = [
  { name: 'a plain <script>', svg: svg(`<script>fetch('https://evil.example')</script>${RECT}`), keeps: /<rect/ },
  { name: '<svg:script> with a prefix bound to SVG', svg: `<svg ${NS} xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script>${RECT}</svg>`, keeps: /<rect/ },
  { name: '<script> with CDATA', svg: svg(`<script><![CDATA[alert(1)]]></script>${RECT}`), keeps: /<rect/ },
  { name: 'a self-closed <script href>', svg: svg(`<script href="https://evil.example/x.js"/>${RECT}`), keeps: /<rect/ },
  { name: 'an unclosed <script>', svg: `<svg ${NS}><script>alert(1)${RECT}</svg>`, refused: /not well-formed/ },
  { name: 'a <script> reassembled from pieces', svg: `<svg ${NS}><scr<script></script>ipt>alert(1)</script></svg>`, refused: /not well-formed/ },
  { name: '<svg/onload=…>', svg: '<svg/onload=alert(1)>', refused: /not well-formed/ },
  { name: 'onload on the root', svg: svg(RECT, 'onload="alert(1)"'), keeps: /<rect/ },
  { name: 'onclick on a shape', svg: svg('<rect width="5" height="5" onclick="alert(1)" onmouseover=\'x()\'/>'), keeps: /<rect width="5" height="5"\/>/ },
  { name: 'a handler on a nested <svg>', svg: svg(`<svg onload="alert(1)">${RECT}</svg>`), keeps: /<svg><rect/ },
  { name: 'a handler on a <tspan>', svg: svg('<text><tspan onmouseover="alert(1)">hi</tspan></text>'), keeps: /<tspan>hi<\/tspan>/ },
  { name: '<set> turning href into javascript:', svg: svg('<a><set attributeName="href" to="javascript:alert(1)"/><circle r="5"/></a>'), keeps: /<g><circle r="5"\/><\/g>/ },
  { name: '<animate> on href', svg: svg('<a href="#x"><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>') },
  { name: '<animateTransform> and <animateMotion>', svg: svg(`<g><animateTransform attributeName="transform" type="rotate" from="0" to="360" dur="1s"/><animateMotion path="M0 0 L9 9"/>${RECT}</g>`), keeps: /<rect/ },
  { name: '<foreignObject> with HTML', svg: svg(`<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div></foreignObject>${RECT}`), keeps: /<rect/ },
  { name: 'a namespaced <x:foreignObject>', svg: `<svg ${NS} xmlns:x="http://www.w3.org/2000/svg"><x:foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></x:foreignObject>${RECT}</svg>`, keeps: /<rect/ },
  { name: 'an XHTML <iframe>', svg: svg(`<iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/>${RECT}`), keeps: /<rect/ },
  { name: 'an <html:script>', svg: `<svg ${NS} xmlns:html="http://www.w3.org/1999/xhtml"><html:script>alert(1)</html:script>${RECT}</svg>`, keeps: /<rect/ },
  { name: 'an XML Events <handler>', svg: `<svg ${NS} xmlns:ev="http://www.w3.org/2001/xml-events"><handler ev:event="load">alert(1)</handler>${RECT}</svg>`, keeps: /<rect/ },
  { name: 'x:href to javascript:', svg: `<svg ${NS} xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"><rect width="3" height="3"/></a></svg>`, keeps: /<g><rect/ },
  { name: 'href to javascript:', svg: svg('<a href="javascript:alert(1)"><circle r="2"/></a>'), keeps: /<circle r="2"\/>/ },
  { name: 'xlink:href to a spaced, cased JaVaScRiPt:', svg: svg('<a xlink:href="  JaVaScRiPt:alert(1)"><circle r="2"/></a>'), keeps: /<circle/ },
  { name: 'a gradient inheriting from another file', svg: svg('<defs><linearGradient id="g" xlink:href="https://evil.example/g.svg#x"/></defs><rect width="4" height="4" fill="url(#g)"/>'), keeps: /fill="url\(#g\)"/ },
  { name: '<use> of an external sprite', svg: svg(`<use href="https://evil.example/sprite.svg#a"/>${RECT}`), keeps: /<rect/ },
  { name: '<use> of a data: SVG', svg: svg(`<use xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>${RECT}`), keeps: /<rect/ },
  { name: 'an external <image>', svg: svg(`<image href="https://evil.example/track.png" width="1" height="1"/>${RECT}`), keeps: /<rect/ },
  { name: 'a data: <image>', svg: svg(`<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>${RECT}`), keeps: /<rect/ },
  { name: 'a <style> with @import', svg: svg(`<style>@import url(https://evil.example/x.css); rect { fill: url(https://evil.example/y) }</style>${RECT}`), keeps: /<rect/ },
  { name: 'a namespaced <s:style>', svg: `<svg ${NS} xmlns:s="http://www.w3.org/2000/svg"><s:style>*{background:url(https://evil.example)}</s:style>${RECT}</svg>`, keeps: /<rect/ },
  { name: 'style with an external url()', svg: svg('<rect width="5" height="5" style="fill:url(https://evil.example/p);stroke:#000"/>'), keeps: /style="stroke:#000"/ },
  { name: 'style with an escaped u\\72l()', svg: svg('<rect width="5" height="5" style="fill:u\\72l(https://evil.example/p)"/>'), keeps: /<rect width="5" height="5"\/>/ },
  { name: 'style with @import and behaviour', svg: svg('<rect width="5" height="5" style="@import \'https://evil.example\';behavior:url(x.htc);-moz-binding:url(https://evil.example/x.xml#b);fill:red"/>'), keeps: /style="fill:red"/ },
  { name: 'style with expression()', svg: svg('<rect width="5" height="5" style="fill:expression(alert(1))"/>') },
  { name: 'a fill pointing at another file', svg: svg('<rect width="5" height="5" fill="url(https://evil.example/#g)"/>'), keeps: /<rect width="5" height="5"\/>/ },
  { name: 'a fill with a local and an external url()', svg: svg('<rect width="5" height="5" fill="url(\'#g\') , url(https://evil.example/x)"/>') },
  { name: 'a filter with <feImage>', svg: svg(`<filter id="f"><feImage href="https://evil.example/x.png"/></filter><rect width="5" height="5" filter="url(https://evil.example/f.svg#f)"/>`), keeps: /<rect width="5" height="5"\/>/ },
  { name: 'a <pattern> holding an image', svg: svg(`<pattern id="p"><image href="https://evil.example/x.png"/></pattern>${RECT}`), keeps: /<rect/ },
  { name: 'xml:base pointing elsewhere', svg: svg(RECT, 'xml:base="https://evil.example/"'), keeps: /<rect/ },
  { name: 'an xml-stylesheet instruction', svg: `<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?>${svg(RECT)}`, keeps: /<rect/ },
  { name: 'a DOCTYPE with an internal entity', svg: `<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>${svg('<text>&x;</text>')}`, refused: /entities/ },
  { name: 'an external entity', svg: `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`, refused: /entities/ },
  { name: 'billion laughs', svg: billionLaughs, refused: /entities/ },
  { name: 'a second DOCTYPE hidden after a comment', svg: `<!-- x --><!DOCTYPE svg [<!ENTITY x "y">]>${svg('<text>&x;</text>')}`, refused: /entities/ },
  { name: '80 KB of whitespace in the root tag before a handler', svg: `<svg ${NS}${' '.repeat(80_000)}onload="alert(1)" width="8" height="8">${RECT}</svg>`, keeps: /<rect/ },
  { name: '80 KB of whitespace in an unclosed tag', svg: `<svg ${NS}${' \t\n'.repeat(27_000)}`, refused: /not well-formed/ },
  { name: 'a root that is not SVG', svg: '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', refused: /not an SVG/ },
  { name: 'more elements than the cap', svg: svg('<rect/>'.repeat(MAX_SVG_ELEMENTS + 1)), refused: /more than 50,000 elements/ },
  { name: 'nesting deeper than anyone draws', svg: svg(`${'<g>'.repeat(400)}${RECT}${'</g>'.repeat(400)}`), refused: /nests deeper/ },
  { name: 'more than 5 MB', svg: svg(`<path d="M0 0${' L1 1'.repeat(1_100_000)}"/>`), refused: /larger than 5 MB/ },
];

describe('hostile SVG', () => {
  it('has a corpus of at least 30 attacks', () => expect(HOSTILE.length).toBeGreaterThanOrEqual(30));

  it.each(HOSTILE.map((h) => [h.name, h] as const))('%s: nothing that runs or reaches out survives', (_, hostile) => {
    if (hostile.refused) {
      expect(() => sanitizeSvg(hostile.svg)).toThrow(hostile.refused);
      return;
    }
    const { svg: clean, dropped } = sanitizeSvg(hostile.svg);
    expect(unsafeParts(clean)).toEqual([]);
    expect(clean).not.toMatch(/evil\.example|alert\(|javascript/i);
    expect(dropped.length).toBeGreaterThan(0);
    if (hostile.keeps) expect(clean).toMatch(hostile.keeps);
    // What reaches the controller passes its cheap check.
    expect(uncleanSvgReason(clean)).toBeUndefined();
  });
});

/** Elements, attributes (style as declarations) and drawn text: what the picture is made of. */
function meaning(text: string): unknown[] {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const out: unknown[] = [];
  const walk = (el: Element) => {
    const attrs = Array.from(el.attributes)
      .filter((a) => a.namespaceURI !== 'http://www.w3.org/2000/xmlns/')
      .map((a) => [`${a.namespaceURI ?? ''}|${a.localName}`, a.localName === 'style' ? styleOf(a.value) : a.value])
      .sort();
    const text = ['text', 'tspan'].includes(el.localName)
      ? Array.from(el.childNodes).filter((n) => n.nodeType === 3 || n.nodeType === 4).map((n) => n.textContent).join('')
      : '';
    out.push([el.namespaceURI, el.localName, attrs, text]);
    for (const child of Array.from(el.children)) walk(child);
  };
  walk(doc.documentElement);
  return out;
}
const styleOf = (style: string) => style.split(';').map((d) => d.split(':').map((s) => s.trim()).join(':')).filter((d) => d.includes(':')).sort();

const VALID: [string, string][] = [
  ['a demo Recraft mark (petals)', logoMarkSvg(1024, 1024, 'a fox logo', 'seed-1')],
  ['a demo Recraft mark (another figure)', logoMarkSvg(1024, 768, 'a coffee shop emblem', 'seed-7')],
  ['a demo Recraft mark (a third)', logoMarkSvg(512, 512, 'a bank monogram', 'seed-42')],
  ['a linear gradient inheriting stops', svg('<defs><linearGradient id="a" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0af"/><stop offset="1" stop-color="rgba(255,0,128,0.5)" stop-opacity="0.8"/></linearGradient><linearGradient id="b" xlink:href="#a" gradientTransform="rotate(45)"/></defs><rect width="64" height="64" fill="url(#b)"/>')],
  ['a radial gradient', svg('<defs><radialGradient id="r" cx="0.5" cy="0.5" r="0.5" fx="0.3" fy="0.3" gradientUnits="objectBoundingBox" spreadMethod="pad"><stop offset="0%" style="stop-color:hsl(200, 80%, 50%);stop-opacity:1"/><stop offset="100%" stop-color="#fff"/></radialGradient></defs><circle cx="32" cy="32" r="30" fill="url(\'#r\')" stroke="#222" stroke-width="2"/>')],
  ['text that mentions on…= and script', svg('<text x="4" y="20" font-family="Inter, sans-serif" font-size="12" font-weight="700" text-anchor="start">Click on=here, onload="go" &amp; &lt;script&gt;</text><text x="4" y="40"><tspan dx="2" fill="#c00">Sale</tspan> ends onmouseover=soon</text>')],
  ['paths, groups and transforms', svg('<g transform="translate(4 4) scale(0.5)" opacity="0.9"><path d="M10 10 C 20 0, 40 0, 50 10 S 80 20 90 10 Z" fill="none" stroke="#123456" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" stroke-dasharray="4 2"/><path d="M0 0h10v10H0z" fill-rule="evenodd" clip-rule="evenodd" fill="currentColor"/></g>', 'viewBox="0 0 64 64" color="#333"')],
  ['a clip path', svg('<defs><clipPath id="c" clipPathUnits="userSpaceOnUse"><circle cx="32" cy="32" r="20"/></clipPath></defs><g clip-path="url(#c)"><rect width="64" height="64" fill="#6a5acd"/></g>')],
  ['every basic shape', svg('<line x1="0" y1="0" x2="64" y2="64" stroke="black"/><polyline points="0,0 10,10 20,0" fill="none" stroke="red"/><polygon points="30,0 40,10 30,20" fill="blue"/><ellipse cx="32" cy="50" rx="10" ry="5" fill="green"/><rect x="2" y="2" width="8" height="8" rx="2" ry="2" fill="#abc"/>')],
  ['an editor export with a prolog, DOCTYPE and comments', `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- Generator: an editor -->\n${svg('<g id="Layer_1"><rect x="0" y="0" width="64" height="64" style="fill:#FFC000;stroke:#000000;stroke-miterlimit:10"/></g>', 'version="1.1" xml:space="preserve"')}`],
  ['a nested svg with its own viewBox', svg('<svg x="8" y="8" width="48" height="48" viewBox="0 0 24 24" preserveAspectRatio="xMidYMid meet"><path d="M12 2 2 22h20z" fill="#0c0"/></svg>')],
];

describe('valid SVG', () => {
  it.each(VALID)('%s comes through unchanged in meaning', (_, original) => {
    const { svg: clean, dropped } = sanitizeSvg(original);
    expect(dropped).toEqual([]);
    expect(meaning(clean)).toEqual(meaning(original));
  });
});

describe('work grows linearly with the input', () => {
  const families: [string, (n: number) => string][] = [
    ['shapes', (n) => svg('<rect x="1" y="2" width="3" height="4" fill="#abc" onclick="x()"/>'.repeat(100 * n))],
    ['whitespace in a tag', (n) => `<svg ${NS}${' '.repeat(8000 * n)}onload="x" width="1" height="1"/>`],
    ['one long path', (n) => svg(`<path d="M0 0${' L1 2'.repeat(2000 * n)}"/>`)],
    ['a long name before each bracket in a style', (n) => svg(`<rect style="fill:${'a'.repeat(5000 * n)}(1)"/>`)],
    ['many functions in a style', (n) => svg(`<rect style="fill:${'rgb(1,2,3) '.repeat(500 * n)}"/>`)],
    ['deep groups', (n) => svg('<g>'.repeat(20 * n) + '</g>'.repeat(20 * n))],
    ['text runs', (n) => svg(`<text>${'<tspan> on=x </tspan>'.repeat(300 * n)}</text>`)],
  ];
  it.each(families)('%s: 10× the input is at most ~10× the work', (_, make) => {
    const small = sanitizeSvg(make(1)).work;
    const large = sanitizeSvg(make(10)).work;
    expect(large).toBeLessThanOrEqual(small * 11);
    expect(large).toBeGreaterThan(small * 5);
  });
});
