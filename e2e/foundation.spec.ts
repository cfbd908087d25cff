import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

test('the extension loads and its service worker runs', async ({ extensionId, serviceWorker }) => {
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
});

test('a page on localhost sees the injected provider', async ({ context, dapp }) => {
  const page = await context.newPage();
  await page.goto(dapp.url);
  await expect(page.locator('#wallet-detected')).toHaveText(`Entropy Wallet ${version}`);
  expect(await page.evaluate(() => typeof window.entropyWallet?.status)).toBe('function');
});

test('a page request reaches the background and comes back with the page’s real origin', async ({
  context,
  dapp,
}) => {
  const page = await context.newPage();
  await page.goto(dapp.url);
  await page.getByRole('button', { name: 'Ask the wallet for its status' }).click();
  await expect(page.locator('#status-result')).toContainText('"origin"');
  const status = JSON.parse((await page.locator('#status-result').textContent()) ?? '{}');
  // Never the network endpoint: a private RPC URL (or its key) is not a page's business.
  expect(status).toEqual({ name: 'Entropy Wallet', version, origin: dapp.url });
});

test('a page cannot call the wallet’s private requests', async ({ context, dapp }) => {
  const page = await context.newPage();
  await page.goto(dapp.url);
  await page.waitForFunction(() => window.entropyWallet);
  const outcome = await page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        window.addEventListener('message', (event) => {
          if (event.data?.source === 'entropy-wallet:content' && event.data.id === 'forged')
            resolve(event.data);
        });
        window.postMessage(
          {
            source: 'entropy-wallet:page',
            id: 'forged',
            method: 'pri(settings.update)',
            params: { endpoint: 'ws://evil:1' },
          },
          '*',
        );
      }),
  );
  expect(outcome).toMatchObject({ id: 'forged', error: { name: 'Unauthorized', code: 'UNAUTHORIZED' } });
});

test('the popup tries a new network endpoint before saving it, and keeps the one in use when it fails', async ({
  context,
  extensionId,
}) => {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole('heading', { name: 'Entropy Wallet' })).toBeVisible();
  // The protocol's WebAssembly runs in the worker under the extension's policy (else signing is slower).
  await expect(popup.locator('.popup-header .version')).toHaveAttribute(
    'title',
    'Signing engine: WebAssembly',
  );
  await popup.getByRole('button', { name: 'Change the network' }).click();
  const endpoint = popup.getByLabel('Network endpoint');
  await expect(endpoint).toHaveValue('ws://127.0.0.1:9944');

  await endpoint.fill('http://not-a-websocket');
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('alert')).toContainText('ws:// or wss://');

  // Tried before it is saved: nothing answers there, so the wallet keeps its endpoint and says why.
  await endpoint.fill('ws://127.0.0.1:9955');
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('alert')).toContainText('ws://127.0.0.1:9955', { timeout: 30_000 });

  // Nothing was saved (pages no longer see the endpoint): the popup, opened again, shows the one in use.
  await popup.reload();
  await popup.getByRole('button', { name: 'Change the network' }).click();
  await expect(popup.getByLabel('Network endpoint')).toHaveValue('ws://127.0.0.1:9944');
});
