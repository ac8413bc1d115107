/**
 * What a newcomer sees in the playground must be true: a logo prompt on the vector model
 * lands as coloured, editable vector marks (not solid black), and Upscale returns the
 * source's own pixels at a larger size (not a grey square), in Chromium through the built
 * plugin, the relay and the demo backend.
 */
import { firstCardRows, images, nodes, screenshots, select, until, usePlayground, type PlaygroundHandle } from './browser';

jest.setTimeout(90_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25 });

const rows = () => firstCardRows(play.panel).allInnerTexts();

test('a logo on the vector model becomes coloured vector shapes', async () => {
  await play.panel.getByLabel('Prompt').fill('Ember & Oak coffee roasters logo, flat geometric mark');
  await play.panel.getByLabel('Model').selectOption('recraft-ai/recraft-v3-svg');
  await play.panel.getByLabel('Variants').fill('1');
  await play.panel.getByRole('button', { name: 'Generate' }).click();
  await until(rows, (t) => t.length === 1 && t[0].includes('Placed'), 30_000, 'the logo placed');
  const colours = await play.page.evaluate(() => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const vectors = figma.currentPage.findAll((n) => n.type === 'VECTOR') as VectorNode[];
    return vectors.flatMap((v) => (v.fills as Paint[]).filter((p): p is SolidPaint => p.type === 'SOLID').map((p) => p.color));
  });
  expect(colours.length).toBeGreaterThan(2);
  const distinct = new Set(colours.map((c) => `${c.r.toFixed(2)},${c.g.toFixed(2)},${c.b.toFixed(2)}`));
  expect(distinct.size).toBeGreaterThanOrEqual(2);
  // Not the solid black an unparsed colour falls back to.
  expect(colours.some((c) => c.r + c.g + c.b > 0.3)).toBe(true);
  await screenshots(play.page, 'logo-vector-marks');
});

test('Upscale returns the source’s pixels at twice the size', async () => {
  await play.panel.getByLabel('Model').selectOption('black-forest-labs/flux-schnell');
  await play.panel.getByLabel('Prompt').fill('a lemon on a blue plate');
  await play.panel.getByRole('button', { name: 'Generate' }).click();
  await until(rows, (t) => t.length === 1 && t[0].includes('Placed'), 30_000, 'the image placed');
  const [source] = images(await nodes(play.page)).filter((n) => JSON.parse(n.pluginData.recipe ?? '{}').tool === 'generate');
  await select(play.page, [source.id]);
  await play.panel.getByRole('tab', { name: 'Refine' }).click();
  await play.panel.getByLabel('Tool').selectOption({ label: 'Upscale' });
  await play.panel.getByRole('button', { name: 'Upscale', exact: true }).click();
  await until(() => nodes(play.page), (all) => images(all).some((n) => JSON.parse(n.pluginData.recipe ?? '{}').tool === 'upscale'), 30_000, 'the upscaled image');
  const upscaled = images(await nodes(play.page)).find((n) => JSON.parse(n.pluginData.recipe ?? '{}').tool === 'upscale')!;
  const before = source.fills.find((f) => f.type === 'IMAGE')!;
  const after = upscaled.fills.find((f) => f.type === 'IMAGE')!;
  expect(after.imageWidth).toBe(before.imageWidth! * 2);

  // The upscale, scaled back down, is the source: compared pixel by pixel in the page.
  const difference = await play.page.evaluate(async ([a, b]) => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const pixels = async (id: string) => {
      const node = figma.currentPage.findOne((n) => n.id === id) as RectangleNode;
      const bytes = await node.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 64 } });
      const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(64, 64);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0, 64, 64);
      return ctx.getImageData(0, 0, 64, 64).data;
    };
    const [p, q] = [await pixels(a), await pixels(b)];
    let sum = 0;
    let spread = 0;
    for (let i = 0; i < p.length; i += 4) {
      for (let c = 0; c < 3; c++) sum += Math.abs(p[i + c] - q[i + c]);
      spread += Math.abs(p[i] - p[0]) + Math.abs(p[i + 1] - p[1]) + Math.abs(p[i + 2] - p[2]);
    }
    return { mean: sum / ((p.length / 4) * 3), spread: spread / ((p.length / 4) * 3) };
  }, [source.id, upscaled.id] as const);
  // A real picture (not a flat grey square), and the upscale looks like it.
  expect(difference.spread).toBeGreaterThan(10);
  expect(difference.mean).toBeLessThan(12);
  await screenshots(play.page, 'upscale-real-pixels');
});
