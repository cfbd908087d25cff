import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { Header } from '@polkadot/types/interfaces';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followHeads, signingOptions } from './era';
import { submitAndWaitInBlock } from './submit';
import { devChain } from './test-support';

/** A header as the subscriptions hand it over, with what `signingOptions` reads of it. */
function header(number: number): Header {
  return {
    number: { toNumber: () => number },
    hash: `hash-${number}`,
    parentHash: `hash-${number - 1}`,
  } as unknown as Header;
}

/** An API whose head subscriptions the test drives, with a nonce and the era type. */
function fakeApi() {
  const listeners: { best?: (h: Header) => void; finalized?: (h: Header) => void } = {};
  const api = {
    rpc: {
      chain: {
        subscribeNewHeads: async (cb: (h: Header) => void) => void (listeners.best = cb),
        subscribeFinalizedHeads: async (cb: (h: Header) => void) => void (listeners.finalized = cb),
      },
      system: { accountNextIndex: async () => 7 },
    },
    registry: { createType: (_type: string, value: unknown) => value },
  } as unknown as ApiPromise;
  return { api, listeners };
}

describe('signingOptions', () => {
  afterEach(() => vi.restoreAllMocks());

  it('starts the era at the finalized head, or at the best head’s parent when finality lags', async () => {
    const { api, listeners } = fakeApi();
    followHeads(api);
    await Promise.resolve();
    listeners.best!(header(12));
    listeners.finalized!(header(10));
    expect(await signingOptions(api, 'alice')).toEqual({
      nonce: 7,
      blockHash: 'hash-10',
      era: { current: 10, period: 64 },
    });
    listeners.best!(header(20));
    expect(await signingOptions(api, 'alice')).toMatchObject({
      blockHash: 'hash-19',
      era: { current: 19, period: 64 },
    });
  });

  it('leaves the reads to signAsync without heads, or with heads not renewed for 30 s', async () => {
    const { api, listeners } = fakeApi();
    expect(await signingOptions(api, 'alice')).toEqual({ nonce: -1 });
    followHeads(api);
    await Promise.resolve();
    listeners.best!(header(3));
    expect(await signingOptions(api, 'alice')).toEqual({ nonce: -1 });
    listeners.finalized!(header(3));
    expect(await signingOptions(api, 'alice')).toMatchObject({ nonce: 7, blockHash: 'hash-3' });
    const later = Date.now() + 30_001;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    expect(await signingOptions(api, 'alice')).toEqual({ nonce: -1 });
  });
});

describe('a submission with the followed heads, against a dev chain', () => {
  const net = devChain();
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');

  it('reads no header before it submits, and its mortal era starts at a recent block', async () => {
    await vi.waitFor(async () => expect((await signingOptions(net.api, alice.address)).era).toBeDefined(), {
      timeout: 10_000,
    });
    const getHeader = vi.spyOn(net.api.rpc.chain, 'getHeader');
    const getFinalizedHead = vi.spyOn(net.api.rpc.chain, 'getFinalizedHead');
    const included = await submitAndWaitInBlock(
      net.api,
      net.api.tx.balances!.transferKeepAlive!(bob.address, 10n ** 10n),
      alice,
    );
    expect(getHeader).not.toHaveBeenCalled();
    expect(getFinalizedHead).not.toHaveBeenCalled();
    const block = await net.api.rpc.chain.getBlock(included.blockHash);
    const signed = block.block.extrinsics.find((x) => x.isSigned && x.signer.toString() === alice.address)!;
    expect(signed.era.isMortalEra).toBe(true);
    // A recent block: the finalized head when the submission was signed.
    const start = signed.era.asMortalEra.birth(included.blockNumber);
    expect(signed.era.asMortalEra.period.toNumber()).toBe(64);
    expect(start).toBeLessThanOrEqual(included.blockNumber);
    expect(start).toBeGreaterThanOrEqual(included.blockNumber - 6);
  });
});
