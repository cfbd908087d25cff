import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenesisConfig } from './genesis';
import {
  DEFAULT_HEALTH_TIMEOUT_MS,
  TSS_V8_FLAGS,
  healthTimeoutFrom,
  startDevnet,
  type DevnetOptions,
} from './launch';

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
    const e = await failure({ ...tiny, tssNodeArgs: ['--require', '/nonexistent/preload.cjs'] });
    expect(e?.message).toMatch(
      /^TSS server validator-0-0 \(http:\/\/127\.0\.0\.1:\d+\) exited \(1\) before it was healthy; its log:\n/,
    );
    expect(e?.message).toMatch(/Cannot find module '\/nonexistent\/preload\.cjs'/);
  });

  it('refuses a port another process listens on, even one that answers /health', async () => {
    const impostor = createHttpServer((_, response) => response.end('{"ok":true}'));
    await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', r));
    const port = (impostor.address() as { port: number }).port;
    try {
      const e = await failure({ ...tiny, tssBasePort: port });
      expect(e?.message).toBe(
        `TSS server validator-0-0 cannot listen on 127.0.0.1:${port}: the port is in use (listen EADDRINUSE: address already in use 127.0.0.1:${port})`,
      );
    } finally {
      impostor.close();
    }
  });

  it('holds the free ports it picked until its servers take them, so nobody else can, and starts them with the heap flags', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'devnet-ports-'));
    let probe: Promise<string[]> | undefined;
    const tryToTake = async (): Promise<string[]> => {
      const genesis = JSON.parse(await readFile(join(dataDir, 'genesis.json'), 'utf8')) as GenesisConfig;
      const ports = genesis.signingGroups.flat().map((v) => Number(new URL(v.endpoint).port));
      return Promise.all(
        ports.map(
          (port) =>
            new Promise<string>((done) => {
              const thief = createServer();
              thief.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
              thief.listen(port, '127.0.0.1', () => thief.close(() => done('taken')));
            }),
        ),
      );
    };
    const devnet = await startDevnet({
      ...tiny,
      groupSize: 2,
      dataDir,
      // The chain is up and no TSS server has started yet.
      log: (line) => {
        if (line.startsWith('[chain]')) probe ??= tryToTake();
      },
    });
    try {
      expect(await probe).toEqual(['EADDRINUSE', 'EADDRINUSE']);
      for (const v of devnet.validators) {
        const health = (await (await fetch(`${v.url}/health`)).json()) as {
          tssAccount: string;
          nodeFlags: string[];
          cpuMs: { process: number; mainThread: number | null };
        };
        expect(health.tssAccount).toBe(devnet.genesis.signingGroups[v.group]![v.member]!.tssAccount);
        // Node took the heap's flags as its own, not as the server script's arguments.
        expect(health.nodeFlags).toEqual(expect.arrayContaining(TSS_V8_FLAGS));
        // The main thread's CPU is part of the process's, which also counts V8's and libuv's threads.
        expect(health.cpuMs.mainThread).toBeGreaterThan(0);
        expect(health.cpuMs.mainThread).toBeLessThanOrEqual(health.cpuMs.process + 1);
      }
    } finally {
      await devnet.stop();
      await rm(dataDir, { recursive: true, force: true });
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
