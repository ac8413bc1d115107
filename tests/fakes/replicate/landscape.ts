/**
 * The demo's default picture: a gradient sky, soft glows, a sun, layered hills and a few
 * shapes, whose colours and layout come from a hash of prompt+seed, so the same request gives
 * the same bytes. No filters, so both librsvg and browsers draw it quickly.
 */
import { hash32, rng } from './random';

function hsl(h: number, s: number, l: number): string {
  return `hsl(${Math.round(h) % 360},${Math.round(s)}%,${Math.round(l)}%)`;
}

export function abstractSvg(width: number, height: number, key: string, opacity = 1): string {
  const r = rng(hash32(key));
  const hue = r() * 360;
  const w = width;
  const h = height;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">` +
      `<stop offset="0" stop-color="${hsl(hue, 60, 22)}"/>` +
      `<stop offset="0.6" stop-color="${hsl(hue + 40, 70, 55)}"/>` +
      `<stop offset="1" stop-color="${hsl(hue + 70, 80, 78)}"/></linearGradient>`,
  );
  const glows = 3 + Math.floor(r() * 3);
  for (let i = 0; i < glows; i++) {
    const gh = hue + 120 + r() * 120;
    parts.push(
      `<radialGradient id="g${i}"><stop offset="0" stop-color="${hsl(gh, 90, 70)}" stop-opacity="0.85"/>` +
        `<stop offset="1" stop-color="${hsl(gh, 90, 50)}" stop-opacity="0"/></radialGradient>`,
    );
  }
  parts.push('</defs>', `<g opacity="${opacity}">`, `<rect width="${w}" height="${h}" fill="url(#sky)"/>`);
  for (let i = 0; i < glows; i++) {
    const cx = r() * w;
    const cy = r() * h * 0.7;
    const rad = (0.15 + r() * 0.35) * Math.max(w, h);
    parts.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${rad.toFixed(1)}" fill="url(#g${i})"/>`);
  }
  // A sun or moon.
  parts.push(
    `<circle cx="${(w * (0.2 + r() * 0.6)).toFixed(1)}" cy="${(h * (0.2 + r() * 0.25)).toFixed(1)}" r="${(Math.min(w, h) * (0.05 + r() * 0.08)).toFixed(1)}" fill="${hsl(hue + 180, 90, 85)}" fill-opacity="0.9"/>`,
  );
  // Layered hills, darker towards the front.
  const layers = 3;
  for (let l = 0; l < layers; l++) {
    const base = h * (0.55 + l * 0.14);
    const amp = h * (0.06 + r() * 0.08);
    const steps = 6;
    let d = `M0 ${h} L0 ${(base - amp * r()).toFixed(1)}`;
    for (let s = 1; s <= steps; s++) {
      const x = (w * s) / steps;
      const cx = x - w / steps / 2;
      d += ` Q${cx.toFixed(1)} ${(base - amp * (0.5 + r())).toFixed(1)} ${x.toFixed(1)} ${(base - amp * r()).toFixed(1)}`;
    }
    d += ` L${w} ${h} Z`;
    parts.push(`<path d="${d}" fill="${hsl(hue + 200 + l * 15, 35 + l * 10, 35 - l * 9)}"/>`);
  }
  // A few geometric accents.
  const shapes = 2 + Math.floor(r() * 4);
  for (let i = 0; i < shapes; i++) {
    const x = r() * w;
    const y = r() * h;
    const size = Math.min(w, h) * (0.03 + r() * 0.08);
    const fill = hsl(hue + r() * 360, 70, 60);
    if (r() < 0.5) {
      parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${size.toFixed(1)}" fill="${fill}" fill-opacity="0.7"/>`);
    } else {
      parts.push(
        `<rect x="${(x - size).toFixed(1)}" y="${(y - size).toFixed(1)}" width="${(2 * size).toFixed(1)}" height="${(2 * size).toFixed(1)}" rx="${(size / 4).toFixed(1)}" fill="${fill}" fill-opacity="0.6" transform="rotate(${Math.round(r() * 90)} ${x.toFixed(1)} ${y.toFixed(1)})"/>`,
      );
    }
  }
  parts.push('</g></svg>');
  return parts.join('');
}
