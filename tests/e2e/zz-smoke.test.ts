import { startPlayground } from '../../playground/server';
import { launchChromium, openPlayground, screenshots, nodes, until } from './browser';
test('smoke', async () => {
  const pg = await startPlayground({ port: 0, relayPort: 0, demoBackend: { latencyMs: 200, outputScale: 0.25 } });
  const b = await launchChromium();
  try {
    const { page, panel } = await openPlayground(b.context, pg.url);
    await panel.getByLabel('Prompt').fill('a lighthouse at dusk, flat illustration');
    await panel.getByRole('button', { name: 'Generate' }).click();
    await until(() => nodes(page), (n) => n.filter((x) => x.fills.some((f) => f.type === 'IMAGE' && f.format)).length >= 4, 20000, 'images');
    await page.waitForTimeout(500);
    await screenshots(page, 'smoke');
    console.log(JSON.stringify(await nodes(page), null, 1).slice(0, 3000));
  } finally {
    await b.close();
    await pg.close();
  }
}, 60000);
