import { TypeRegistry } from '@polkadot/types';
import { hexToU8a, stringToHex, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { blake2AsU8a, signatureVerify, sr25519Verify } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { InvalidParams } from '../ethereum/errors';
import {
  parseSubstratePayload,
  parseSubstrateRaw,
  signSubstratePayload,
  signSubstrateRaw,
} from './substrate';
import { fakeAccounts } from './test-support';

const EXTENSIONS = [
  'CheckNonZeroSender',
  'CheckSpecVersion',
  'CheckTxVersion',
  'CheckGenesis',
  'CheckMortality',
  'CheckNonce',
  'CheckWeight',
  'ChargeTransactionPayment',
];

function payloadFor(address: string, method: `0x${string}`) {
  return {
    address,
    blockHash: `0x${'11'.repeat(32)}`,
    blockNumber: '0x00000010',
    era: '0x0500',
    genesisHash: `0x${'22'.repeat(32)}`,
    method,
    nonce: '0x00000001',
    specVersion: '0x00000064',
    tip: '0x00000000000000000000000000000000',
    transactionVersion: '0x00000001',
    signedExtensions: EXTENSIONS,
    version: 4,
  };
}

/** What polkadot-js verifies: the SCALE payload, blake2-hashed when longer than 256 bytes. */
function signedBytes(payload: ReturnType<typeof payloadFor>): Uint8Array {
  const registry = new TypeRegistry();
  registry.setSignedExtensions(payload.signedExtensions);
  const bytes = registry.createType('ExtrinsicPayload', payload, { version: 4 }).toU8a({ method: true });
  return bytes.length > 256 ? blake2AsU8a(bytes) : bytes;
}

describe('Substrate signer', () => {
  it('signPayload signs the SCALE payload with sr25519 (short and hashed-long methods)', async () => {
    const { pairs } = await fakeAccounts(['//Alice']);
    const alice = pairs[0]!;
    for (const method of ['0x0400', u8aToHex(new Uint8Array(400).fill(7))] as `0x${string}`[]) {
      const payload = payloadFor(alice.address, method);
      const signature = signSubstratePayload(alice, parseSubstratePayload(payload));
      // MultiSignature: 0x01 marks sr25519.
      expect(signature.slice(0, 4)).toBe('0x01');
      expect(signatureVerify(signedBytes(payload), signature, alice.address).isValid).toBe(true);
    }
  });

  it('signRaw signs the <Bytes>-wrapped data, never the bare data', async () => {
    const { pairs } = await fakeAccounts(['//Alice']);
    const alice = pairs[0]!;
    const { address, data } = parseSubstrateRaw({
      address: alice.address,
      data: 'hello entropy',
      type: 'bytes',
    });
    expect(data).toBe(stringToHex('hello entropy'));
    const signature = signSubstrateRaw(alice, data);
    expect(address).toBe(alice.address);
    // sr25519Verify is strict (signatureVerify also accepts the unwrapped form).
    expect(sr25519Verify(u8aWrapBytes(hexToU8a(data)), signature, alice.publicKey)).toBe(true);
    expect(sr25519Verify(hexToU8a(data), signature, alice.publicKey)).toBe(false);
  });

  it('normalises addresses to prefix 42 and drops unknown payload fields', async () => {
    const { pairs } = await fakeAccounts(['//Alice']);
    const polkadotForm = '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5'; // //Alice, prefix 0
    const parsed = parseSubstratePayload({ ...payloadFor(polkadotForm, '0x0400'), extra: 'ignored' });
    expect(parsed.address).toBe(pairs[0]!.address);
    expect('extra' in parsed).toBe(false);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['a bad address', { address: '5Nope' }, 'address'],
    ['non-hex method', { method: 'transfer' }, 'method'],
    ['missing genesisHash', { genesisHash: undefined }, 'genesisHash'],
    ['extensions not a list', { signedExtensions: 'CheckNonce' }, 'signedExtensions'],
    ['an unknown version', { version: 3 }, 'version'],
    ['a bad mode', { mode: 2 }, 'mode'],
  ];
  for (const [name, change, param] of bad) {
    it(`refuses a payload with ${name} (-32602)`, async () => {
      const { pairs } = await fakeAccounts(['//Alice']);
      const payload = Object.fromEntries(
        Object.entries({ ...payloadFor(pairs[0]!.address, '0x0400'), ...change }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      expect(() => parseSubstratePayload(payload)).toThrow(InvalidParams);
      try {
        parseSubstratePayload(payload);
      } catch (error) {
        expect((error as InvalidParams).details?.param).toBe(param);
      }
    });
  }

  it('refuses raw data of type "payload" and non-string data', async () => {
    const { pairs } = await fakeAccounts(['//Alice']);
    const address = pairs[0]!.address;
    expect(() => parseSubstrateRaw({ address, data: '0x00', type: 'payload' })).toThrow(/type "bytes"/);
    expect(() => parseSubstrateRaw({ address, data: 5 })).toThrow(InvalidParams);
  });
});
