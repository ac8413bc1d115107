/**
 * The playground's canvas shows what a plugin makes: frames, shapes, image paints by scale
 * mode, SVG-imported vectors, text and layer names; Draw shape adds a target or mask; a click
 * selects; notify shows a toast.
 */
import { drawn, nodes, openPlayground, screenshots, usePlayground, type PlaygroundHandle } from './browser';

jest.setTimeout(60_000);

const play = usePlayground({ latencyMs: 200, outputScale: 0.25 });

test('draws frames, image paints (FILL/FIT/TILE), SVG vectors, text and layer names', async () => {
  await play.page.evaluate(async () => {
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
  await play.page.locator('#toasts').getByText('Hello from figma.notify').waitFor();
  await play.page.getByRole('button', { name: 'Zoom to fit' }).click();

  const all = await nodes(play.page);
  for (const mode of ['fill', 'fit', 'tile']) {
    await expect(play.page.locator(`.paint.image.${mode}`).count()).resolves.toBe(1);
  }
  const logo = all.find((n) => n.name === 'Logo (vectors)')!;
  await expect(play.page.locator(`[data-node-id="${logo.id}"] svg path`).count()).resolves.toBe(2);
  await expect(play.page.locator('.node.text').innerText()).resolves.toBe('Hello, canvas');
  for (const name of ['Image FILL', 'Image FIT', 'Image TILE', 'Card', 'Logo (vectors)']) {
    await play.page.locator('.labels').getByText(name, { exact: true }).waitFor();
  }
  await play.page.waitForTimeout(200);
  await screenshots(play.page, 'canvas-kinds');
});

test('a click selects the top-level layer; Draw shape drags out an ellipse', async () => {
  const card = (await nodes(play.page)).find((n) => n.name === 'Card')!;
  // Clicking the text inside the frame selects the frame, as in Figma.
  await play.page.locator('.node.text').click({ force: true });
  await play.page.getByText('Selected: Card').waitFor();
  const selected = () =>
    play.page.evaluate(() => (window as unknown as { __playground: PlaygroundHandle }).__playground.figma.currentPage.selection.map((n) => n.name));
  await expect(selected()).resolves.toEqual([card.name]);

  await play.page.getByRole('button', { name: 'Draw shape' }).click();
  const box = (await play.page.locator(`[data-node-id="${card.id}"]`).boundingBox())!;
  await play.page.mouse.move(box.x + 20, box.y + 20);
  await play.page.mouse.down();
  await play.page.mouse.move(box.x + 100, box.y + 70, { steps: 4 });
  await play.page.mouse.up();
  const shape = (await nodes(play.page)).find((n) => n.name === 'Mask shape')!;
  expect(shape.type).toBe('ELLIPSE');
  expect(shape.width).toBeGreaterThan(10);
  await expect(selected()).resolves.toEqual(['Mask shape']);

  // A click on empty canvas clears the selection.
  const canvas = (await play.page.locator('#canvas').boundingBox())!;
  await play.page.mouse.click(canvas.x + canvas.width - 5, canvas.y + canvas.height - 5);
  await expect(selected()).resolves.toEqual([]);
  await screenshots(play.page, 'canvas-draw');
});

/** Adds frames at canvas positions, shows them at `zoom` and selects them; returns their ids. */
async function framesInView(frames: { name: string; x: number; y: number; w: number; h: number }[], zoom: number): Promise<string[]> {
  return play.page.evaluate(
    async ({ frames, zoom }) => {
      const { figma, fake, drawn } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
      const made = frames.map((f) => {
        const frame = figma.createFrame();
        frame.name = f.name;
        frame.resize(f.w, f.h);
        frame.x = f.x;
        frame.y = f.y;
        return frame;
      });
      // Let "Follow new layers" react to the new frames first, then set the view under test.
      await drawn();
      figma.viewport.zoom = zoom;
      figma.viewport.center = { x: frames[0].x + frames[0].w, y: frames[0].y + frames[0].h / 2 };
      fake.select(made);
      return made.map((n) => n.id);
    },
    { frames, zoom },
  );
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function visibleBadges(): Promise<{ text: string; box: Box }[]> {
  await drawn(play.page);
  const badges = play.page.locator('#canvas .overlay .size:visible');
  const out = [];
  for (let i = 0; i < (await badges.count()); i++) {
    out.push({ text: await badges.nth(i).innerText(), box: (await badges.nth(i).boundingBox())! });
  }
  return out;
}

test('size badges of adjacent selected layers never overlap, and stay in view at any zoom', async () => {
  await framesInView(
    [
      { name: 'Left tile', x: 5000, y: 5000, w: 40, h: 40 },
      { name: 'Right tile', x: 5044, y: 5000, w: 40, h: 40 },
    ],
    1,
  );
  let badges = await visibleBadges();
  expect(badges.map((b) => b.text)).toEqual(['40 × 40', '40 × 40']);
  expect(overlaps(badges[0].box, badges[1].box)).toBe(false);

  // Zoomed out, two adjacent frames are narrower on screen than their badges.
  await framesInView(
    [
      { name: 'Wide A', x: 8000, y: 8000, w: 200, h: 120 },
      { name: 'Wide B', x: 8210, y: 8000, w: 200, h: 120 },
      { name: 'Wide C', x: 8420, y: 8000, w: 200, h: 120 },
    ],
    0.25,
  );
  badges = await visibleBadges();
  expect(badges.length).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < badges.length; i++) for (let j = i + 1; j < badges.length; j++) expect(overlaps(badges[i].box, badges[j].box)).toBe(false);

  // Zoomed in past the layer's size, its badge is still on screen.
  await framesInView([{ name: 'Huge at zoom', x: 12000, y: 12000, w: 300, h: 300 }], 8);
  badges = await visibleBadges();
  const canvas = (await play.page.locator('#canvas').boundingBox())!;
  expect(badges.map((b) => b.text)).toEqual(['300 × 300']);
  const b = badges[0].box;
  expect(b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height).toBe(true);
});

test('the toolbar stays one row at 900 px with a long selection name, theme button whole', async () => {
  await play.page.setViewportSize({ width: 900, height: 700 });
  try {
    await framesInView([{ name: 'A frame with a very long name that a designer typed to describe exactly what goes inside', x: 15000, y: 0, w: 200, h: 100 }], 1);
    await drawn(play.page);
    const toolbar = (await play.page.locator('#toolbar').boundingBox())!;
    const items = await play.page.locator('#toolbar > *').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { text: (e as HTMLElement).innerText, top: r.top, bottom: r.bottom, right: r.right, width: r.width, clipped: e.scrollWidth > e.clientWidth };
      }),
    );
    const buttons = play.page.locator('#toolbar button');
    for (let i = 0; i < (await buttons.count()); i++) {
      const button = buttons.nth(i);
      const box = (await button.boundingBox())!;
      // One line of text: a wrapped label makes the button taller and clips it.
      expect({ text: await button.innerText(), tall: box.height > 32, clipped: await button.evaluate((e) => e.scrollWidth > e.clientWidth) }).toEqual({
        text: await button.innerText(),
        tall: false,
        clipped: false,
      });
    }
    const theme = (await play.page.getByRole('button', { name: 'Dark theme' }).boundingBox())!;
    expect(theme.x + theme.width).toBeLessThanOrEqual(900);
    expect(theme.width).toBeGreaterThan(40);
    for (const item of items) {
      expect(item.top).toBeGreaterThanOrEqual(toolbar.y);
      expect(item.bottom).toBeLessThanOrEqual(toolbar.y + toolbar.height);
      expect(item.bottom - item.top).toBeLessThan(34);
    }
    await expect(play.page.locator('#toolbar').evaluate((e) => e.scrollWidth <= e.clientWidth)).resolves.toBe(true);
    await screenshots(play.page, 'toolbar-narrow');
  } finally {
    await play.page.setViewportSize({ width: 1280, height: 760 });
  }
});

test('after the window narrows, Follow new layers still brings new layers into sight', async () => {
  await play.page.evaluate(() => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    for (const n of figma.currentPage.children) n.remove(); // "Follow" fits every layer on the page
    figma.viewport.zoom = 1;
    figma.viewport.center = { x: 40430, y: 100 };
  });
  await play.page.setViewportSize({ width: 900, height: 700 });
  try {
    // 860 px wide: inside the view the page had at load, wider than the canvas is now.
    await play.page.evaluate(() => {
      const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
      for (let i = 0; i < 4; i++) {
        const f = figma.createFrame();
        f.name = `Row ${i + 1}`;
        f.resize(200, 100);
        f.x = 40000 + i * 220;
        f.y = 50;
      }
    });
    await drawn(play.page);
    const canvas = (await play.page.locator('#canvas').boundingBox())!;
    for (let i = 1; i <= 4; i++) {
      const box = (await play.page.locator(`.node[data-name="Row ${i}"]`).boundingBox())!;
      expect({ name: `Row ${i}`, inside: box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width }).toEqual({ name: `Row ${i}`, inside: true });
    }
  } finally {
    await play.page.setViewportSize({ width: 1280, height: 760 });
  }
});

test('the theme button follows a theme set from outside it', async () => {
  const setTheme = (t: 'light' | 'dark') => play.page.evaluate((t) => (window as unknown as { __playground: PlaygroundHandle }).__playground.setTheme(t), t);
  await setTheme('dark');
  await expect(play.page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).resolves.toBe('true');
  await setTheme('light');
  await expect(play.page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).resolves.toBe('false');
  await play.page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(play.page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
  await setTheme('light');
});

test('GET /favicon.ico is an image and the page links an icon', async () => {
  const response = await fetch(new URL('/favicon.ico', play.playground.url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^image\//);
  // Chromium decodes it to the brand-blue tile.
  const centre = await play.page.evaluate(async () => {
    const img = new Image();
    img.src = '/favicon.ico';
    await img.decode();
    const c = document.createElement('canvas');
    c.width = c.height = 32;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0, 32, 32);
    return { width: img.naturalWidth, corner: Array.from(g.getImageData(4, 28, 1, 1).data) };
  });
  expect(centre.width).toBeGreaterThanOrEqual(16);
  expect(centre.corner).toEqual([13, 153, 255, 255]);
  await expect(play.page.locator('link[rel="icon"]').count()).resolves.toBeGreaterThan(0);
});

test('Delete removes the selected layers and fires selectionchange; not while typing in the panel', async () => {
  const [id] = await framesInView([{ name: 'Doomed', x: 20000, y: 0, w: 120, h: 80 }], 1);
  await play.page.evaluate(() => {
    const { figma } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    (window as unknown as { selectionEvents: number }).selectionEvents = 0;
    figma.on('selectionchange', () => (window as unknown as { selectionEvents: number }).selectionEvents++);
  });
  // Keys typed in the panel belong to the panel.
  const { panel } = { panel: play.page.frameLocator('iframe[name="plugin-ui"]') };
  await panel.getByLabel('Prompt').click();
  await play.page.keyboard.press('Backspace');
  expect((await nodes(play.page)).some((n) => n.id === id)).toBe(true);

  await play.page.locator(`[data-node-id="${id}"]`).click();
  await play.page.keyboard.press('Delete');
  expect((await nodes(play.page)).some((n) => n.id === id)).toBe(false);
  const after = await play.page.evaluate(() => ({
    selection: (window as unknown as { __playground: PlaygroundHandle }).__playground.figma.currentPage.selection.length,
    events: (window as unknown as { selectionEvents: number }).selectionEvents,
  }));
  expect(after.selection).toBe(0);
  expect(after.events).toBeGreaterThanOrEqual(1);
  await play.page.getByText('Nothing selected').waitFor();
});

test('dragging a layer moves it by the dragged distance ÷ zoom; a click does not move it', async () => {
  const [a, b] = await framesInView(
    [
      { name: 'Drag me', x: 30000, y: 0, w: 100, h: 60 },
      { name: 'Comes along', x: 30150, y: 0, w: 100, h: 60 },
    ],
    2,
  );
  const position = async (id: string) => {
    const n = (await nodes(play.page)).find((n) => n.id === id)!;
    return { x: n.x, y: n.y };
  };
  // Both selected: dragging one moves the selection.
  await drawn(play.page);
  const box = (await play.page.locator(`[data-node-id="${a}"]`).boundingBox())!;
  await play.page.mouse.move(box.x + 30, box.y + 30);
  await play.page.mouse.down();
  await play.page.mouse.move(box.x + 30 + 60, box.y + 30 - 40, { steps: 6 });
  await play.page.mouse.up();
  await expect(position(a)).resolves.toEqual({ x: 30030, y: -20 });
  await expect(position(b)).resolves.toEqual({ x: 30180, y: -20 });

  // A click (with a pixel of hand tremor) selects only that layer and moves nothing.
  await drawn(play.page);
  const moved = (await play.page.locator(`[data-node-id="${a}"]`).boundingBox())!;
  await play.page.mouse.move(moved.x + 20, moved.y + 20);
  await play.page.mouse.down();
  await play.page.mouse.move(moved.x + 21, moved.y + 21);
  await play.page.mouse.up();
  await expect(position(a)).resolves.toEqual({ x: 30030, y: -20 });
  await play.page.getByText('Selected: Drag me').waitFor();
  await screenshots(play.page, 'canvas-moved');
});

test('an idle page neither restyles nor lays out: its frame loop writes only what changed', async () => {
  // A page of its own: the shared one may still be settling from the test before (a drag, a toast).
  const { page } = await openPlayground(play.browser.context, play.playground.url);
  const cdp = await play.browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const counts = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const of = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { layouts: of('LayoutCount'), styles: of('RecalcStyleCount') };
  };
  await page.waitForTimeout(1000);
  const before = await counts();
  // ~60 frames; each wrote the toolbar, the panel's size and the closed notice, and restyled.
  await page.waitForTimeout(1000);
  const after = await counts();
  await cdp.detach();
  await page.close();
  expect({ layouts: after.layouts - before.layouts, styles: after.styles - before.styles }).toEqual({ layouts: 0, styles: 0 });
});

test("a busy plugin's changes to a large page are drawn as often as the redraw's cost allows, and the last is drawn", async () => {
  const { page } = await openPlayground(play.browser.context, play.playground.url);
  const result = await page.evaluate(async () => {
    const { figma, timings, drawn } = (window as unknown as { __playground: PlaygroundHandle }).__playground;
    // A large page: each redraw rebuilds all of it.
    const rects = Array.from({ length: 600 }, (_, i) => {
      const r = figma.createRectangle();
      r.name = `Cell ${i}`;
      r.x = (i % 30) * 40;
      r.y = Math.floor(i / 30) * 40;
      r.resize(32, 32);
      return r;
    });
    await drawn();
    // Once more after a change: the first redraw of a page this size is the slowest (and waits longest).
    rects[599].name = 'Cell 599 again';
    await drawn();
    const since = performance.timeOrigin + performance.now();
    // The plugin renames one layer in each of 40 frames, as a grid's cells land.
    for (let i = 0; i < 40; i++) {
      rects[i].name = `Renamed ${i}`;
      await new Promise(requestAnimationFrame);
    }
    await drawn();
    return {
      redraws: timings.render.filter(([start]) => start >= since).length,
      lastShown: document.querySelector(`[data-node-id="${rects[39].id}"]`)?.getAttribute('data-name'),
    };
  });
  await page.close();
  // Drawn in every frame a change landed in, this was 40 redraws; paced, a redraw costing more
  // than a ms or two leaves at least every other frame out.
  expect(result.lastShown).toBe('Renamed 39');
  expect(result.redraws).toBeLessThanOrEqual(30);
  expect(result.redraws).toBeGreaterThan(1);
});
