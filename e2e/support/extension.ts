import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { chromiumArgs, chromiumPath, EXTENSION_DIR } from './chromium';

export interface LoadedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
}

/** Chromium with the built extension in a fresh profile; the id comes from the service worker's URL. */
export async function launchWithExtension(options: { headed?: boolean } = {}): Promise<LoadedExtension> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'entropy-wallet-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: false,
    args: chromiumArgs(EXTENSION_DIR, options.headed),
    viewport: { width: 1024, height: 768 },
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops the extension's service worker through the DevTools protocol, as Chromium does to an idle worker
 * or when it is killed; resolves once it reports itself stopped. The next message from a page or the
 * popup starts it again.
 */
export async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const running = new Promise<string>((resolve) =>
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      const version = versions.find(
        (v) => v.scriptURL.endsWith('/background.js') && v.runningStatus === 'running',
      );
      if (version) resolve(version.versionId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  const versionId = await running;
  const stopped = new Promise<void>((resolve) =>
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.versionId === versionId && v.runningStatus === 'stopped')) resolve();
    }),
  );
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await stopped;
  await cdp.detach();
}
