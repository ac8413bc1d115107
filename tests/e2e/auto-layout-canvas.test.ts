/**
 * The playground draws what design generation builds: an auto-layout card whose text is drawn
 * as text in the lines the fake measured, with rounded, stroked, clipping frames and colours
 * bound to variables (editing a variable re-themes the canvas).
 */
import { screenshots, until, usePlayground, type PlaygroundHandle } from './browser';

jest.setTimeout(60_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25 });

test('an auto-layout card: text in measured lines, rounded clipping frames, variable colours that re-theme', async () => {
  const ids = await play.page.evaluate(async () => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const regular = { family: 'Inter', style: 'Regular' };
    const bold = { family: 'Inter', style: 'Bold' };
    await Promise.all([figma.loadFontAsync(regular), figma.loadFontAsync(bold)]);
    const palette = figma.variables.createVariableCollection('Palette');
    const colour = (name: string, r: number, g: number, b: number) => {
      const v = figma.variables.createVariable(name, palette, 'COLOR');
      v.setValueForMode(palette.defaultModeId, { r, g, b, a: 1 });
      return (paint: SolidPaint = { type: 'SOLID', color: { r: 0, g: 0, b: 0 } }) =>
        figma.variables.setBoundVariableForPaint(paint, 'color', v);
    };
    const surface = colour('surface', 1, 1, 1);
    const primary = colour('primary', 0.15, 0.35, 0.95);
    const ink = colour('text', 0.07, 0.09, 0.15);
    const onPrimary = colour('on-primary', 1, 1, 1);

    const text = (parent: FrameNode, characters: string, size: number, font: FontName, fill: SolidPaint) => {
      const t = figma.createText();
      parent.appendChild(t);
      t.fontName = font;
      t.fontSize = size;
      t.characters = characters;
      t.fills = [fill];
      return t;
    };

    const card = figma.createFrame();
    card.name = 'Plan card';
    card.layoutMode = 'VERTICAL';
    card.resize(320, 100);
    card.layoutSizingVertical = 'HUG';
    card.paddingLeft = card.paddingRight = card.paddingTop = card.paddingBottom = 24;
    card.itemSpacing = 12;
    card.cornerRadius = 16;
    card.strokes = [{ type: 'SOLID', color: { r: 0.85, g: 0.87, b: 0.9 } }];
    card.fills = [surface()];
    card.clipsContent = true;

    const image = figma.createRectangle();
    image.name = 'Image';
    card.appendChild(image);
    image.layoutSizingHorizontal = 'FILL';
    image.resize(image.width, 140);
    image.cornerRadius = 8;
    image.fills = [
      {
        type: 'GRADIENT_LINEAR',
        gradientTransform: [
          [1, 0, 0],
          [0, 1, 0],
        ],
        gradientStops: [
          { position: 0, color: { r: 0.55, g: 0.75, b: 1, a: 1 } },
          { position: 1, color: { r: 0.95, g: 0.7, b: 0.85, a: 1 } },
        ],
      },
    ];

    const title = text(card, 'Pro plan', 24, bold, ink());
    title.layoutSizingHorizontal = 'FILL';
    const body = text(card, 'Fresh beans every two weeks, roasted to order and shipped free. Pause or cancel any time.', 14, regular, ink());
    body.layoutSizingHorizontal = 'FILL';

    const row = figma.createFrame();
    row.name = 'Price row';
    card.appendChild(row);
    row.layoutMode = 'HORIZONTAL';
    row.layoutSizingHorizontal = 'FILL';
    row.layoutSizingVertical = 'HUG';
    row.primaryAxisAlignItems = 'SPACE_BETWEEN';
    row.counterAxisAlignItems = 'CENTER';
    row.fills = [];
    text(row, '$12 / month', 18, bold, ink());
    const button = figma.createFrame();
    button.name = 'Button';
    row.appendChild(button);
    button.layoutMode = 'HORIZONTAL';
    button.layoutSizingHorizontal = 'HUG';
    button.layoutSizingVertical = 'HUG';
    button.paddingLeft = button.paddingRight = 20;
    button.paddingTop = button.paddingBottom = 10;
    button.cornerRadius = 8;
    button.fills = [primary()];
    const label = text(button, 'Subscribe', 14, bold, onPrimary());
    label.textAlignHorizontal = 'CENTER';
    card.x = 40;
    card.y = 40;
    figma.currentPage.selection = [];
    return { card: card.id, body: body.id, button: button.id, bodyLines: Math.round(body.height / (14 * 1.2)), cardHeight: card.height };
  });

  await play.page.getByRole('button', { name: 'Zoom to fit' }).click();
  const lineCount = await play.page.locator(`[data-node-id="${ids.body}"] .text .line`).count();
  expect(lineCount).toBe(ids.bodyLines);
  expect(lineCount).toBeGreaterThan(1);
  const card = play.page.locator(`[data-node-id="${ids.card}"]`);
  const cardStyle = await card.evaluate((e) => ({ overflow: getComputedStyle(e).overflow, radius: getComputedStyle(e).borderTopLeftRadius }));
  expect(cardStyle.overflow).toBe('hidden');
  expect(parseFloat(cardStyle.radius)).toBeGreaterThan(0);
  // The stroke is drawn above the card's fill, not under it.
  await expect(card.locator(':scope > .paint.stroke').evaluate((e) => [e.previousElementSibling?.className, getComputedStyle(e).boxShadow])).resolves.toEqual([
    expect.stringContaining('node'),
    expect.stringMatching(/^rgb\(217, 222, 230\) 0px 0px 0px \d+(\.\d+)?px inset$/),
  ]);
  const buttonColour = () => play.page.locator(`[data-node-id="${ids.button}"] > .paint`).first().evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(await buttonColour()).toBe('rgb(38, 89, 242)');
  await screenshots(play.page, 'auto-layout-card');

  // Re-theme: one variable edit recolours the button on the canvas.
  await play.page.evaluate(async () => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    const [primary] = (await figma.variables.getLocalVariablesAsync('COLOR')).filter((v) => v.name === 'primary');
    const [palette] = await figma.variables.getLocalVariableCollectionsAsync();
    primary.setValueForMode(palette.defaultModeId, { r: 0.1, g: 0.6, b: 0.3, a: 1 });
  });
  await until(buttonColour, (c) => c === 'rgb(26, 153, 77)', 15_000, 'the button to take the new primary colour');
  await screenshots(play.page, 'auto-layout-card-rethemed');
});
