import { test as base, type BrowserContext, type Worker } from '@playwright/test';
import { DEFAULT_HEALTH_TIMEOUT_MS, startDevnet, type RunningDevnet } from '../devnet/launch';

/** Longer than the devnet's own health bound, so a slow server fails with its name and log, not a bare timeout. */
const DEVNET_FIXTURE_TIMEOUT_MS = DEFAULT_HEALTH_TIMEOUT_MS + 60_000;
import type { RunningEvm } from '../devnet/evm';
import { startDappServer, type DappServer } from './dapp/server';
import { launchWithExtension } from './support/extension';

interface Fixtures {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  // The faulty networks live for one test each: the two cores do not carry three idle networks.
  /** A network whose validator 1 (group 0) corrupts its protocol messages, for blame and recovery. */
  faultyDevnet: RunningDevnet;
  /** A network whose validator 1 (group 0) dies in the middle of signing (`--misbehave crash`). */
  crashingDevnet: RunningDevnet;
}

interface WorkerFixtures {
  dapp: DappServer;
  /**
   * A local Entropy network (3 signing groups of 2) with its EVM chain (anvil on a free port, the devnet
   * ERC-20 deployed), started only for specs that use it.
   */
  devnet: RunningDevnet & { evm: RunningEvm };
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
  devnet: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const devnet = await startDevnet({ blockTime: 500, chainPort: 0, tssBasePort: 0, evmPort: 0 });
      const { evm } = devnet;
      if (!evm) throw new Error('The devnet started without its EVM chain');
      await use({ ...devnet, evm });
      await devnet.stop();
    },
    { scope: 'worker', timeout: DEVNET_FIXTURE_TIMEOUT_MS },
  ],
  faultyDevnet: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const devnet = await startDevnet({
        // As the crashing devnet's (below): the test aims its requests at blocks.
        blockTime: 1000,
        chainPort: 0,
        tssBasePort: 0,
        sessionTimeoutMs: 10_000,
        misbehave: { 1: 'corrupt' },
      });
      await use(devnet);
      await devnet.stop();
    },
    { timeout: DEVNET_FIXTURE_TIMEOUT_MS },
  ],
  crashingDevnet: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const devnet = await startDevnet({
        // Blocks longer than a request's way from approval to the pool, so the test can aim its request at
        // the block that picks the crashing validator.
        blockTime: 1000,
        chainPort: 0,
        tssBasePort: 0,
        // Long enough to look at the stalled round, short enough for the suite.
        sessionTimeoutMs: 12_000,
        misbehave: { 1: 'crash' },
      });
      await use(devnet);
      await devnet.stop();
    },
    { timeout: DEVNET_FIXTURE_TIMEOUT_MS },
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
