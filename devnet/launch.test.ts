import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_TIMEOUT_MS, healthTimeoutFrom, startDevnet, type DevnetOptions } from './launch';

const tiny: DevnetOptions = { groups: 1, groupSize: 1, blockTime: 0, chainPort: 0, tssBasePort: 0 };

function failure(options: DevnetOptions): Promise<Error | null> {
  return startDevnet(options).then(
    async (d) => {
      await d.stop();
      return null;
    },
    (e: unknown) => e as Error,
  );
}

describe('devnet start-up readiness', () => {
  it('says which server is slow and after how long', async () => {
    const e = await failure({ ...tiny, healthTimeoutMs: 1 });
    expect(e?.message).toMatch(
      /^TSS server validator-0-0 \(http:\/\/127\.0\.0\.1:\d+\) was not healthy within 1 ms \(raise it with --health-timeout-ms or ENTROPY_DEVNET_HEALTH_TIMEOUT_MS\); its log/,
    );
  });

  it('says which server died before it was healthy, with the tail of its log', async () => {
    // Its port is taken: the server cannot listen and exits.
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const e = await failure({ ...tiny, tssBasePort: port });
      expect(e?.message).toMatch(
        new RegExp(
          `^TSS server validator-0-0 \\(http://127\\.0\\.0\\.1:${port}\\) exited \\(1\\) before it was healthy; its log:\\n`,
        ),
      );
      expect(e?.message).toMatch(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });

  it('waits minutes by default, and takes the bound from the environment', () => {
    expect(DEFAULT_HEALTH_TIMEOUT_MS).toBeGreaterThanOrEqual(5 * 60_000);
    expect(healthTimeoutFrom({})).toBe(DEFAULT_HEALTH_TIMEOUT_MS);
    expect(healthTimeoutFrom({ ENTROPY_DEVNET_HEALTH_TIMEOUT_MS: '900000' })).toBe(900_000);
    expect(() => healthTimeoutFrom({ ENTROPY_DEVNET_HEALTH_TIMEOUT_MS: 'soon' })).toThrow(
      /ENTROPY_DEVNET_HEALTH_TIMEOUT_MS must be a positive integer/,
    );
  });
});
