import { describe, expect, it } from 'vitest';
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { WireError } from './errors';
import { decodeOcwMessage, encodeOcwMessage, type OcwMessage } from './ocw';

function bytes(n: number, fill: number): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

const sample: OcwMessage = {
  blockNumber: 70_000,
  messages: [
    {
      account: bytes(32, 1),
      sigRequest: { sigHash: bytes(32, 2) },
      committee: [
        {
          signingGroup: 0,
          stash: bytes(32, 3),
          tssAccount: bytes(32, 4),
          x25519PublicKey: bytes(32, 5),
          endpoint: 'http://127.0.0.1:3001',
        },
        {
          signingGroup: 1,
          stash: bytes(32, 6),
          tssAccount: bytes(32, 7),
          x25519PublicKey: bytes(32, 8),
          endpoint: 'http://127.0.0.1:3003',
        },
      ],
    },
    { account: bytes(32, 9), sigRequest: { sigHash: bytes(32, 10) }, committee: [] },
  ],
};

describe('OCWMessage codec', () => {
  it('round-trips', () => {
    expect(decodeOcwMessage(encodeOcwMessage(sample))).toEqual(sample);
  });

  it('matches the SCALE layout @polkadot/types produces for the same definitions', () => {
    const registry = new TypeRegistry();
    registry.register({
      CommitteeMember: {
        signingGroup: 'u8',
        stash: 'AccountId32',
        tssAccount: 'AccountId32',
        x25519PublicKey: '[u8;32]',
        endpoint: 'Bytes',
      },
      OcwSigRequest: { sigHash: '[u8;32]' },
      OcwRelayerMessage: {
        account: 'AccountId32',
        sigRequest: 'OcwSigRequest',
        committee: 'Vec<CommitteeMember>',
      },
      OcwMessage: { messages: 'Vec<OcwRelayerMessage>', blockNumber: 'u32' },
    });
    const viaTypes = registry.createType('OcwMessage', {
      blockNumber: sample.blockNumber,
      messages: sample.messages.map((m) => ({
        account: m.account,
        sigRequest: { sigHash: m.sigRequest.sigHash },
        committee: m.committee,
      })),
    });
    expect(u8aToHex(encodeOcwMessage(sample))).toBe(viaTypes.toHex());
  });

  it('rejects truncated input, trailing bytes and bad lengths with a WireError', () => {
    const good = encodeOcwMessage(sample);
    for (let cut = 0; cut < good.length; cut += 7) {
      expect(() => decodeOcwMessage(good.slice(0, cut))).toThrow(WireError);
    }
    expect(() => decodeOcwMessage(Uint8Array.of(...good, 0))).toThrow(/trailing/);
    // a committee length far above the limit
    expect(() => decodeOcwMessage(Uint8Array.of(0x02, 0xff, 0xff, 0xff, 0xff))).toThrow(WireError);
    expect(() => encodeOcwMessage({ ...sample, blockNumber: -1 })).toThrow(WireError);
  });

  it('rejects random input without throwing anything but a WireError', () => {
    let seed = 7;
    for (let i = 0; i < 300; i++) {
      const input = new Uint8Array(i % 90).map(() => (seed = (seed * 1103515245 + 12345) & 0xff));
      try {
        decodeOcwMessage(input);
      } catch (e) {
        expect(e).toBeInstanceOf(WireError);
      }
    }
  });
});
