import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import type { ValidatorKeys } from '../genesis';
import { decodeOcwMessage, encodeRelayerMessage, type OcwMessage } from '../../lib/wire/ocw';
import type { Acl, CommitteeMember, Failure, Hex, Message } from './runtime/entropy-types';
import { dispatchErrorName, json, query, startTestNet, submit, type TestNet } from './testing';

let net: TestNet;
let ocwServer: Server;
const ocwBodies: { path: string | undefined; body: Uint8Array }[] = [];
const ocwWaiters: ((m: OcwMessage) => void)[] = [];
let eve: KeyringPair;
let ferdie: KeyringPair;
const GROUPS = [0, 1, 2];

/** Random public shares for the user and each group, and the key they sum to. */
function randomKey(): { verifyingKey: Hex; shares: { user: Hex; groups: [number, Hex][] } } {
  const point = () =>
    secp256k1.Point.BASE.multiply(secp256k1.Point.Fn.fromBytes(secp256k1.utils.randomSecretKey()));
  const user = point();
  const groups = GROUPS.map((g) => [g, point()] as const);
  const sum = groups.reduce((acc, [, p]) => acc.add(p), user);
  const hex = (p: typeof user) => `0x${p.toHex(true)}` as Hex;
  return { verifyingKey: hex(sum), shares: { user: hex(user), groups: groups.map(([g, p]) => [g, hex(p)]) } };
}
const { verifyingKey, shares } = randomKey();
const EXCLUSION = 50;

function nextOcw(): Promise<OcwMessage> {
  return new Promise((resolve) => ocwWaiters.push(resolve));
}

beforeAll(async () => {
  ocwServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = new Uint8Array(Buffer.concat(chunks));
      ocwBodies.push({ path: req.url, body });
      res.writeHead(200).end();
      ocwWaiters.shift()?.(decodeOcwMessage(body));
    });
  });
  await new Promise<void>((r) => ocwServer.listen(0, '127.0.0.1', r));
  const port = (ocwServer.address() as AddressInfo).port;
  net = await startTestNet({
    genesisOverride: (g) => {
      for (const group of g.config.signingGroups)
        for (const v of group) v.endpoint = `http://127.0.0.1:${port}`;
      g.config.exclusionPeriod = EXCLUSION;
    },
  });
  const ring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  eve = ring.addFromUri('//Eve');
  ferdie = ring.addFromUri('//Ferdie');
});

afterAll(async () => {
  await net?.stop();
  await new Promise((r) => ocwServer?.close(r));
});

async function blockNumberOf(hash: string): Promise<number> {
  return (await net.api.rpc.chain.getHeader(hash)).number.toNumber();
}

/** The committee the selection rule implies for block `n` (no exclusions). */
function expectedCommittee(n: number, excluded: string[] = []): ValidatorKeys[] {
  return net.genesis.validators.map((group) => {
    for (let k = 0; k < group.length; k++) {
      const v = group[(n + k) % group.length] as ValidatorKeys;
      if (!excluded.includes(v.stash.address)) return v;
    }
    throw new Error('no validator available');
  });
}

function tssPair(stash: string): KeyringPair {
  const v = net.genesis.validators.flat().find((x) => x.stash.address === stash);
  if (!v) throw new Error(`unknown stash ${stash}`);
  return v.tss;
}

const noConstraints = { evmAcl: null, btcAcl: null };

describe('relayer, constraints and the off-chain worker', () => {
  it('registers an account through its registration committee', async () => {
    const { api } = net;
    const evmAcl: Acl = { addresses: [`0x${'11'.repeat(20)}`], kind: 'Allow', allowNullRecipient: false };
    const result = await submit(api.tx.relayer.register(eve.address, { evmAcl, btcAcl: null }), eve);
    expect(dispatchErrorName(api, result)).toBeNull();
    const n = await blockNumberOf(result.status.asFinalized.toHex());
    const signal = result.events.find((e) => api.events.relayer.SignalRegister.is(e.event));
    if (!signal || !api.events.relayer.SignalRegister.is(signal.event)) throw new Error('no SignalRegister');
    const [account, members] = signal.event.data;
    expect(account.toString()).toBe(eve.address);
    const committee = json<CommitteeMember[]>(members);
    const expected = expectedCommittee(n);
    expect(committee.map((m) => m.stash)).toEqual(expected.map((v) => v.stash.address));
    expect(committee.map((m) => m.signingGroup)).toEqual([0, 1, 2]);
    expect(committee.map((m) => m.tssAccount)).toEqual(expected.map((v) => v.tss.address));
    expect(committee.map((m) => m.x25519PublicKey)).toEqual(
      expected.map((v) => u8aToHex(v.x25519.publicKey)),
    );
    expect((await api.query.relayer.registering(eve.address)).isSome).toBe(true);

    // Someone outside the committee cannot confirm.
    const outsider = tssPair(net.genesis.validators[0]?.find((v) => v !== expected[0])?.stash.address ?? '');
    const refused = await submit(
      api.tx.relayer.confirmRegister(eve.address, 0, verifyingKey, shares),
      outsider,
    );
    expect(dispatchErrorName(api, refused)).toBe('relayer.NotInCommittee');

    // Public shares that do not sum to the key, or leave out a group, are refused.
    const other = randomKey().shares;
    for (const bad of [
      { ...shares, user: other.user },
      { ...shares, groups: shares.groups.slice(0, 2) },
      { ...shares, user: `0x02${'00'.repeat(32)}` as Hex },
    ]) {
      const r = await submit(
        api.tx.relayer.confirmRegister(eve.address, 0, verifyingKey, bad),
        expected[0]!.tss,
      );
      expect(dispatchErrorName(api, r)).toBe('relayer.InvalidPublicShares');
    }

    for (const [g, member] of expected.entries()) {
      const r = await submit(
        api.tx.relayer.confirmRegister(eve.address, g, verifyingKey, shares),
        member.tss,
      );
      expect(dispatchErrorName(api, r)).toBeNull();
      const done = r.events.some((e) => api.events.relayer.AccountRegistered.is(e.event));
      expect(done).toBe(g === expected.length - 1);
    }
    expect((await api.query.relayer.registered(eve.address)).unwrap().toHex()).toBe(verifyingKey);
    // The registration's identity (its register block) and every public share stay on chain for a restore.
    expect(json(await api.query.relayer.registrationInfo(eve.address))).toEqual({
      blockNumber: n,
      publicShares: shares,
    });
    expect((await api.query.relayer.registering(eve.address)).isNone).toBe(true);
    expect(json<Acl>(await api.query.constraints.evmAcl(eve.address))).toEqual(evmAcl);
    expect(json(await api.query.constraints.constraintAccount(eve.address))).toBe(eve.address);
  });

  it('fails a registration whose groups confirm different keys', async () => {
    const { api } = net;
    const r0 = await submit(api.tx.relayer.register(ferdie.address, noConstraints), ferdie);
    const committee = expectedCommittee(await blockNumberOf(r0.status.asFinalized.toHex()));
    await submit(
      api.tx.relayer.confirmRegister(ferdie.address, 0, verifyingKey, shares),
      committee[0]?.tss as KeyringPair,
    );
    const different = randomKey();
    const r = await submit(
      api.tx.relayer.confirmRegister(ferdie.address, 1, different.verifyingKey, different.shares),
      committee[1]?.tss as KeyringPair,
    );
    expect(r.events.some((e) => api.events.relayer.RegistrationFailed.is(e.event))).toBe(true);
    expect((await api.query.relayer.registering(ferdie.address)).isNone).toBe(true);
    expect((await api.query.relayer.registered(ferdie.address)).isNone).toBe(true);
    expect((await api.query.relayer.registrationInfo(ferdie.address)).isNone).toBe(true);
  });

  it('lets only the constraint account update constraints', async () => {
    const { api } = net;
    const btcAcl: Acl = { addresses: [`0x${'22'.repeat(32)}`], kind: 'Deny', allowNullRecipient: true };
    const refused = await submit(
      api.tx.constraints.updateConstraints(eve.address, { evmAcl: null, btcAcl }),
      ferdie,
    );
    expect(dispatchErrorName(api, refused)).toBe('constraints.NotAuthorized');
    const ok = await submit(api.tx.constraints.updateConstraints(eve.address, { evmAcl: null, btcAcl }), eve);
    expect(dispatchErrorName(api, ok)).toBeNull();
    expect((await api.query.constraints.evmAcl(eve.address)).isNone).toBe(true);
    expect(json<Acl>(await api.query.constraints.btcAcl(eve.address))).toEqual(btcAcl);
  });

  it('requests a signature from the committee the rule selects, and the OCW posts it next block', async () => {
    const { api } = net;
    const sigHash: Hex = `0x${'c3'.repeat(32)}`;
    const posted = nextOcw();
    const result = await submit(api.tx.relayer.prepTransaction({ sigHash }), eve);
    expect(dispatchErrorName(api, result)).toBeNull();
    const n = await blockNumberOf(result.status.asFinalized.toHex());
    const event = result.events.find((e) => api.events.relayer.SignatureRequested.is(e.event));
    if (!event || !api.events.relayer.SignatureRequested.is(event.event))
      throw new Error('no SignatureRequested');
    const [messageCodec] = event.event.data;
    const message = json<Message>(messageCodec);
    expect(message.account).toBe(eve.address);
    expect(message.sigRequest.sigHash).toBe(sigHash);
    const expected = expectedCommittee(n);
    expect(message.committee.map((m) => m.stash)).toEqual(expected.map((v) => v.stash.address));
    expect(message.committee.map((m) => m.endpoint)).toEqual(
      expected.map((_, g) =>
        u8aToHex(new TextEncoder().encode(net.genesis.config.signingGroups[g]?.[0]?.endpoint)),
      ),
    );

    const stored = await api.query.relayer.messages(n);
    expect(stored.map((m) => m.toHex())).toEqual([messageCodec?.toHex()]);

    const ocw = await posted;
    expect(ocw.blockNumber).toBe(n);
    expect(ocw.messages).toHaveLength(1);
    expect(u8aToHex(encodeRelayerMessage(ocw.messages[0] as OcwMessage['messages'][number]))).toBe(
      messageCodec?.toHex(),
    );
    expect(u8aToHex(ocw.messages[0]?.account)).toBe(u8aToHex(decodeAddress(eve.address)));
    expect(ocwBodies.at(-1)?.path).toBe('/signer/new_party');
    // The chain moved on to block n + 1 by itself, which is when the worker posts.
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBeGreaterThanOrEqual(n + 1);
  });

  it('records a failure report, excludes the accused, and picks a new committee', async () => {
    const { api } = net;
    const sigHash: Hex = `0x${'d4'.repeat(32)}`;
    const req = await submit(api.tx.relayer.prepTransaction({ sigHash }), eve);
    const n = await blockNumberOf(req.status.asFinalized.toHex());
    const committee = expectedCommittee(n);
    const [reporter, accused] = [committee[0] as ValidatorKeys, committee[1] as ValidatorKeys];

    const notMember = await submit(
      api.tx.relayer.reportFailure(n, sigHash, accused.stash.address, 'x', []),
      tssPair(net.genesis.validators[2]?.find((v) => v !== committee[2])?.stash.address ?? ''),
    );
    expect(dispatchErrorName(api, notMember)).toBe('relayer.NotInCommittee');

    const report = await submit(
      api.tx.relayer.reportFailure(n, sigHash, accused.stash.address, 'invalid share', ['0xdeadbeef']),
      reporter.tss,
    );
    expect(dispatchErrorName(api, report)).toBeNull();
    const reportBlock = await blockNumberOf(report.status.asFinalized.toHex());
    const failed = report.events.find((e) => api.events.relayer.SigningFailed.is(e.event));
    if (!failed || !api.events.relayer.SigningFailed.is(failed.event)) throw new Error('no SigningFailed');
    const [requestBlock, failureCodec] = failed.event.data;
    expect(requestBlock.toNumber()).toBe(n);
    expect(json<Failure>(failureCodec)).toEqual({
      sigHash,
      accused: accused.stash.address,
      reporter: reporter.stash.address,
      reason: u8aToHex(new TextEncoder().encode('invalid share')),
      evidence: ['0xdeadbeef'],
    });
    expect((await api.query.relayer.failures(n)).length).toBe(1);
    const until = (await api.query.relayer.excludedUntil(accused.stash.address)).unwrap().toNumber();
    expect(until).toBe(reportBlock + EXCLUSION);

    const again = await submit(
      api.tx.relayer.reportFailure(n, sigHash, accused.stash.address, 'invalid share', []),
      reporter.tss,
    );
    expect(dispatchErrorName(api, again)).toBe('relayer.AlreadyReported');
    // Another member may report the same party.
    const second = await submit(
      api.tx.relayer.reportFailure(n, sigHash, accused.stash.address, 'no message', []),
      (committee[2] as ValidatorKeys).tss,
    );
    expect(dispatchErrorName(api, second)).toBeNull();
    expect(json<Failure[]>(await api.query.relayer.failures(n)).map((f) => f.reporter)).toEqual([
      reporter.stash.address,
      committee[2]?.stash.address,
    ]);

    // A retry: whatever the block number, the accused is not in the new committee.
    const retry = await submit(api.tx.relayer.prepTransaction({ sigHash }), eve);
    const m = await blockNumberOf(retry.status.asFinalized.toHex());
    const [message] = json<Message[]>(await api.query.relayer.messages(m)).filter(
      (x) => x.sigRequest.sigHash === sigHash,
    );
    const stashes = message?.committee.map((c) => c.stash);
    expect(stashes).not.toContain(accused.stash.address);
    expect(stashes).toEqual(expectedCommittee(m, [accused.stash.address]).map((v) => v.stash.address));

    const done = await submit(api.tx.relayer.confirmDone(m, sigHash), tssPair(stashes?.[0] ?? ''));
    expect(done.events.some((e) => api.events.relayer.SignatureDone.is(e.event))).toBe(true);
    expect(json(await query(api, 'relayer', 'signaturesDone')(m))).toEqual([[sigHash, stashes?.[0]]]);
  });

  it('fails a request when every validator of a group is excluded', async () => {
    const { api } = net;
    const sigHash: Hex = `0x${'e5'.repeat(32)}`;
    const req = await submit(api.tx.relayer.prepTransaction({ sigHash }), eve);
    const n = await blockNumberOf(req.status.asFinalized.toHex());
    const [message] = json<Message[]>(await api.query.relayer.messages(n));
    const [reporterStash, accusedStash] = [
      message?.committee[0]?.stash ?? '',
      message?.committee[1]?.stash ?? '',
    ];
    // Group 1's other member was excluded by the previous test; now this one is too.
    const report = await submit(
      api.tx.relayer.reportFailure(n, sigHash, accusedStash, 'timeout', []),
      tssPair(reporterStash),
    );
    expect(dispatchErrorName(api, report)).toBeNull();
    const refused = await submit(api.tx.relayer.prepTransaction({ sigHash }), eve);
    expect(dispatchErrorName(api, refused)).toBe('relayer.NoAvailableValidator');
  });
});
