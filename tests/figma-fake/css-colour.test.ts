import { parseCssColour } from '../fakes/figma/css-colour';

const rgba = (r: number, g: number, b: number, a = 1) => ({ r: r / 255, g: g / 255, b: b / 255, a });

describe('parseCssColour', () => {
  it.each([
    ['#f00', rgba(255, 0, 0)],
    ['#F00C', rgba(255, 0, 0, 0.8)],
    ['#1e90ff', rgba(30, 144, 255)],
    ['#1e90ff80', rgba(30, 144, 255, 128 / 255)],
    ['rgb(255, 128, 0)', rgba(255, 128, 0)],
    ['rgba(255,128,0,.5)', rgba(255, 128, 0, 0.5)],
    ['rgb(100%, 50%, 0%)', rgba(255, 127.5, 0)],
    ['rgb(255 128 0 / 25%)', rgba(255, 128, 0, 0.25)],
    ['rgb(300 -5 0)', rgba(255, 0, 0)],
    ['hsl(0, 100%, 50%)', rgba(255, 0, 0)],
    ['hsl(120 100% 25%)', rgba(0, 127.5, 0)],
    ['hsla(240, 100%, 50%, 0.5)', rgba(0, 0, 255, 0.5)],
    ['hsl(0.5turn 100% 50% / 50%)', rgba(0, 255, 255, 0.5)],
    ['hsl(3.14159265rad 100% 50%)', rgba(0, 255, 255)],
    ['hsl(-120deg 100% 50%)', rgba(0, 0, 255)],
    ['hsl(212, 60%, 45%)', rgba(45.9, 110.16, 183.6)],
    ['hwb(0 0% 0%)', rgba(255, 0, 0)],
    ['hwb(0 60% 60%)', rgba(127.5, 127.5, 127.5)],
    ['oklch(62.8% 0.2577 29.23)', rgba(255, 0, 0)],
    ['oklab(1 0 0)', rgba(255, 255, 255)],
    ['lab(54.29% 80.82 69.89)', rgba(255, 0, 0)],
    ['rebeccapurple', rgba(102, 51, 153)],
    ['LightGoldenRodYellow', rgba(250, 250, 210)],
    ['transparent', rgba(0, 0, 0, 0)],
  ])('%s', (text, expected) => {
    const c = parseCssColour(text) as { r: number; g: number; b: number; a: number };
    for (const k of ['r', 'g', 'b', 'a'] as const) expect(c[k]).toBeCloseTo(expected[k], 2);
  });

  it.each([
    ['none', 'none'],
    ['currentColor', 'currentColor'],
    ['CURRENTCOLOR', 'currentColor'],
    ['#ggg', null],
    ['#12345', null],
    ['rgb(1 2)', null],
    ['hsl(10 20% 30% / 1 / 2)', null],
    ['url(#grad)', null],
    ['notacolour', null],
  ])('%s is %s', (text, expected) => {
    expect(parseCssColour(text)).toEqual(expected);
  });
});
