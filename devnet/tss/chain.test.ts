import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, sr25519Verify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommitteeMember, Hex, Message } from '../chain/runtime/entropy-types';
import { account, json, query, startTestNet, submit, type TestNet } from '../chain/testing';
import { getConstraints } from '../../lib/chain';
import { decodeAcl } from './acl';
import { TssChain } from './chain';
import { TssError } from './errors';
import { devUriSigner, extrinsicSigner } from './signer';

let net: TestNet;
let ocwServer: Server;

beforeAll(async () => {
  await cryptoWaitReady();
  // The off-chain worker posts every block's requests to the members: a local sink answers them.
  ocwServer = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => ocwServer.listen(0, '127.0.0.1', r));
  const port = (ocwServer.address() as AddressInfo).port;
  net = await startTestNet({
    genesisOverride: (g) => {
      for (const group of g.config.signingGroups)
        for (const v of group) v.endpoint = `http://127.0.0.1:${port}`;
    },
  });
});

afterAll(async () => {
  await net?.stop();
  await new Promise((r) => ocwServer?.close(r));
});

/** Registers `account` as its registration committee would, with public shares of a random key. */
async function register(account: KeyringPair): Promise<void> {
  const { api } = net;
  const point = () =>
    secp256k1.Point.BASE.multiply(secp256k1.Point.Fn.fromBytes(secp256k1.utils.randomSecretKey()));
  const user = point();
  const groups = [0, 1, 2].map((g) => [g, point()] as const);
  const hex = (p: typeof user) => `0x${p.toHex(true)}` as Hex;
  const key = hex(groups.reduce((sum, [, p]) => sum.add(p), user));
  const shares = { user: hex(user), groups: groups.map(([g, p]) => [g, hex(p)] as [number, Hex]) };
  const result = await submit(
    api.tx.relayer.register(account.address, { evmAcl: null, btcAcl: null }),
    account,
  );
  const signal = result.events.find((e) => api.events.relayer.SignalRegister.is(e.event))!;
  const committee = json<CommitteeMember[]>(signal.event.data[1]);
  for (const [g, member] of committee.entries()) {
    const keys = net.genesis.validators.flat().find((v) => v.stash.address === member.stash)!;
    await submit(api.tx.relayer.confirmRegister(account.address, g, key, shares), keys.tss);
  }
}

/**
 * A new account `uri` registers and asks for a signature over `sigHash`; the chain client of the first
 * member of the committee its block picks connects.
 */
async function requestAndConnect(uri: string, sigHash: Hex) {
  const { api } = net;
  const user = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(uri);
  await register(user);
  const requested = await submit(api.tx.relayer.prepTransaction({ sigHash }), user);
  const n = (await api.rpc.chain.getHeader(requested.status.asFinalized.toHex())).number.toNumber();
  const [message] = json<Message[]>(await api.query.relayer.messages(n));
  const stash = message!.committee[0]!.stash;
  const keys = net.genesis.validators.flat().find((v) => v.stash.address === stash)!;
  const chain = await TssChain.connect(
    net.node.url,
    extrinsicSigner(keys.tss, devUriSigner(keys.tssUri, keys.tss.publicKey)),
  );
  return { n, stash, keys, chain };
}

describe("a TSS server's chain client", () => {
  it('signs its extrinsics in WebAssembly with the sr25519 type byte, as the keyring pair would', () => {
    const keys = net.genesis.validators[0]![0]!;
    const signer = extrinsicSigner(keys.tss, devUriSigner(keys.tssUri, keys.tss.publicKey));
    const data = new TextEncoder().encode('payload');
    const typed = signer.sign(data, { withType: true });
    expect(typed[0]).toBe(1);
    expect(sr25519Verify(data, typed.subarray(1), keys.tss.publicKey)).toBe(true);
    expect(sr25519Verify(data, signer.sign(data), keys.tss.publicKey)).toBe(true);
    const other = net.genesis.validators[1]![0]!;
    expect(() => extrinsicSigner(keys.tss, devUriSigner(other.tssUri, other.tss.publicKey))).toThrow(
      /not .*sr25519 key/,
    );
  });

  it("confirms a signature on chain (immortal, WebAssembly-signed) and reads a sealed block's requests once, raw", async () => {
    const { api } = net;
    const sigHash: Hex = `0x${'5a'.repeat(32)}`;
    const { n, stash, chain } = await requestAndConnect('//Eve', sigHash);
    try {
      await vi.waitFor(() => expect(chain.bestBlock).toBeGreaterThanOrEqual(n), { timeout: 10_000 });
      const provider = (chain.api as unknown as { _rpcCore: { provider: { send(method: string): unknown } } })
        ._rpcCore.provider;
      const sent = vi.spyOn(provider, 'send');
      const formatted = vi.spyOn(chain.api.rpc.state.getStorage, 'raw');
      const [first, second] = await Promise.all([chain.messages(n), chain.messages(n)]);
      const third = await chain.messages(n);
      // Once, raw on the provider, at the key the API makes.
      expect(sent.mock.calls).toEqual([['state_getStorage', [chain.api.query.relayer.messages.key(n)]]]);
      expect(formatted).not.toHaveBeenCalled();
      expect(first).toBe(second);
      expect(third).toBe(first);
      expect(first.map((m) => u8aToHex(m.sigRequest.sigHash))).toEqual([sigHash]);

      // Encoded and signed by the server itself (extrinsic.ts), not through the API's decorated call.
      const decorated = vi.spyOn(chain.api.tx.relayer, 'confirmDone');
      await chain.confirmDone(n, Uint8Array.from(Buffer.from(sigHash.slice(2), 'hex')));
      expect(decorated).not.toHaveBeenCalled();
      await vi.waitFor(
        async () =>
          expect(json(await query(api, 'relayer', 'signaturesDone')(n))).toEqual([[sigHash, stash]]),
        { timeout: 10_000 },
      );
      const block = await api.rpc.chain.getBlock();
      const done = block.block.extrinsics.find((x) => x.method.method === 'confirmDone');
      expect(done?.era.isImmortalEra).toBe(true);
    } finally {
      await chain.disconnect();
    }
  });

  it("reads an account's ACLs raw, in one request, as the API decodes them", async () => {
    const { api } = net;
    const dave = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Dave');
    await register(dave);
    const constraints = {
      evmAcl: {
        addresses: [`0x${'de'.repeat(20)}`, `0x${'01'.repeat(20)}`] as Hex[],
        kind: 'Deny' as const,
        allowNullRecipient: true,
      },
      btcAcl: {
        addresses: [`0x${'bc'.repeat(32)}`] as Hex[],
        kind: 'Allow' as const,
        allowNullRecipient: false,
      },
    };
    await submit(api.tx.constraints.updateConstraints(dave.address, constraints), dave);
    const keys = net.genesis.validators[0]![0]!;
    const chain = await TssChain.connect(
      net.node.url,
      extrinsicSigner(keys.tss, devUriSigner(keys.tssUri, keys.tss.publicKey)),
    );
    try {
      const provider = (chain.api as unknown as { _rpcCore: { provider: { send(method: string): unknown } } })
        ._rpcCore.provider;
      const sent = vi.spyOn(provider, 'send');
      const queried = vi.spyOn(chain.api.query.constraints, 'evmAcl');
      expect(await chain.constraints(dave.address)).toEqual(constraints);
      expect(sent.mock.calls.map(([method]) => method)).toEqual(['state_queryStorageAt']);
      expect(queried).not.toHaveBeenCalled();
      expect(await getConstraints(api, dave.address)).toEqual(constraints);
      const none = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//NoRules');
      expect(await chain.constraints(none.address)).toEqual({ evmAcl: undefined, btcAcl: undefined });
    } finally {
      await chain.disconnect();
    }
  });

  it('counts its nonce for confirmations, and asks the node again when the pool refuses a counted one', async () => {
    const { api } = net;
    const sigHash: Hex = `0x${'6b'.repeat(32)}`;
    const hash = Uint8Array.from(Buffer.from(sigHash.slice(2), 'hex'));
    const { n, stash, keys, chain } = await requestAndConnect('//Ferdie', sigHash);
    const nonceOnChain = async () => (await account(api, keys.tss.address)).nonce;
    try {
      await vi.waitFor(() => expect(chain.bestBlock).toBeGreaterThanOrEqual(n), { timeout: 10_000 });
      // What the node answers `system_accountNextIndex` with, however the client asks it.
      const asked = vi.spyOn(net.node.chain, 'accountNextIndex');
      const before = await nonceOnChain();
      // Three in a row (the later two fail in their block as already confirmed, but take a nonce each).
      for (let i = 0; i < 3; i++) await chain.confirmDone(n, hash);
      expect(asked.mock.calls.filter(([who]) => who === keys.tss.address)).toHaveLength(1);
      await vi.waitFor(async () => expect(await nonceOnChain()).toBe(before + 3), { timeout: 10_000 });
      expect(json(await query(api, 'relayer', 'signaturesDone')(n))).toEqual([[sigHash, stash]]);

      // Our account submits elsewhere: the counted nonce is stale, the pool refuses it, the node is asked.
      await submit(api.tx.relayer.confirmDone(n, sigHash), keys.tss);
      await chain.confirmDone(n, hash);
      expect(asked.mock.calls.filter(([who]) => who === keys.tss.address)).toHaveLength(2);
      await vi.waitFor(async () => expect(await nonceOnChain()).toBe(before + 5), { timeout: 10_000 });
    } finally {
      await chain.disconnect();
    }
  });
});

describe('decodeAcl', () => {
  it('refuses a malformed stored ACL with a typed error naming the storage', () => {
    const good = Uint8Array.of(4, ...new Uint8Array(20).fill(1), 1, 0);
    expect(decodeAcl('evmAcl', good)).toEqual({
      addresses: [`0x${'01'.repeat(20)}`],
      kind: 'Deny',
      allowNullRecipient: false,
    });
    expect(decodeAcl('evmAcl', null)).toBeUndefined();
    for (const bad of [
      good.subarray(0, 22),
      Uint8Array.of(...good, 0),
      Uint8Array.of(4, ...new Uint8Array(20), 2, 0),
      Uint8Array.of(4, ...new Uint8Array(20), 0, 2),
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff),
      new Uint8Array(),
      good,
    ]) {
      const which = bad === good ? 'btcAcl' : 'evmAcl';
      expect(() => decodeAcl(which, bad)).toThrow(TssError);
      expect(() => decodeAcl(which, bad)).toThrow(`constraints.${which}`);
    }
  });
});
