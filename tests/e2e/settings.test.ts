/**
 * Settings and the token in the playground, in Debian's Chromium: settings are kept in
 * clientStorage (the browser's storage) across a reload; a token Replicate refuses (401)
 * gets the panel's own words and leaves nothing on the canvas.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../playground/server';
import { launchChromium, nodes, openPlayground, screenshots, until, type Browser } from './browser';

jest.setTimeout(60_000);

let browser: Browser;
const playgrounds: Playground[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  for (const p of playgrounds) await p.close();
});

async function open(options: Parameters<typeof startPlayground>[0] = {}): Promise<{ playground: Playground; page: Page; panel: FrameLocator }> {
  const playground = await startPlayground({ port: 0, relayPort: 0, demoBackend: { latencyMs: 200, outputScale: 0.25 }, ...options });
  playgrounds.push(playground);
  const { page, panel } = await openPlayground(browser.context, playground.url);
  pages.push(page);
  return { playground, page, panel };
}

test('settings (token and relay URL) survive a reload', async () => {
  const { playground, page, panel } = await open();
  // The demo relay holds a token of its own, so Settings start closed.
  await expect(panel.getByLabel('Replicate API token').count()).resolves.toBe(0);
  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByLabel('Relay URL').inputValue()).resolves.toBe(playground.relayUrl);
  await panel.getByLabel('Replicate API token').fill('r8_my_own_token');
  await panel.getByLabel('Relay URL').fill(`${playground.relayUrl}/`);
  await panel.getByRole('button', { name: 'Save settings' }).click();
  await panel.getByText('Saved.').waitFor();
  await screenshots(page, 'settings');

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const again = page.frameLocator('iframe[name="plugin-ui"]');
  await again.getByRole('button', { name: 'Settings' }).click();
  await expect(again.getByLabel('Replicate API token').inputValue()).resolves.toBe('r8_my_own_token');
  // Saved as typed, less the trailing slash.
  await expect(again.getByLabel('Relay URL').inputValue()).resolves.toBe(playground.relayUrl);
  // Kept where the playground keeps clientStorage: the page's localStorage, never the document.
  const stored = await page.evaluate(() => localStorage.getItem('figma-client-storage:replicate-token'));
  expect(JSON.parse(stored!)).toBe('r8_my_own_token');
});

test('a token Replicate refuses (401) shows the token message and leaves no placeholder', async () => {
  const { playground, page, panel } = await open({
    serverToken: false,
    demoBackend: { latencyMs: 200, outputScale: 0.25, acceptAnyToken: false, tokens: ['r8_the_right_one'] },
  });
  // No token anywhere: the panel opens Settings by itself.
  const token = panel.getByLabel('Replicate API token');
  await token.waitFor();
  await token.fill('r8_wrong_token');
  await panel.getByRole('button', { name: 'Save settings' }).click();
  await panel.getByText('Saved.').waitFor();

  await panel.getByRole('button', { name: 'Close settings' }).click();
  await panel.getByLabel('Prompt').fill('a lighthouse at dawn');
  // Found when the model is looked up: said once, beside Generate, which waits for a token
  // that works; no job card, no placeholder, no toast.
  const message = "Replicate didn't accept your API token. Check it in Settings.";
  await panel.getByRole('alert').filter({ hasText: message }).waitFor();
  expect(await panel.getByText(message).count()).toBe(1);
  expect(await panel.getByRole('button', { name: 'Generate' }).isDisabled()).toBe(true);
  await panel.getByLabel('Prompt').press('Control+Enter');
  await page.waitForTimeout(500);
  expect(await panel.getByRole('region', { name: 'Progress' }).count()).toBe(0);
  expect(await page.locator('#toasts').getByText(message).count()).toBe(0);
  await until(() => nodes(page), (all) => all.length === 0, 15_000, 'an empty canvas');
  expect(playground.demoBackend!.requests.some((r) => r.headers.authorization === 'Bearer r8_wrong_token')).toBe(true);
  await screenshots(page, 'unauthorized');
});

test("a relay holding its own token: Settings say it is in use and the typed token is not sent", async () => {
  const { playground, page, panel } = await open();
  const sentByPanel: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(playground.relayUrl)) sentByPanel.push(request.headers().authorization ?? '');
  });
  await panel.getByRole('button', { name: 'Settings' }).click();
  await panel.getByLabel('Replicate API token').fill('r8_typed_but_unused');
  await panel.getByRole('button', { name: 'Save settings' }).click();
  await panel.getByText('Saved.').waitFor();
  await panel.getByText(`The relay at ${playground.relayUrl} has its own Replicate token`).waitFor();
  await page.waitForTimeout(200);
  await screenshots(page, 'settings-relay-token');

  await panel.getByRole('button', { name: 'Close settings' }).click();
  await panel.getByLabel('Prompt').fill('a paper crane');
  await panel.getByLabel('Variants').fill('1');
  await panel.getByRole('button', { name: 'Generate' }).click();
  await until(() => nodes(page), (all) => all.some((n) => n.fills.some((f) => f.type === 'IMAGE')), 20_000, 'an image');
  // Nothing the panel sent to the relay carried it (the relay adds its own).
  expect(sentByPanel.length).toBeGreaterThan(0);
  expect(sentByPanel.filter((h) => h.includes('r8_typed_but_unused'))).toEqual([]);
});

test('a relay that is not answering is named, with how to start it, and Generate waits for it', async () => {
  const { page, panel } = await open();
  await panel.getByRole('button', { name: 'Settings' }).click();
  await panel.getByLabel('Relay URL').fill('http://127.0.0.1:9');
  await panel.getByRole('button', { name: 'Save settings' }).click();
  const message = 'The relay at http://127.0.0.1:9 is not answering.';
  await panel.getByText(message, { exact: false }).first().waitFor();
  await expect(panel.getByText(/npm run relay/).count()).resolves.toBe(1);
  await panel.getByLabel('Prompt').fill('a paper crane');
  expect(await panel.getByRole('button', { name: 'Generate' }).isDisabled()).toBe(true);
  expect(await panel.getByText(/Add your Replicate API token/).count()).toBe(0);
  await page.waitForTimeout(200);
  await screenshots(page, 'relay-down');
  await panel.getByRole('button', { name: 'Close settings' }).click();
  await panel.getByText(message, { exact: false }).first().waitFor();
  expect(await panel.getByRole('region', { name: 'Progress' }).count()).toBe(0);
  await until(() => nodes(page), (all) => all.length === 0, 15_000, 'an empty canvas');
});

test('the relay wants a key: the panel sends it on every call, and a wrong Relay key is named in Settings', async () => {
  const { playground, page, panel } = await open();
  expect(playground.relayKey).toEqual(expect.any(String));
  const sent: { path: string; key: string }[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(playground.relayUrl) || request.method() === 'OPTIONS') return;
    const path = new URL(request.url()).pathname;
    // Calls go as envelopes (simple requests): the relay key travels inside, with the inner path.
    if (path === '/call') {
      const inner = JSON.parse(request.postData() ?? '{}') as { path?: string; headers?: Record<string, string> };
      sent.push({ path: new URL(inner.path ?? '/', 'http://x').pathname, key: inner.headers?.['x-relay-key'] ?? '' });
    } else sent.push({ path, key: request.headers()['x-relay-key'] ?? '' });
  });
  await panel.getByLabel('Prompt').fill('a paper crane');
  await panel.getByLabel('Variants').fill('1');
  await panel.getByRole('button', { name: 'Generate' }).click();
  await until(() => nodes(page), (all) => all.some((n) => n.fills.some((f) => f.type === 'IMAGE')), 20_000, 'an image');
  // The image came behind the create's answer (no download of its own); every call carried the key.
  expect(sent.map((s) => s.path)).toEqual(expect.arrayContaining(['/v1/models/black-forest-labs/flux-schnell/predictions']));
  expect(sent.filter((s) => s.key !== playground.relayKey)).toEqual([]);
  // Kept in client storage like the token, never in the document.
  const stored = await page.evaluate(() => localStorage.getItem('figma-client-storage:relay-key'));
  expect(JSON.parse(stored!)).toBe(playground.relayKey);

  await panel.getByRole('button', { name: 'Settings' }).click();
  await panel.getByLabel('Relay key').fill('not-the-relay-key-000000');
  await panel.getByRole('button', { name: 'Save settings' }).click();
  await panel.getByText(`The relay at ${playground.relayUrl} needs a Relay key`, { exact: false }).first().waitFor();
  expect(await panel.getByRole('button', { name: 'Generate' }).isDisabled()).toBe(true);
  await page.waitForTimeout(200);
  await screenshots(page, 'settings-relay-key');
});
