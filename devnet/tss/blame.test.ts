import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { Codec } from '@polkadot/types/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keccak256, type Hex } from 'viem';
import { connectChain } from '../../lib/chain';
import { pollSignature } from '../../lib/tss';
import { startDevnet, type RunningDevnet } from '../launch';
import { registerAccount, signTransaction } from './e2e-client';
import { evmTx } from './test-support';

interface FailureJson {
  sigHash: string;
  accused: string;
  reason: string;
  evidence: string[];
}

/** The failure a rejected `signTransaction` carries: from a validator's report, or the user's own machine. */
function failureOf(error: unknown): { culprit?: string; code?: string } {
  const details = (error as { details?: Record<string, unknown> }).details ?? {};
  return (details.failure as { culprit?: string; code?: string } | undefined) ?? details;
}

describe('misbehaving TSS servers', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;

  beforeAll(async () => {
    await cryptoWaitReady();
    // Group 0 picks validator-0-1 (corrupts its messages) on odd blocks, group 1 picks validator-1-0
    // (drops its messages) on even blocks: every committee has exactly one misbehaving member until
    // the chain excludes them.
    devnet = await startDevnet({
      groups: 2,
      groupSize: 2,
      blockTime: 400,
      chainPort: 0,
      tssBasePort: 0,
      sessionTimeoutMs: 12_000,
      exclusionPeriod: 1_000,
      misbehave: { 1: 'corrupt', 2: 'drop' },
      ...(process.env.TSS_TEST_LOG ? { log: (line: string) => console.info(line) } : {}),
    });
    api = await connectChain({ endpoint: devnet.chainUrl });
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  /** The accusations the chain recorded for `sigHash` since `fromBlock`. */
  async function recordedFailures(sigHash: Hex, fromBlock: number): Promise<FailureJson[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      const found: FailureJson[] = [];
      for (let n = fromBlock; n <= head; n++) {
        const failures = (await api.query.relayer.failures(n)) as unknown as Codec[];
        found.push(
          ...failures.map((f) => f.toJSON() as unknown as FailureJson).filter((f) => f.sigHash === sigHash),
        );
      }
      if (found.length || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  it('blames each one (evidence or missing), excludes it on chain, and the retry with a new committee signs', async () => {
    const bob = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
    const share = await registerAccount(api, bob);
    const corrupting = devnet.genesis.signingGroups[0]![1]!;
    const dropping = devnet.genesis.signingGroups[1]![0]!;
    const seen = new Set<string>();
    let lastFailed: Hex | undefined;

    // Which member misbehaves depends on the inclusion block's parity: ask until each was picked once.
    for (let nonce = 0; nonce < 12 && seen.size < 2; nonce++) {
      const tx = evmTx(nonce);
      const sigHash = keccak256(tx);
      let blockNumber = 0;
      let endpoints: string[] = [];
      const error = await signTransaction(api, bob, share, tx, {
        afterRequest: (n, committee) => {
          blockNumber = n;
          endpoints = committee.map((m) => m.endpoint);
        },
        timeoutMs: 30_000,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (!error) continue;
      lastFailed = tx;
      const failure = failureOf(error);
      const honest = devnet.validators.filter((v) => !v.misbehave);
      const served = await Promise.any(
        honest.map((v) =>
          pollSignature(
            v.url,
            { account: bob.publicKey, sigHash: hexToBytes(sigHash.slice(2)), blockNumber },
            { timeoutMs: 15_000 },
          ),
        ),
      );
      const recorded = await recordedFailures(sigHash, blockNumber);
      if (endpoints.includes(devnet.validators[1]!.url)) {
        // corrupt: its round-1 commitment does not open; its own signed messages are the evidence.
        seen.add('corrupt');
        expect(failure.culprit).toBe('group-0');
        expect(served).toMatchObject({
          status: 'failed',
          failure: { culprit: 'group-0', code: 'BAD_PROOF' },
        });
        const accusation = recorded.find((f) => f.accused === corrupting.stash);
        expect(accusation?.evidence.length).toBeGreaterThan(0);
        expect((await api.query.relayer.excludedUntil(corrupting.stash)).isSome).toBe(true);
      } else {
        // drop: the others time out naming it (the user hears whichever member fails first).
        seen.add('drop');
        expect(endpoints).toContain(devnet.validators[2]!.url);
        expect(failure.code).toBe('TIMEOUT');
        expect(served).toMatchObject({
          status: 'failed',
          failure: { code: 'TIMEOUT', missing: ['group-1'] },
        });
        expect(recorded.some((f) => f.accused === dropping.stash)).toBe(true);
        expect((await api.query.relayer.excludedUntil(dropping.stash)).isSome).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual(['corrupt', 'drop']);

    // The wallet's retry of the same transaction gets a committee without the excluded validators and
    // succeeds; its members now serve the signature for that hash.
    const retry = await signTransaction(api, bob, share, lastFailed!);
    const polled = await pollSignature(retry.committee[0]!.endpoint, {
      account: bob.publicKey,
      sigHash: hexToBytes(retry.sigHash.slice(2)),
    });
    expect(polled).toEqual({ status: 'done', signature: retry.signature.bytes });
    const endpoints = retry.committee.map((m) => m.endpoint);
    expect(endpoints).not.toContain(devnet.validators[1]!.url);
    expect(endpoints).not.toContain(devnet.validators[2]!.url);
    expect(retry.signature.bytes).toHaveLength(65);
  });
});
