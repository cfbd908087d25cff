import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { RUNTIME_CONFIG_DEFAULTS } from '../index';
import type { CommitteeMember, Message } from '../runtime/entropy-types';
import { RuntimeMetadata } from './index';

const params = { ...RUNTIME_CONFIG_DEFAULTS, existentialDeposit: 10n, minimumPeriod: 500n };
let md: RuntimeMetadata;
let messages: number;
let accounts: string[];

beforeAll(async () => {
  await cryptoWaitReady();
  md = new RuntimeMetadata(params);
  messages = md.storageSpec('Relayer', 'Messages').value;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  accounts = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri).address);
});

function request(n: number): Message {
  return {
    account: accounts[0]!,
    sigRequest: { sigHash: `0x${n.toString(16).padStart(64, '0')}` },
    committee: [
      {
        signingGroup: 0,
        stash: accounts[1]!,
        tssAccount: accounts[2]!,
        x25519PublicKey: `0x${'11'.repeat(32)}`,
        endpoint: `0x${Buffer.from('http://127.0.0.1:1').toString('hex')}`,
      },
    ],
  };
}

describe("the chain's storage keys", () => {
  it('are computed once per map key, and each key has its own', () => {
    const encode = vi.spyOn(md, 'encode');
    const alice = md.storageKey('System', 'Account', accounts[0]);
    expect(md.storageKey('System', 'Account', accounts[0])).toBe(alice);
    expect(encode).toHaveBeenCalledTimes(1);
    const bob = md.storageKey('System', 'Account', accounts[1]);
    expect(bob).not.toBe(alice);
    expect(bob.slice(0, 66)).toBe(alice.slice(0, 66));
    expect(md.storageKey('Relayer', 'Messages', 7)).not.toBe(md.storageKey('Relayer', 'Messages', 8));
    expect(md.storageKey('Relayer', 'Messages', 7)).toBe(
      new RuntimeMetadata(params).storageKey('Relayer', 'Messages', 7),
    );
    encode.mockRestore();
  });
});

describe("the chain's decoded storage values", () => {
  it('decodes stored bytes once, and hands every reader its own copy', () => {
    const bytes = md.encode(messages, [request(1), request(2)]);
    const decode = vi.spyOn(md, 'decode');
    const first = md.json<Message[]>(messages, bytes);
    expect(first.map((m) => m.sigRequest.sigHash)).toEqual(
      [request(1), request(2)].map((m) => m.sigRequest.sigHash),
    );
    expect(first[0]!.committee[0]!.stash).toBe(accounts[1]);
    // A reader changes what it read (as a pallet appending to a list does): the next reader does not see it.
    first.push(request(3));
    first[0]!.committee.length = 0;
    const second = md.json<Message[]>(messages, bytes);
    expect(second).toHaveLength(2);
    expect(second[0]!.committee).toHaveLength(1);
    expect(decode).toHaveBeenCalledTimes(1);
    // A replaced value (new bytes) is decoded afresh.
    const third = md.json<Message[]>(messages, md.encode(messages, [request(4)]));
    expect(third.map((m) => m.sigRequest.sigHash)).toEqual([request(4).sigRequest.sigHash]);
    expect(decode).toHaveBeenCalledTimes(2);
    decode.mockRestore();
  });

  it('shares one frozen value among the readers that only look, still decoded once', () => {
    const bytes = md.encode(messages, [request(5), request(6)]);
    const decode = vi.spyOn(md, 'decode');
    const first = md.view<Message[]>(messages, bytes);
    expect(first.map((m) => m.sigRequest.sigHash)).toEqual(
      [request(5), request(6)].map((m) => m.sigRequest.sigHash),
    );
    expect(md.view<Message[]>(messages, bytes)).toBe(first);
    // Nobody can change what the others read, however deep.
    expect(() => (first as Message[]).push(request(7))).toThrow(TypeError);
    expect(() => ((first[0]!.committee as CommitteeMember[])[0]!.stash = accounts[0]!)).toThrow(TypeError);
    // `json` of the same bytes is still a copy of its own to change.
    const copy = md.json<Message[]>(messages, bytes);
    copy.push(request(7));
    expect(copy).toHaveLength(3);
    expect(md.view<Message[]>(messages, bytes)).toHaveLength(2);
    expect(decode).toHaveBeenCalledTimes(1);
    decode.mockRestore();
  });
});

describe("the chain's appends to a stored list", () => {
  it('give the bytes of the whole list encoded anew, without decoding what is there', () => {
    const decode = vi.spyOn(md, 'decode');
    const one = md.append(messages, null, request(1));
    expect(one).toEqual(md.encode(messages, [request(1)]));
    const two = md.append(messages, one, request(2));
    expect(two).toEqual(md.encode(messages, [request(1), request(2)]));
    // Past 63 items the length prefix takes two bytes.
    let many = md.encode(
      messages,
      Array.from({ length: 63 }, (_, i) => request(i)),
    );
    many = md.append(messages, many, request(63));
    expect(many).toEqual(
      md.encode(
        messages,
        Array.from({ length: 64 }, (_, i) => request(i)),
      ),
    );
    expect(md.append(messages, md.encode(messages, []), request(9))).toEqual(
      md.encode(messages, [request(9)]),
    );
    expect(decode).not.toHaveBeenCalled();
    expect(() => md.append(md.storageSpec('System', 'Number').value, null, 1)).toThrow(/not a Vec/);
    decode.mockRestore();
  });
});
