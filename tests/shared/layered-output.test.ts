import { readLayeredOutput } from '../../shared/layers/layered-output';

describe('reading a split-into-layers result', () => {
  it('reads the published Output object: background URL, resolution, and text containers given as JSON text', () => {
    const read = readLayeredOutput({
      background_image: 'https://replicate.delivery/x/bg.png',
      text_html: '<div>…</div>',
      text_containers: JSON.stringify([
        { role: 'heading', text: 'Jazz Night', x: 100, y: 80, width: 800, height: 120, font_size: 96, font_name: 'Montserrat-Bold', color: '#FFF', alignment: 'center' },
        { text: '   ', x: 0, y: 0, width: 10, height: 10 },
        { text: 'no box' },
      ]),
      seed: 3,
      resolution: '1024x1536',
    });
    expect(read).toEqual({
      background: 'https://replicate.delivery/x/bg.png',
      space: { width: 1024, height: 1536 },
      texts: [{ text: 'Jazz Night', x: 100, y: 80, width: 800, height: 120, fontSize: 96, fontFamily: 'Montserrat-Bold', color: '#ffffff', align: 'CENTER', role: 'heading' }],
    });
  });

  it('takes corner boxes, a wrapping object, and boxes given as fractions of the image', () => {
    const corners = readLayeredOutput({ background_image: 'u', resolution: '200x100', text_containers: { text_blocks: [{ text: 'A', bbox: [150, 60, 50, 20] }] } });
    expect(corners?.texts[0]).toMatchObject({ x: 50, y: 20, width: 100, height: 40 });
    const fractions = readLayeredOutput({ background_image: 'u', resolution: '200x100', text_containers: '[{"text":"B","x":0.5,"y":0.25,"width":0.25,"height":0.5}]' });
    expect(fractions?.texts[0]).toMatchObject({ x: 100, y: 25, width: 50, height: 50 });
  });

  it('is not fooled by other outputs, and survives unreadable containers', () => {
    expect(readLayeredOutput('https://x/y.png')).toBeUndefined();
    expect(readLayeredOutput(['https://x/y.png'])).toBeUndefined();
    expect(readLayeredOutput({ text_containers: '[]' })).toBeUndefined();
    expect(readLayeredOutput({ background_image: 'u', text_containers: '{not json' })).toEqual({ background: 'u', texts: [] });
  });
});
