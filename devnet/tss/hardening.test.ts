import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keccak256, type Hex } from 'viem';
import { connectChain, prepTransaction } from '../../lib/chain';
import type { KeyShare } from '../../lib/protocol';
import { postUserTx, TssClientError, type CommitteePeer } from '../../lib/tss';
import { randomX25519SecretKey, sealEnvelope } from '../../lib/wire';
import { startDevnet, type RunningDevnet } from '../launch';
import { registerAccount, signTransaction } from './e2e-client';
import { evmTx } from './test-support';

/**
 * The servers' side of the protocol hardening (docs/protocol.md, "State across runs"): a session id
 * never runs twice with a share, also after a restart, and one signing run per account at a time.
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

describe('TSS servers keep one live OT state per account', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  let share: KeyShare;

  beforeAll(async () => {
    await cryptoWaitReady();
    // One server per group: every request of the account goes to the same servers.
    devnet = await startDevnet({
      groups: 2,
      groupSize: 1,
      blockTime: 400,
      chainPort: 0,
      tssBasePort: 0,
      sessionTimeoutMs: 15_000,
    });
    api = await connectChain({ endpoint: devnet.chainUrl });
    share = await registerAccount(api, alice);
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('a request whose session ran is refused after the server restarts (attack 1 across a restart)', async () => {
    const tx = evmTx(0);
    const outcome = await signTransaction(api, alice, share, tx);
    const member = outcome.committee[0]!;
    const index = devnet.validators.findIndex((v) => v.url === member.endpoint);
    await devnet.stopValidator(index);
    await devnet.startValidator(index);
    // The user's transaction for the same request again: the server would rebuild the session with
    // the same id and run it with the same OT state; the share's persisted run record refuses it.
    const error = await refusal(userTx(member, alice, tx));
    expect(error.details?.status).toBe(409);
    expect(JSON.stringify(error.details?.reason)).toMatch(/SESSION_REUSED/);
  });

  it('a second signing request of the account waits: refused as busy while the first one runs', async () => {
    const [first, second] = [evmTx(1), evmTx(2)];
    const a = await prepTransaction(api, alice, hexToBytes(keccak256(first).slice(2)));
    const b = await prepTransaction(api, alice, hexToBytes(keccak256(second).slice(2)));
    const [memberA, memberB] = [a, b].map((r) => r.message.committee.find((m) => m.signingGroup === 0)!);
    expect(memberB!.endpoint).toBe(memberA!.endpoint);
    // The first run starts there and waits for the user's stream (which never comes here).
    expect((await userTx(memberA!, alice, first)).accepted).toBe(true);
    const busy = await refusal(userTx(memberB!, alice, second));
    expect(busy.details?.status).toBe(429);
    expect(JSON.stringify(busy.details?.reason)).toMatch(/BUSY/);
  });
});
