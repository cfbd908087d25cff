import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { Codec } from '@polkadot/types/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keccak256, parseEther, serializeTransaction, type Hex } from 'viem';
import { connectChain } from '../../lib/chain';
import { pollSignature } from '../../lib/tss';
import { startDevnet, type RunningDevnet } from '../launch';
import { registerAccount, signTransaction } from './e2e-client';

function evmTx(nonce: number): Hex {
  return serializeTransaction({
    chainId: 1,
    to: '0x000000000000000000000000000000000000dEaD',
    value: parseEther('0.01'),
    nonce,
    gas: 21_000n,
    maxFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

interface FailureJson {
  sigHash: string;
  accused: string;
  reason: string;
  evidence: string[];
}

describe('a misbehaving TSS server', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;

  beforeAll(async () => {
    await cryptoWaitReady();
    // validator-0-1 corrupts its signing messages; it sits in group 0's committee on odd blocks.
    devnet = await startDevnet({
      groups: 2,
      groupSize: 2,
      blockTime: 400,
      chainPort: 0,
      tssBasePort: 0,
      sessionTimeoutMs: 15_000,
      misbehave: { 1: 'corrupt' },
      ...(process.env.TSS_TEST_LOG ? { log: (line: string) => console.info(line) } : {}),
    });
    api = await connectChain({ endpoint: devnet.chainUrl });
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('is blamed with evidence, excluded on chain, and the retry with a new committee signs', async () => {
    const bob = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
    const share = await registerAccount(api, bob);
    const culprit = devnet.genesis.signingGroups[0]![1]!;

    // Ask until the chain picks the misbehaving validator for group 0.
    let failed: { blockNumber: number; sigHash: Hex; error: unknown } | undefined;
    for (let nonce = 0; nonce < 6 && !failed; nonce++) {
      let blockNumber = 0;
      const tx = evmTx(nonce);
      try {
        await signTransaction(api, bob, share, tx, {
          afterRequest: (n) => (blockNumber = n),
          timeoutMs: 30_000,
        });
      } catch (error) {
        failed = { blockNumber, sigHash: keccak256(tx), error };
      }
    }
    expect(failed).toBeDefined();
    const { error, sigHash, blockNumber } = failed!;
    const details = (error as { details?: Record<string, unknown> }).details ?? {};
    const blamed = (details.failure as { culprit?: string } | undefined)?.culprit ?? details.culprit;
    expect(blamed).toBe('group-0');

    // Honest members serve the failure to polling clients, naming the culprit.
    const honest = devnet.validators.filter((v) => v.group === 1);
    const served = await Promise.any(
      honest.map((v) => pollSignature(v.url, hexToBytes(sigHash.slice(2)), { timeoutMs: 10_000 })),
    );
    expect(served).toMatchObject({ status: 'failed', failure: { culprit: 'group-0', code: 'BAD_PROOF' } });

    // The chain records the accusation (with the culprit's signed frame as evidence) and excludes it.
    const deadline = Date.now() + 20_000;
    let recorded: FailureJson | undefined;
    while (!recorded && Date.now() < deadline) {
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      for (let n = blockNumber; n <= head && !recorded; n++) {
        const failures = (await api.query.relayer.failures(n)) as unknown as Codec[];
        recorded = failures
          .map((f) => f.toJSON() as unknown as FailureJson)
          .find((f) => f.sigHash === sigHash);
      }
      if (!recorded) await new Promise((r) => setTimeout(r, 300));
    }
    expect(recorded?.accused).toBe(culprit.stash);
    expect(recorded?.evidence.length).toBeGreaterThan(0);
    const excluded = await api.query.relayer.excludedUntil(culprit.stash);
    expect(excluded.isSome).toBe(true);

    // The retry gets a committee without the excluded validator and succeeds.
    const retry = await signTransaction(api, bob, share, evmTx(10));
    expect(retry.committee.map((m) => m.endpoint)).not.toContain(devnet.validators[1]!.url);
    expect(retry.signature.bytes).toHaveLength(65);
  });
});
