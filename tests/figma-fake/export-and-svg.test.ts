import sharp from 'sharp';
import { createFigmaFake } from '../fakes/figma';

describe('exportAsync', () => {
  it('PNG decodes with sharp at the node size times the constraint, with the fill drawn', async () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    frame.resize(40, 30);
    frame.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    const bytes = await frame.exportAsync({ format: 'PNG' });
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 40, 30]);
    const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);

    const doubled = await sharp(await frame.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 2 } })).metadata();
    expect([doubled.width, doubled.height]).toEqual([80, 60]);
    const byWidth = await sharp(await frame.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 20 } })).metadata();
    expect([byWidth.width, byWidth.height]).toEqual([20, 15]);
  });

  it('PNG is transparent where nothing is painted and draws children', async () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    frame.resize(10, 10);
    frame.fills = [];
    const rect = figma.createRectangle();
    frame.appendChild(rect);
    rect.resize(5, 10);
    rect.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }];
    const { data, info } = await sharp(await frame.exportAsync({ format: 'PNG' })).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect([...data.subarray(0, 4)]).toEqual([0, 0, 255, 255]);
    const right = (0 * 10 + 9) * 4;
    expect(data[right + 3]).toBe(0);
  });

  it('caps huge exports at 4096 px a side', async () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    frame.resize(3000, 10);
    const meta = await sharp(await frame.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 4 } })).metadata();
    expect(meta.width).toBe(4096);
  });

  it('SVG is a valid SVG document', async () => {
    const { figma } = createFigmaFake();
    const frame = figma.createFrame();
    frame.resize(20, 10);
    const bytes = await frame.exportAsync({ format: 'SVG' });
    const text = new TextDecoder().decode(bytes);
    expect(text).toMatch(/^<svg width="20" height="10"/);
    const meta = await sharp(Buffer.from(bytes)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['svg', 20, 10]);
  });
});

describe('createNodeFromSvg', () => {
  it('sizes the frame from width/height and makes one vector per shape', () => {
    const { figma } = createFigmaFake();
    const frame = figma.createNodeFromSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 20 10"><g fill="#ff0000"><path d="M1 1 L5 1 L5 4 Z"/><circle cx="10" cy="5" r="2"/></g><defs><rect width="3" height="3"/></defs></svg>',
    );
    expect(frame.type).toBe('FRAME');
    expect([frame.width, frame.height]).toEqual([200, 100]);
    expect(frame.children.map((c) => c.type)).toEqual(['VECTOR', 'VECTOR']);
    const [path, circle] = frame.children as VectorNode[];
    expect([path.x, path.y, path.width, path.height]).toEqual([10, 10, 40, 30]);
    expect([circle.x, circle.y, circle.width, circle.height]).toEqual([80, 30, 40, 40]);
    expect((path.fills as Paint[])[0]).toMatchObject({ type: 'SOLID', color: { r: 1, g: 0, b: 0 } });
    expect(frame.parent).toBe(figma.currentPage);
  });

  it('falls back to the viewBox size', () => {
    const { figma } = createFigmaFake();
    const frame = figma.createNodeFromSvg('<svg viewBox="0 0 64 32"><rect x="0" y="0" width="64" height="32"/></svg>');
    expect([frame.width, frame.height]).toEqual([64, 32]);
  });

  it('throws on invalid SVG', () => {
    const { figma } = createFigmaFake();
    expect(() => figma.createNodeFromSvg('not svg')).toThrow(/Failed to import SVG/);
    expect(() => figma.createNodeFromSvg('<svg><path d="M0 0"></svg>')).toThrow(/Failed to import SVG/);
    expect(() => figma.createNodeFromSvg('<html></html>')).toThrow(/Failed to import SVG/);
  });
});
