import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { POOL_DEFAULTS } from './pool';
import { account, startTestNet, tx, type TestNet } from './testing';

// A block time no test reaches: blocks come only from produceBlock(), so the pool can be inspected.
const MANUAL = 2 ** 31 - 1;

let net: TestNet;
let alice: KeyringPair;

beforeAll(async () => {
  net = await startTestNet({ blockTime: MANUAL, finalityLag: 0 });
  alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
});

afterAll(async () => {
  await net?.stop();
});

describe('transaction pool', () => {
  it('refuses a duplicate and a same-nonce replacement, counts queued nonces, includes on sealing', async () => {
    const { api, node } = net;
    const first = await tx(api, 'system', 'remark')('0x01').signAsync(alice, { nonce: -1 });
    await api.rpc.author.submitExtrinsic(first.toHex());
    await expect(api.rpc.author.submitExtrinsic(first.toHex())).rejects.toThrow(
      /1013: Transaction Already Imported/,
    );
    const rival = await tx(
      api,
      'system',
      'remark',
    )('0x02').signAsync(alice, { nonce: first.nonce.toNumber() });
    await expect(api.rpc.author.submitExtrinsic(rival.toHex())).rejects.toThrow(/1014: Priority is too low/);

    // The next index counts the queued transaction; a second one queues behind it.
    expect((await api.rpc.system.accountNextIndex(alice.address)).toNumber()).toBe(
      first.nonce.toNumber() + 1,
    );
    const second = await tx(api, 'system', 'remark')('0x03').signAsync(alice, { nonce: -1 });
    expect(second.nonce.toNumber()).toBe(first.nonce.toNumber() + 1);
    await api.rpc.author.submitExtrinsic(second.toHex());
    expect((await api.rpc.author.pendingExtrinsics()).map((e) => e.toHex())).toEqual([
      first.toHex(),
      second.toHex(),
    ]);

    const block = node.produceBlock();
    expect(block.extrinsics).toHaveLength(3);
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(0);
    expect((await account(api, alice.address)).nonce).toBe(second.nonce.toNumber() + 1);
  });

  it('drops a queued transaction that can no longer pay, reporting it invalid', async () => {
    const { api, node } = net;
    const ring = new Keyring({ type: 'sr25519' });
    const poor = ring.addFromUri('//Pool//poor');
    const ed = 10n ** 10n;
    await tx(api, 'balances', 'transferKeepAlive')(poor.address, 2n * ed).signAndSend(alice, { nonce: -1 });
    node.produceBlock();
    // Two transactions, each affordable alone; after the first, the second cannot keep the deposit.
    const remark = tx(api, 'system', 'remark')('0x04');
    const feeB = (await remark.paymentInfo(poor)).partialFee.toBigInt();
    const probe = tx(api, 'balances', 'transferKeepAlive')(alice.address, ed);
    const feeA = (await probe.paymentInfo(poor)).partialFee.toBigInt();
    const spend = await tx(
      api,
      'balances',
      'transferKeepAlive',
    )(alice.address, ed - feeA - feeB / 2n).signAsync(poor, { nonce: 0 });
    await api.rpc.author.submitExtrinsic(spend.toHex());
    const statuses: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      remark
        .signAndSend(poor, { nonce: 1 }, (r) => {
          statuses.push(r.status.type);
          if (r.status.isInvalid) resolve();
        })
        .catch(reject);
    });
    while ((await api.rpc.author.pendingExtrinsics()).length < 2) await new Promise((r) => setTimeout(r, 10));
    const block = node.produceBlock();
    await done;
    expect(block.extrinsics).toHaveLength(2);
    expect(statuses).toEqual(['Ready', 'Invalid']);
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(0);
  });

  it('one account flooding nonce gaps is capped, and another account’s transfer still goes into the next block', async () => {
    const { api, node } = net;
    const ring = new Keyring({ type: 'sr25519' });
    const bob = ring.addFromUri('//Bob');
    const charlie = ring.addFromUri('//Charlie');
    const base = (await account(api, bob.address)).nonce + 1000;
    const refusals: string[] = [];
    // Signed offline (immortal): no round trips per transaction.
    const offline = {
      blockHash: api.genesisHash,
      genesisHash: api.genesisHash,
      era: api.registry.createType('ExtrinsicEra'),
      runtimeVersion: api.runtimeVersion,
      signedExtensions: api.registry.signedExtensions,
    };
    for (let i = 0; i < POOL_DEFAULTS.maxFuturePerSender + 5; i++) {
      const gap = tx(api, 'system', 'remark')('0x05').sign(bob, { ...offline, nonce: base + i });
      await api.rpc.author.submitExtrinsic(gap.toHex()).catch((e: Error) => refusals.push(e.message));
    }
    expect(refusals).toHaveLength(5);
    expect(refusals[0]).toMatch(/1016: Immediately Dropped: Too many future transactions from this sender/);
    const before = (await account(api, charlie.address)).free;
    const transfer = await tx(
      api,
      'balances',
      'transferKeepAlive',
    )(alice.address, 10n ** 10n).signAsync(charlie, { nonce: -1 });
    await api.rpc.author.submitExtrinsic(transfer.toHex());
    const block = node.produceBlock();
    // The inherent and the transfer: the queued gaps are not even looked at.
    expect(block.extrinsics).toHaveLength(2);
    expect((await account(api, charlie.address)).free < before).toBe(true);
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(POOL_DEFAULTS.maxFuturePerSender);
  });
});
