/**
 * CSS colour values as SVG uses them (CSS Color 4): hex (3, 4, 6, 8 digits), rgb()/rgba() with
 * numbers or percentages in comma or space syntax with `/ alpha`, hsl()/hsla() and hwb() with
 * deg/grad/rad/turn hues, lab()/lch()/oklab()/oklch(), the 148 named colours, `transparent`,
 * `currentColor` and `none`. Components are 0..1, clamped into sRGB.
 */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export type CssColour = Rgba | 'none' | 'currentColor';

// The CSS named colours (CSS Color 4 §6.1), name:rrggbb.
const NAMED_TABLE =
  'aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc ' +
  'bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a ' +
  'burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50 ' +
  'cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff darkblue:00008b darkcyan:008b8b ' +
  'darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b ' +
  'darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000 ' +
  'darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f darkslategrey:2f4f4f ' +
  'darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 deepskyblue:00bfff dimgray:696969 ' +
  'dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0 forestgreen:228b22 ' +
  'fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 gray:808080 ' +
  'green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c ' +
  'indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 ' +
  'lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff lightgoldenrodyellow:fafad2 ' +
  'lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a ' +
  'lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899 ' +
  'lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff ' +
  'maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db ' +
  'mediumseagreen:3cb371 mediumslateblue:7b68ee mediumspringgreen:00fa9a mediumturquoise:48d1cc ' +
  'mediumvioletred:c71585 midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 ' +
  'navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 orange:ffa500 ' +
  'orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 paleturquoise:afeeee ' +
  'palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd ' +
  'powderblue:b0e0e6 purple:800080 rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 ' +
  'saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d ' +
  'silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa ' +
  'springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347 ' +
  'turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00 ' +
  'yellowgreen:9acd32';

const NAMED = new Map(NAMED_TABLE.split(' ').map((e) => [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)]));

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Parses one colour value; null when it is not a colour (the caller decides the fallback). */
export function parseCssColour(text: string): CssColour | null {
  const s = text.trim().toLowerCase();
  if (s === 'none') return 'none';
  if (s === 'currentcolor') return 'currentColor';
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  if (s.startsWith('#')) return hexColour(s.slice(1));
  const named = NAMED.get(s);
  if (named) return hexColour(named);
  const fn = /^([a-z]+)\(\s*(.*?)\s*\)$/.exec(s);
  return fn ? functionColour(fn[1], fn[2]) : null;
}

function hexColour(h: string): Rgba | null {
  if (!/^[0-9a-f]+$/.test(h) || ![3, 4, 6, 8].includes(h.length)) return null;
  const full = h.length <= 4 ? [...h].map((c) => c + c).join('') : h;
  const byte = (i: number): number => parseInt(full.slice(i * 2, i * 2 + 2), 16) / 255;
  return { r: byte(0), g: byte(1), b: byte(2), a: full.length === 8 ? byte(3) : 1 };
}

interface Arg {
  value: number;
  unit: string;
}

/** Splits `a b c / d` or `a, b, c, d` into three components and an optional alpha. */
function splitArgs(body: string): { parts: Arg[]; alpha: Arg | null } | null {
  let main = body;
  let alphaText: string | null = null;
  if (body.includes(',')) {
    const list = body.split(',').map((p) => p.trim());
    if (list.length < 3 || list.length > 4) return null;
    main = list.slice(0, 3).join(' ');
    alphaText = list[3] ?? null;
  } else if (body.includes('/')) {
    const [m, a, extra] = body.split('/');
    if (extra !== undefined) return null;
    main = m;
    alphaText = a.trim();
  }
  const parse = (t: string): Arg | null => {
    if (t === 'none') return { value: 0, unit: '' };
    const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(%|deg|grad|rad|turn)?$/.exec(t);
    return m ? { value: parseFloat(m[1]), unit: m[2] ?? '' } : null;
  };
  const parts = main.trim().split(/\s+/).map(parse);
  if (parts.length !== 3 || parts.some((p) => p === null)) return null;
  const alpha = alphaText === null ? null : parse(alphaText);
  if (alphaText !== null && !alpha) return null;
  return { parts: parts as Arg[], alpha };
}

const pct = (a: Arg, scale: number): number => (a.unit === '%' ? a.value / 100 : a.value / scale);

function hue(a: Arg): number {
  const deg = a.unit === 'rad' ? (a.value * 180) / Math.PI : a.unit === 'turn' ? a.value * 360 : a.unit === 'grad' ? a.value * 0.9 : a.value;
  return ((deg % 360) + 360) % 360;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

const gammaEncode = (v: number): number => (v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055);

function oklabToRgb(L: number, a: number, b: number): [number, number, number] {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    gammaEncode(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    gammaEncode(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    gammaEncode(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}

/** CIE Lab (D50, as CSS defines lab()) to sRGB via XYZ and Lindbloom's D50 matrix. */
function labToRgb(L: number, a: number, b: number): [number, number, number] {
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const inv = (t: number): number => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
  const X = 0.96422 * inv(fx);
  const Y = L > 8 ? fy ** 3 : L / (24389 / 27);
  const Z = 0.82521 * inv(fz);
  return [
    gammaEncode(3.1338561 * X - 1.6168667 * Y - 0.4906146 * Z),
    gammaEncode(-0.9787684 * X + 1.9161415 * Y + 0.033454 * Z),
    gammaEncode(0.0719453 * X - 0.2289914 * Y + 1.4052427 * Z),
  ];
}

function functionColour(name: string, body: string): Rgba | null {
  const args = splitArgs(body);
  if (!args) return null;
  const [p0, p1, p2] = args.parts;
  const a = args.alpha ? clamp01(pct(args.alpha, 1)) : 1;
  let rgb: [number, number, number];
  const polar = (c: number, h: number): [number, number] => [c * Math.cos((h * Math.PI) / 180), c * Math.sin((h * Math.PI) / 180)];
  switch (name) {
    case 'rgb':
    case 'rgba':
      rgb = [pct(p0, 255), pct(p1, 255), pct(p2, 255)];
      break;
    case 'hsl':
    case 'hsla':
      rgb = hslToRgb(hue(p0), clamp01(pct(p1, 100)), clamp01(pct(p2, 100)));
      break;
    case 'hwb': {
      let w = clamp01(pct(p1, 100));
      let k = clamp01(pct(p2, 100));
      if (w + k > 1) [w, k] = [w / (w + k), k / (w + k)];
      rgb = hslToRgb(hue(p0), 1, 0.5).map((v) => v * (1 - w - k) + w) as [number, number, number];
      break;
    }
    case 'lab':
      // L is 0..100 as a number or a percentage.
      rgb = labToRgb(p0.value, p1.unit === '%' ? p1.value * 1.25 : p1.value, p2.unit === '%' ? p2.value * 1.25 : p2.value);
      break;
    case 'lch':
      rgb = labToRgb(p0.value, ...polar(p1.unit === '%' ? p1.value * 1.5 : p1.value, hue(p2)));
      break;
    case 'oklab':
      rgb = oklabToRgb(pct(p0, 1), p1.unit === '%' ? p1.value * 0.004 : p1.value, p2.unit === '%' ? p2.value * 0.004 : p2.value);
      break;
    case 'oklch':
      rgb = oklabToRgb(pct(p0, 1), ...polar(p1.unit === '%' ? p1.value * 0.004 : p1.value, hue(p2)));
      break;
    default:
      return null;
  }
  return { r: clamp01(rgb[0]), g: clamp01(rgb[1]), b: clamp01(rgb[2]), a };
}
