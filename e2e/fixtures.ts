import { test as base, type BrowserContext, type Worker } from '@playwright/test';
import { startDappServer, type DappServer } from './dapp/server';
import { launchWithExtension } from './support/extension';

interface Fixtures {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
}

interface WorkerFixtures {
  dapp: DappServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  dapp: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startDappServer({ port: 0 });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const loaded = await launchWithExtension();
    await use(loaded.context);
    await loaded.close();
  },
  serviceWorker: async ({ context }, use) => {
    await use(context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker')));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});

export const expect = test.expect;
