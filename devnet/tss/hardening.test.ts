import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keccak256, type Hex } from 'viem';
import { connectChain, prepTransaction } from '../../lib/chain';
import type { KeyShare } from '../../lib/protocol';
import { pollSignature, postUserTx, TssClientError, type CommitteePeer } from '../../lib/tss';
import { randomX25519SecretKey, sealEnvelope } from '../../lib/wire';
import { json } from '../chain/testing';
import { startDevnet, type DevnetOptions, type RunningDevnet } from '../launch';
import { accusedBy } from './accuse';
import { registerAccount, signTransaction } from './e2e-client';
import { evmTx } from './test-support';

/**
 * The servers' side of the protocol hardening (docs/protocol.md, "State across runs"): a session id
 * never runs twice with a share, also after a restart, and one signing run per account at a time — the
 * latest one the user asked for.
 */
function userTx(member: Pick<CommitteePeer, 'endpoint' | 'x25519PublicKey'>, pair: KeyringPair, tx: Hex) {
  const envelope = sealEnvelope({
    plaintext: new TextEncoder().encode(JSON.stringify({ arch: 'evm', transactionRequest: tx })),
    signer: pair,
    senderX25519SecretKey: randomX25519SecretKey(),
    recipientX25519PublicKey: member.x25519PublicKey,
  });
  return postUserTx(member.endpoint, envelope);
}

async function refusal(promise: Promise<unknown>): Promise<TssClientError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TssClientError);
    return error as TssClientError;
  }
  throw new Error('expected a refusal');
}

/**
 * A devnet of one server per group for the describe block (every request of the account goes to the same
 * servers) with `account` registered; its fields are set once `beforeAll` ran.
 */
function devnetWith(
  account: KeyringPair,
  options: Pick<DevnetOptions, 'sessionTimeoutMs' | 'pruneAfterBlocks'>,
) {
  const net = {} as { devnet: RunningDevnet; api: ApiPromise; share: KeyShare };
  beforeAll(async () => {
    await cryptoWaitReady();
    net.devnet = await startDevnet({
      groups: 2,
      groupSize: 1,
      blockTime: 400,
      chainPort: 0,
      tssBasePort: 0,
      ...options,
    });
    net.api = await connectChain({ endpoint: net.devnet.chainUrl });
    net.share = await registerAccount(net.api, account);
  });
  afterAll(async () => {
    await net.api?.disconnect();
    await net.devnet?.stop();
  });
  return net;
}

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

describe('TSS servers keep one live OT state per account', () => {
  const alice = keyring.addFromUri('//Alice');
  const net = devnetWith(alice, { sessionTimeoutMs: 15_000 });

  it('a request whose session ran is refused after the server restarts (attack 1 across a restart)', async () => {
    const tx = evmTx(0);
    const outcome = await signTransaction(net.api, alice, net.share, tx);
    const member = outcome.committee[0]!;
    const index = net.devnet.validators.findIndex((v) => v.url === member.endpoint);
    await net.devnet.stopValidator(index);
    await net.devnet.startValidator(index);
    // The user's transaction for the same request again: the server would rebuild the session with
    // the same id and run it with the same OT state; the share's persisted run record refuses it.
    const error = await refusal(userTx(member, alice, tx));
    expect(error.details?.status).toBe(409);
    expect(JSON.stringify(error.details?.reason)).toMatch(/SESSION_REUSED/);
  });

  it('a later request of the account ends its run left on a server, accusing nobody; an earlier one is refused', async () => {
    const [first, second, third] = [evmTx(1), evmTx(2), evmTx(3)];
    const hash = (tx: Hex) => hexToBytes(keccak256(tx).slice(2));
    const requests = [];
    for (const tx of [first, second, third]) requests.push(await prepTransaction(net.api, alice, hash(tx)));
    const [a, b, c] = requests.map((r) => r.message.committee.find((m) => m.signingGroup === 0)!);
    expect(new Set([a, b, c].map((m) => m!.endpoint)).size).toBe(1);
    expect(requests[2]!.blockNumber).toBeGreaterThan(requests[0]!.blockNumber);
    // The first run starts there and waits for the user's stream, which never comes: the user gave it
    // up. The user's one run at a time (the wallet's turns) means a later request is never concurrent.
    expect((await userTx(a!, alice, first)).accepted).toBe(true);
    expect((await userTx(c!, alice, third)).accepted).toBe(true);
    // Its result is stored as it ends; polled for less than its timeout (15 s), which would end it too.
    const ended = await pollSignature(
      a!.endpoint,
      { account: alice.publicKey, sigHash: hash(first), blockNumber: requests[0]!.blockNumber },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(ended).toMatchObject({ status: 'failed', failure: { code: 'SUPERSEDED' } });
    if (ended.status !== 'failed') throw new Error('unreachable');
    expect(accusedBy(ended.failure, 'group-0', alice.address)).toEqual([]);
    // The second request is older than the run now under way: the user gave it up too.
    const refused = await refusal(userTx(b!, alice, second));
    expect(refused.details?.status).toBe(409);
    expect(refused.details?.reason).toMatchObject({ code: 'CONFLICT', details: { superseded: true } });
  });
});

describe('a run outlives the prune horizon when the session timeout is longer', () => {
  const bob = keyring.addFromUri('//Bob');
  // Requests are forgotten after 15 blocks (6 s), a session times out after 12 s without progress.
  const net = devnetWith(bob, { sessionTimeoutMs: 12_000, pruneAfterBlocks: 15 });

  it('ends by its timeout, which reports on chain who it waited for (not dropped unreported)', async () => {
    const tx = evmTx(0);
    const request = await prepTransaction(net.api, bob, hexToBytes(keccak256(tx).slice(2)));
    const member = request.message.committee.find((m) => m.signingGroup === 0)!;
    // Accepted, then the user never streams: the run waits for it past the horizon.
    expect((await userTx(member, bob, tx)).accepted).toBe(true);
    const deadline = Date.now() + 60_000;
    let reports: { reporter: string; accused: string; reason: string }[] = [];
    while (reports.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      reports = json<typeof reports>(await net.api.query.relayer.failures(request.blockNumber));
    }
    expect(reports.map((r) => r.reporter)).toEqual([net.devnet.genesis.signingGroups[0]![0]!.stash]);
    expect(new TextDecoder().decode(hexToBytes(reports[0]!.reason.slice(2)))).toMatch(
      `TIMEOUT: no progress for 12000 ms, waiting for party ${bob.address}`,
    );
  });
});
