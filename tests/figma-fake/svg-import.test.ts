import sharp from 'sharp';
import { createFigmaFake } from '../fakes/figma';
import { abstractSvg } from '../fakes/replicate/landscape';

function importSvg(markup: string) {
  const { figma } = createFigmaFake();
  const frame = figma.createNodeFromSvg(markup);
  return { frame, vectors: frame.children as VectorNode[] };
}

const fillsOf = (v: VectorNode) => v.fills as Paint[];
const strokesOf = (v: VectorNode) => v.strokes as Paint[];

function expectSolid(paint: Paint | undefined, rgb: [number, number, number], opacity = 1): void {
  expect(paint?.type).toBe('SOLID');
  const p = paint as SolidPaint;
  expect(p.color.r).toBeCloseTo(rgb[0] / 255, 2);
  expect(p.color.g).toBeCloseTo(rgb[1] / 255, 2);
  expect(p.color.b).toBeCloseTo(rgb[2] / 255, 2);
  expect(p.opacity ?? 1).toBeCloseTo(opacity, 3);
}

describe('createNodeFromSvg reads colours like Figma', () => {
  it('hsl(), rgb() with percentages and "/ alpha", hex with alpha and named colours', () => {
    const { vectors } = importSvg(
      '<svg width="10" height="10">' +
        '<rect width="1" height="1" fill="hsl(120, 100%, 25%)"/>' +
        '<rect width="1" height="1" fill="hsl(0.5turn 100% 50% / 40%)"/>' +
        '<rect width="1" height="1" fill="rgb(100%, 50%, 0%)"/>' +
        '<rect width="1" height="1" fill="rgb(0 0 255 / 0.5)"/>' +
        '<rect width="1" height="1" fill="#ff000080"/>' +
        '<rect width="1" height="1" fill="cornflowerblue"/>' +
        '</svg>',
    );
    expectSolid(fillsOf(vectors[0])[0], [0, 127.5, 0]);
    expectSolid(fillsOf(vectors[1])[0], [0, 255, 255], 0.4);
    expectSolid(fillsOf(vectors[2])[0], [255, 127.5, 0]);
    expectSolid(fillsOf(vectors[3])[0], [0, 0, 255], 0.5);
    expectSolid(fillsOf(vectors[4])[0], [255, 0, 0], 128 / 255);
    expectSolid(fillsOf(vectors[5])[0], [100, 149, 237]);
  });

  it('currentColor comes from the inherited color; none paints nothing; strokes are read', () => {
    const { vectors } = importSvg(
      '<svg width="10" height="10"><g color="hsl(240 100% 50%)" style="color: rgb(255, 0, 0)">' +
        '<path d="M0 0 L5 0 L5 5 Z" fill="currentColor"/>' +
        '<circle cx="5" cy="5" r="2" fill="none" stroke="currentColor" stroke-width="3" stroke-opacity="0.25"/>' +
        '</g></svg>',
    );
    expectSolid(fillsOf(vectors[0])[0], [255, 0, 0]);
    expect(strokesOf(vectors[0])).toEqual([]);
    expect(fillsOf(vectors[1])).toEqual([]);
    expectSolid(strokesOf(vectors[1])[0], [255, 0, 0], 0.25);
    expect(vectors[1].strokeWeight).toBe(3);
  });

  it('fill-opacity becomes paint opacity and opacity becomes layer opacity, through groups', () => {
    const { vectors } = importSvg(
      '<svg width="10" height="10"><g opacity="0.5" fill="#00f" fill-opacity="0.8">' +
        '<rect width="2" height="2" opacity="0.5"/>' +
        '<rect width="2" height="2" style="fill: hsl(0 100% 50%); fill-opacity: 0.5" fill="#0f0"/>' +
        '</g></svg>',
    );
    expectSolid(fillsOf(vectors[0])[0], [0, 0, 255], 0.8);
    expect(vectors[0].opacity).toBeCloseTo(0.25, 5);
    expectSolid(fillsOf(vectors[1])[0], [255, 0, 0], 0.5);
    expect(vectors[1].opacity).toBeCloseTo(0.5, 5);
  });

  it('an unknown colour keeps the inherited one; a gradient reference becomes a gradient paint', () => {
    const { vectors } = importSvg(
      '<svg width="10" height="10"><defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">' +
        '<stop offset="0" stop-color="hsl(0,100%,50%)"/><stop offset="100%" stop-color="blue" stop-opacity="0.5"/></linearGradient></defs>' +
        '<g fill="#0f0"><rect width="2" height="2" fill="bogus(1)"/></g>' +
        '<rect width="4" height="4" fill="url(#sky)"/>' +
        '<rect width="4" height="4" fill="url(#missing) #123456"/>' +
        '</svg>',
    );
    expectSolid(fillsOf(vectors[0])[0], [0, 255, 0]);
    const g = fillsOf(vectors[1])[0] as GradientPaint;
    expect(g.type).toBe('GRADIENT_LINEAR');
    expect(g.gradientStops.map((s) => [s.position, s.color])).toEqual([
      [0, { r: 1, g: 0, b: 0, a: 1 }],
      [1, { r: 0, g: 0, b: 1, a: 0.5 }],
    ]);
    // Top to bottom: the gradient's t is the node's v.
    const [[a, b, c]] = g.gradientTransform;
    expect([a, b, c].map((v) => Math.round(v * 1000) / 1000 + 0)).toEqual([0, 1, 0]);
    expectSolid(fillsOf(vectors[2])[0], [0x12, 0x34, 0x56]);
  });

  it('bakes transforms and rounded corners into the path', async () => {
    const { frame, vectors } = importSvg(
      '<svg width="20" height="20"><rect x="0" y="0" width="10" height="4" transform="translate(20 0) rotate(90)" fill="red"/>' +
        '<rect x="0" y="10" width="10" height="10" rx="5" fill="blue"/></svg>',
    );
    expect([vectors[0].x, vectors[0].y, vectors[0].width, vectors[0].height].map(Math.round)).toEqual([16, 0, 4, 10]);
    const { data, info } = await sharp(await frame.exportAsync({ format: 'PNG' })).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)];
    expect(at(18, 5)).toEqual([255, 0, 0, 255]);
    expect(at(5, 15)).toEqual([0, 0, 255, 255]);
    expect(at(0, 10)[3]).toBe(0); // the rounded corner is cut
  });

  it("the demo backend's picture SVG (hsl gradients, group opacity, rotated shapes) exports close to a browser-grade render of it", async () => {
    const markup = abstractSvg(120, 80, 'a calm landscape');
    const { frame } = importSvg(markup);
    const ours = await sharp(await frame.exportAsync({ format: 'PNG' })).removeAlpha().raw().toBuffer();
    const reference = await sharp(Buffer.from(markup)).removeAlpha().raw().toBuffer();
    expect(ours.length).toBe(reference.length);
    let diff = 0;
    for (let i = 0; i < ours.length; i++) diff += Math.abs(ours[i] - reference[i]);
    expect(diff / ours.length).toBeLessThan(12);
  });
});
