import { blake2AsU8a } from '@polkadot/util-crypto';
import { compactAddLength, hexToU8a, u8aConcat } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { encodeVec } from './scale';
import { State } from './state';

/** The root as defined: blake2-256 of every (key, value) pair, sorted by key, encoded afresh. */
function rootOf(entries: [string, Uint8Array][]): Uint8Array {
  const pairs = [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => u8aConcat(compactAddLength(hexToU8a(k)), compactAddLength(v)));
  return blake2AsU8a(encodeVec(pairs), 256);
}

describe("the chain's state root", () => {
  it('follows every write, replacement and removal between blocks', () => {
    const state = new State([
      ['0x01', Uint8Array.of(1)],
      ['0x02', Uint8Array.of(2, 2)],
    ]);
    expect(state.root()).toEqual(
      rootOf([
        ['0x01', Uint8Array.of(1)],
        ['0x02', Uint8Array.of(2, 2)],
      ]),
    );
    state.set('0x02', Uint8Array.of(9));
    state.set('0x00', Uint8Array.of(0));
    state.delete('0x01');
    expect(state.root()).toEqual(
      rootOf([
        ['0x00', Uint8Array.of(0)],
        ['0x02', Uint8Array.of(9)],
      ]),
    );
    // A write inside a dispatch's layer counts once the layer lands, a rolled-back one never.
    state.transaction(() => state.set('0x03', Uint8Array.of(3)));
    expect(() =>
      state.transaction(() => {
        state.set('0x00', Uint8Array.of(7));
        throw new Error('dispatch failed');
      }),
    ).toThrow('dispatch failed');
    const now: [string, Uint8Array][] = [
      ['0x00', Uint8Array.of(0)],
      ['0x02', Uint8Array.of(9)],
      ['0x03', Uint8Array.of(3)],
    ];
    expect(state.root()).toEqual(rootOf(now));
    // A key removed and written again with a value of the same bytes.
    state.delete('0x03');
    expect(state.root()).toEqual(rootOf(now.slice(0, 2)));
    state.set('0x03', Uint8Array.of(3));
    expect(state.root()).toEqual(rootOf(now));
  });
});
