import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, sr25519Verify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, startTestNet, type TestNet } from '../chain/testing';
import { TssError } from './errors';
import { ExtrinsicEncoder, confirmDoneCall } from './extrinsic';

let net: TestNet;

beforeAll(async () => {
  await cryptoWaitReady();
  net = await startTestNet();
});

afterAll(async () => {
  await net?.stop();
});

describe('extrinsics encoded and signed by the TSS server itself', () => {
  const bob = () => new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');

  it('encodes relayer.confirmDone as the API would, signed over the payload the chain checks', async () => {
    const { api } = net;
    const signer = bob();
    const nonce = (await account(api, signer.address)).nonce + 7;
    const hash = new Uint8Array(32).fill(0xab);
    const bytes = ExtrinsicEncoder.forChain(api, signer).sign(confirmDoneCall(api)(4321, hash), nonce);

    const ext = api.createType('Extrinsic', bytes);
    expect(ext.encodedLength).toBe(bytes.length);
    expect(ext.isSigned).toBe(true);
    expect(ext.signer.toString()).toBe(signer.address);
    expect(ext.nonce.toNumber()).toBe(nonce);
    expect(ext.era.isImmortalEra).toBe(true);
    expect(ext.tip.toBigInt()).toBe(0n);
    expect(ext.method.toHex()).toBe(api.tx.relayer.confirmDone(4321, u8aToHex(hash)).method.toHex());
    const payload = api
      .createType(
        'ExtrinsicPayload',
        {
          method: ext.method.toHex(),
          era: ext.era,
          nonce,
          tip: 0,
          specVersion: api.runtimeVersion.specVersion,
          transactionVersion: api.runtimeVersion.transactionVersion,
          genesisHash: api.genesisHash,
          blockHash: api.genesisHash,
        },
        { version: 4 },
      )
      .toU8a({ method: true });
    expect(sr25519Verify(payload, ext.signature.toU8a(), signer.publicKey)).toBe(true);
  });

  it('signs the hash of a payload over 256 bytes, and the chain takes the extrinsic', async () => {
    const { api } = net;
    const signer = bob();
    const remark = new Uint8Array(300).fill(7);
    const call = api.tx.system!.remark!(u8aToHex(remark)).method.toU8a();
    const nonce = (await account(api, signer.address)).nonce;
    const bytes = ExtrinsicEncoder.forChain(api, signer).sign(call, nonce);
    await api.rpc.author.submitExtrinsic(u8aToHex(bytes));
    // The pool checked the signature over the hashed payload; a wrong one is refused (bad proof).
    const forged = bytes.slice();
    forged[40]! ^= 1;
    await expect(api.rpc.author.submitExtrinsic(u8aToHex(forged))).rejects.toThrow(/bad signature|1010/i);
  });

  it('refuses a chain whose extrinsics or confirmDone differ from what it encodes', () => {
    const { api } = net;
    const other = Object.create(api, {
      registry: { value: { signedExtensions: ['CheckNonce', 'CheckWeight'] } },
    }) as ApiPromise;
    expect(() => ExtrinsicEncoder.forChain(other, bob())).toThrow(TssError);
    const ecdsa = new Keyring({ type: 'ecdsa' }).addFromUri('//Bob');
    expect(() => ExtrinsicEncoder.forChain(api, ecdsa)).toThrow(/not the format this server signs/);
    const relayer = Object.create(api, {
      tx: {
        value: {
          relayer: {
            confirmDone: Object.assign(() => api.tx.system!.remark!('0x00'), {
              callIndex: new Uint8Array([9, 4]),
            }),
          },
        },
      },
    }) as ApiPromise;
    expect(() => confirmDoneCall(relayer)).toThrow(/not the call this server encodes/);
  });
});
