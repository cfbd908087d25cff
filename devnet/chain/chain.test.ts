import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import type { Codec } from '@polkadot/types/types';
import { FEES } from './index';
import {
  account,
  big,
  constant,
  dispatchErrorName,
  eventData,
  json,
  query,
  startTestNet,
  submit,
  subscribe,
  tx,
  type TestNet,
} from './testing';

let net: TestNet;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;

beforeAll(async () => {
  net = await startTestNet();
  const ring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = ring.addFromUri('//Alice');
  bob = ring.addFromUri('//Bob');
  charlie = ring.addFromUri('//Charlie');
});

afterAll(async () => {
  await net?.stop();
});

interface ServerInfoJson {
  tssAccount: string;
  x25519PublicKey: string;
  endpoint: string;
}

describe('devnet chain with @polkadot/api', () => {
  it('connects and agrees on genesis, runtime and properties', async () => {
    const { api, node } = net;
    expect(api.genesisHash.toHex()).toBe(node.genesisHash);
    expect(api.runtimeVersion.specName.toString()).toBe('entropy-devnet');
    expect((await api.rpc.system.chain()).toString()).toBe('Entropy Devnet');
    expect(api.registry.chainSS58).toBe(42);
    expect(api.registry.chainDecimals).toEqual([10]);
    expect(api.tx.relayer.prepTransaction).toBeTypeOf('function');
  });

  it('reads constants and storage with decoded types', async () => {
    const { api, genesis } = net;
    expect(constant(api, 'balances', 'existentialDeposit').toString()).toBe(
      genesis.config.existentialDeposit,
    );
    expect(json(constant(api, 'system', 'blockHashCount'))).toBe(4096);
    expect(json(constant(api, 'constraints', 'maxAclLength'))).toBe(25);
    expect((await account(api, alice.address)).free).toBe(10n ** 19n);
    expect((await api.query.stakingExtension.signingGroupCount()).toNumber()).toBe(3);
    const group1 = await api.query.stakingExtension.signingGroups(1);
    expect(group1.map((a) => a.toString())).toEqual(genesis.validators[1]?.map((v) => v.stash.address));
    const v = genesis.validators[2]?.[1];
    const server = (await api.query.stakingExtension.thresholdServers(v?.stash.address ?? '')).unwrap();
    // The value decodes to the metadata's struct, with named, typed fields.
    expect(server.toRawType()).toContain('"x25519PublicKey":"[u8;32]"');
    const info = json<ServerInfoJson>(server);
    expect(info.tssAccount).toBe(v?.tss.address);
    expect(Buffer.from(hexToU8a(info.endpoint)).toString()).toBe(
      genesis.config.signingGroups[2]?.[1]?.endpoint,
    );
    expect(info.x25519PublicKey).toBe(u8aToHex(v?.x25519.publicKey));
    expect(json(await query(api, 'stakingExtension', 'thresholdToStash')(v?.tss.address))).toBe(
      v?.stash.address,
    );
    expect(await query(api, 'stakingExtension', 'thresholdServers').entries()).toHaveLength(6);
  });

  it('transfers, charging the fee paymentInfo announced', async () => {
    const { api } = net;
    const amount = 12_345n * 10n ** 10n;
    const [a0, b0] = await Promise.all([account(api, alice.address), account(api, bob.address)]);
    const extrinsic = tx(api, 'balances', 'transferKeepAlive')(bob.address, amount);
    const info = await extrinsic.paymentInfo(alice);
    const result = await submit(extrinsic, alice);
    expect(dispatchErrorName(api, result)).toBeNull();
    const [a1, b1] = await Promise.all([account(api, alice.address), account(api, bob.address)]);
    const paid = eventData(result, 'transactionPayment', 'TransactionFeePaid');
    const fee = big(paid?.[1]);
    expect(fee).toBe(info.partialFee.toBigInt());
    expect(fee).toBe(
      FEES.base + FEES.perByte * BigInt(extrinsic.encodedLength) + 200_000_000n / FEES.weightDivisor,
    );
    expect(b1.free - b0.free).toBe(amount);
    expect(a0.free - a1.free).toBe(amount + fee);
    expect(a1.nonce).toBe(a0.nonce + 1);
    expect(eventData(result, 'balances', 'Transfer')).toEqual([alice.address, bob.address, Number(amount)]);
  });

  it('reports Ready, InBlock and Finalized to signAndSend even when finality is immediate', async () => {
    const { api } = net;
    const statuses: string[] = [];
    await new Promise<void>((resolve, reject) => {
      tx(
        api,
        'system',
        'remark',
      )('0x05')
        .signAndSend(alice, (r) => {
          statuses.push(r.status.type);
          if (r.status.isInBlock) expect(r.events.length).toBeGreaterThan(0);
          if (r.status.isFinalized) resolve();
        })
        .catch(reject);
    });
    expect(statuses).toEqual(['Ready', 'InBlock', 'Finalized']);
  });

  it('refuses a transfer the sender cannot afford, as a dispatch error that still charges the fee', async () => {
    const { api } = net;
    const before = (await account(api, charlie.address)).free;
    const result = await submit(tx(api, 'balances', 'transferKeepAlive')(bob.address, before * 2n), charlie);
    expect(dispatchErrorName(api, result)).toBe('balances.InsufficientBalance');
    const after = (await account(api, charlie.address)).free;
    expect(before - after).toBe(big(eventData(result, 'transactionPayment', 'TransactionFeePaid')?.[1]));
    expect(eventData(result, 'balances', 'Transfer')).toBeUndefined();
  });

  it('rejects a wrongly signed extrinsic with a bad-signature reason', async () => {
    const { api } = net;
    const extrinsic = tx(api, 'system', 'remark')('0x01');
    await extrinsic.signAsync(alice);
    const bytes = extrinsic.toU8a();
    // length prefix (1-2 bytes), version 0x84, MultiAddress::Id (33), then MultiSignature: type + 64 bytes
    const sigStart = bytes.indexOf(0x84) + 1 + 33 + 1;
    bytes[sigStart + 10] = (bytes[sigStart + 10] as number) ^ 0xff;
    await expect(api.rpc.author.submitExtrinsic(u8aToHex(bytes))).rejects.toThrow(
      /1010: Invalid Transaction: Transaction has a bad signature/,
    );
  });

  it('rejects a signature made with another key than the signer', async () => {
    const { api } = net;
    const extrinsic = tx(api, 'system', 'remark')('0x02');
    const mallory = new Keyring({ type: 'sr25519' }).addFromUri('//Mallory');
    await expect(
      extrinsic.signAndSend(alice.address, {
        signer: {
          signRaw: async ({ data }: { data: string }) => ({
            id: 1,
            signature: u8aToHex(mallory.sign(hexToU8a(data), { withType: true })),
          }),
        },
      }),
    ).rejects.toThrow(/bad signature/);
  });

  it('accepts ed25519-signed extrinsics', async () => {
    const { api } = net;
    const edPair = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//Dave//ed');
    await submit(tx(api, 'balances', 'transferAllowDeath')(edPair.address, 10n ** 13n), alice);
    const result = await submit(tx(api, 'system', 'remarkWithEvent')('0x68656c6c6f'), edPair);
    expect(dispatchErrorName(api, result)).toBeNull();
    expect(eventData(result, 'system', 'Remarked')?.[0]).toBe(edPair.address);
    expect((await account(api, edPair.address)).nonce).toBe(1);
  });

  it('answers payment_queryInfo and the fee-details runtime call with the fee it charges', async () => {
    const { api } = net;
    const signed = await tx(
      api,
      'balances',
      'transferKeepAlive',
    )(bob.address, 1n).signAsync(alice, { nonce: -1 });
    const expected =
      FEES.base + FEES.perByte * BigInt(signed.encodedLength) + 200_000_000n / FEES.weightDivisor;
    expect((await api.rpc.payment.queryInfo(signed.toHex())).partialFee.toBigInt()).toBe(expected);
    const feeDetails = api.call.transactionPaymentApi?.queryFeeDetails;
    if (!feeDetails) throw new Error('TransactionPaymentApi missing');
    const details = json<{ inclusionFee: { baseFee: number; lenFee: number; adjustedWeightFee: number } }>(
      await feeDetails(signed.toHex(), signed.encodedLength),
    );
    const { baseFee, lenFee, adjustedWeightFee } = details.inclusionFee;
    expect(BigInt(baseFee) + BigInt(lenFee) + BigInt(adjustedWeightFee)).toBe(expected);
  });

  it('holds a future nonce until the gap is filled, then includes both', async () => {
    const { api } = net;
    const dave = new Keyring({ type: 'sr25519' }).addFromUri('//Dave');
    const n = (await account(api, dave.address)).nonce;
    const statuses: string[] = [];
    const later = new Promise<void>((resolve, reject) => {
      tx(
        api,
        'system',
        'remark',
      )('0x0b')
        .signAndSend(dave, { nonce: n + 1 }, (r) => {
          statuses.push(r.status.type);
          if (r.status.isFinalized) resolve();
        })
        .catch(reject);
    });
    while ((await api.rpc.author.pendingExtrinsics()).length === 0)
      await new Promise((r) => setTimeout(r, 10));
    expect((await api.rpc.system.accountNextIndex(dave.address)).toNumber()).toBe(n);
    await submit(tx(api, 'system', 'remark')('0x0a'), dave, { nonce: n });
    await later;
    expect(statuses[0]).toBe('Future');
    expect(statuses).toContain('Finalized');
    expect((await account(api, dave.address)).nonce).toBe(n + 2);
  });

  it('refuses a mortal transaction after its era ended', async () => {
    const { api, node } = net;
    const signed = await tx(api, 'system', 'remark')('0x0c').signAsync(alice, { era: 4, nonce: -1 });
    for (let i = 0; i < 6; i++) node.produceBlock();
    await expect(api.rpc.author.submitExtrinsic(signed.toHex())).rejects.toThrow(/bad signature/);
  });

  it('rejects a stale nonce as outdated', async () => {
    const { api } = net;
    await submit(tx(api, 'system', 'remark')('0x03'), alice);
    await expect(tx(api, 'system', 'remark')('0x04').signAndSend(alice, { nonce: 0 })).rejects.toThrow(
      /1010: Invalid Transaction: Transaction is outdated/,
    );
  });

  it('fails prepTransaction from an unregistered account with relayer.NotRegistered', async () => {
    const { api } = net;
    const result = await submit(api.tx.relayer.prepTransaction({ sigHash: `0x${'ab'.repeat(32)}` }), bob);
    expect(dispatchErrorName(api, result)).toBe('relayer.NotRegistered');
    expect(result.events.some((e) => api.events.relayer.SignatureRequested.is(e.event))).toBe(false);
    const n = (await api.rpc.chain.getHeader()).number.toNumber();
    expect((await api.query.relayer.messages(n)).length).toBe(0);
  });

  it('fires storage subscriptions on change, and block headers hash as @polkadot/api computes', async () => {
    const { api } = net;
    const seen: bigint[] = [];
    let resolveSecond: () => void = () => undefined;
    const second = new Promise<void>((r) => (resolveSecond = r));
    const unsub = await subscribe(api, 'system', 'account', [charlie.address], (info) => {
      seen.push(big((info as { data: { free: number | string } }).data.free));
      if (seen.length === 2) resolveSecond();
    });
    await submit(tx(api, 'balances', 'transferAllowDeath')(charlie.address, 10n ** 12n), alice);
    await second;
    unsub();
    expect((seen[1] as bigint) - (seen[0] as bigint)).toBe(10n ** 12n);

    const header = await api.rpc.chain.getHeader();
    expect(header.hash.toHex()).toBe((await api.rpc.chain.getBlockHash(header.number.toNumber())).toHex());
    const block = await api.rpc.chain.getBlock(header.hash);
    expect(block.block.header.parentHash.toHex()).toBe(
      (await api.rpc.chain.getBlockHash(header.number.toNumber() - 1)).toHex(),
    );
    expect(block.block.extrinsics[0]?.method.section).toBe('timestamp');
  });

  it('reads storage at an older block', async () => {
    const { api } = net;
    const head = await api.rpc.chain.getHeader();
    const before = (await account(api, alice.address)).free;
    await submit(tx(api, 'balances', 'transferKeepAlive')(bob.address, 10n ** 11n), alice);
    const old = await api.at(head.hash);
    const atOld = json<{ data: { free: number | string } }>(
      await (
        old.query as unknown as Record<string, Record<string, (a: string) => Promise<Codec>>>
      ).system?.account?.(alice.address),
    );
    expect(big(atOld.data.free)).toBe(before);
    expect((await old.query.system.events()).length).toBeGreaterThan(0);
  });
});
