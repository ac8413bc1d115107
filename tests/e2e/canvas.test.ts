/**
 * The playground's canvas shows what a plugin makes: frames, shapes, image paints by scale
 * mode, SVG-imported vectors, text and layer names; Draw shape adds a target or mask; a click
 * selects; notify shows a toast.
 */
import type { Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../playground/server';
import { launchChromium, nodes, openPlayground, screenshots, type Browser, type PlaygroundHandle } from './browser';

jest.setTimeout(60_000);

let playground: Playground;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  playground = await startPlayground({ port: 0, relayPort: 0, demoBackend: { latencyMs: 200, outputScale: 0.25 } });
  browser = await launchChromium();
  ({ page } = await openPlayground(browser.context, playground.url));
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await playground?.close();
});

test('draws frames, image paints (FILL/FIT/TILE), SVG vectors, text and layer names', async () => {
  await page.evaluate(async () => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    // A 64×32 PNG: left half orange, right half blue.
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 32;
    const g = c.getContext('2d')!;
    g.fillStyle = '#f59e0b';
    g.fillRect(0, 0, 32, 32);
    g.fillStyle = '#2563eb';
    g.fillRect(32, 0, 32, 32);
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
    const image = figma.createImage(new Uint8Array(await blob.arrayBuffer()));
    (['FILL', 'FIT', 'TILE'] as const).forEach((scaleMode, i) => {
      const r = figma.createRectangle();
      r.name = `Image ${scaleMode}`;
      r.resize(160, 160);
      r.x = i * 200;
      r.y = 0;
      r.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode }];
    });
    const frame = figma.createFrame();
    frame.name = 'Card';
    frame.resize(240, 160);
    frame.x = 0;
    frame.y = 220;
    frame.fills = [{ type: 'SOLID', color: { r: 0.93, g: 0.95, b: 1 } }];
    await figma.loadFontAsync({ family: 'Inter', style: 'Bold' });
    const text = figma.createText();
    text.fontName = { family: 'Inter', style: 'Bold' };
    text.characters = 'Hello, canvas';
    text.fontSize = 24;
    frame.appendChild(text);
    text.x = 16;
    text.y = 16;
    const logo = figma.createNodeFromSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="50" fill="#10b981"/><rect x="40" y="40" width="40" height="40" fill="#111827"/></svg>',
    );
    logo.name = 'Logo (vectors)';
    logo.x = 300;
    logo.y = 240;
    figma.notify('Hello from figma.notify');
  });
  await page.locator('#toasts').getByText('Hello from figma.notify').waitFor();
  await page.getByRole('button', { name: 'Zoom to fit' }).click();

  const all = await nodes(page);
  for (const mode of ['fill', 'fit', 'tile']) {
    await expect(page.locator(`.paint.image.${mode}`).count()).resolves.toBe(1);
  }
  const logo = all.find((n) => n.name === 'Logo (vectors)')!;
  await expect(page.locator(`[data-node-id="${logo.id}"] svg path`).count()).resolves.toBe(2);
  await expect(page.locator('.node.text').innerText()).resolves.toBe('Hello, canvas');
  for (const name of ['Image FILL', 'Image FIT', 'Image TILE', 'Card', 'Logo (vectors)']) {
    await page.locator('.labels').getByText(name, { exact: true }).waitFor();
  }
  await page.waitForTimeout(200);
  await screenshots(page, 'canvas-kinds');
});

test('a click selects the top-level layer; Draw shape drags out an ellipse', async () => {
  const card = (await nodes(page)).find((n) => n.name === 'Card')!;
  // Clicking the text inside the frame selects the frame, as in Figma.
  await page.locator('.node.text').click({ force: true });
  await page.getByText('Selected: Card').waitFor();
  const selected = () =>
    page.evaluate(() => (window as unknown as { __playground: PlaygroundHandle }).__playground.figma.currentPage.selection.map((n) => n.name));
  await expect(selected()).resolves.toEqual([card.name]);

  await page.getByRole('button', { name: 'Draw shape' }).click();
  const box = (await page.locator(`[data-node-id="${card.id}"]`).boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 100, box.y + 70, { steps: 4 });
  await page.mouse.up();
  const shape = (await nodes(page)).find((n) => n.name === 'Mask shape')!;
  expect(shape.type).toBe('ELLIPSE');
  expect(shape.width).toBeGreaterThan(10);
  await expect(selected()).resolves.toEqual(['Mask shape']);

  // A click on empty canvas clears the selection.
  const canvas = (await page.locator('#canvas').boundingBox())!;
  await page.mouse.click(canvas.x + canvas.width - 5, canvas.y + canvas.height - 5);
  await expect(selected()).resolves.toEqual([]);
  await screenshots(page, 'canvas-draw');
});
