/**
 * A Node user of the devnet built only from the wallet's own library code (lib/chain, lib/tss,
 * lib/protocol, lib/wire): registers an account and signs EVM transactions end to end. Used by the TSS
 * tests and the load benchmark.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToBytes } from '@noble/hashes/utils.js';
import { keccak256, type Hex } from 'viem';
import { getVerifyingKey, prepTransaction, register, type Constraints } from '../../lib/chain';
import { createDkg, createSigning, type KeyShare, type Signature } from '../../lib/protocol';
import {
  groupPartyId,
  postUserNew,
  postUserTx,
  registrationSessionId,
  runUserParty,
  signingSessionId,
  type CommitteePeer,
  type UserTxResponse,
} from '../../lib/tss';
import { randomX25519SecretKey, sealEnvelope } from '../../lib/wire';
import type { CommitteeMember } from '../../lib/wire/ocw';

function peers(committee: CommitteeMember[]): CommitteePeer[] {
  return committee.map((m) => ({
    partyId: groupPartyId(m.signingGroup),
    endpoint: m.endpoint,
    tssAccount: m.tssAccount,
    x25519PublicKey: m.x25519PublicKey,
  }));
}

function envelopeFor(pair: KeyringPair, x25519SecretKey: Uint8Array, member: CommitteeMember, body: unknown) {
  return sealEnvelope({
    plaintext: new TextEncoder().encode(JSON.stringify(body)),
    signer: pair,
    senderX25519SecretKey: x25519SecretKey,
    recipientX25519PublicKey: member.x25519PublicKey,
  });
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `relayer.register`, the DKG with the registration committee, then waits for `registered`. */
export async function registerAccount(
  api: ApiPromise,
  pair: KeyringPair,
  constraints: Constraints = {},
  timeoutMs = 60_000,
): Promise<KeyShare> {
  const signal = await register(api, pair, pair.address, constraints);
  const x25519SecretKey = randomX25519SecretKey();
  const committee = peers(signal.committee);
  const sessionId = registrationSessionId(pair.publicKey, signal.blockNumber);
  const parties = [pair.address, ...committee.map((p) => p.partyId)];
  const machine = createDkg({ sessionId, self: pair.address, parties });
  const running = runUserParty({
    sessionId,
    partyId: pair.address,
    signer: pair,
    x25519SecretKey,
    committee,
    machine,
    timeoutMs,
  });
  await Promise.all(
    signal.committee.map((m) =>
      postUserNew(m.endpoint, envelopeFor(pair, x25519SecretKey, m, { blockNumber: signal.blockNumber })),
    ),
  );
  const share = await running;
  const onChain = await until('the registration', timeoutMs, () => getVerifyingKey(api, pair.address));
  if (!onChain.every((b, i) => b === share.verifyingKey[i])) throw new Error('chain registered another key');
  return share;
}

export interface SignOutcome {
  signature: Signature;
  verdicts: UserTxResponse[];
  blockNumber: number;
  sigHash: Hex;
  committee: CommitteePeer[];
}

/**
 * `relayer.prepTransaction` with the hash, the full transaction to every member (`/user/tx`), then the
 * signing protocol. Rejects with the refusals when a member refuses the transaction.
 */
export async function signTransaction(
  api: ApiPromise,
  pair: KeyringPair,
  share: KeyShare,
  transaction: Hex,
  opts: { timeoutMs?: number; afterRequest?: (blockNumber: number, committee: CommitteePeer[]) => void } = {},
): Promise<SignOutcome> {
  const sigHash = keccak256(transaction);
  const request = await prepTransaction(api, pair, hexToBytes(sigHash.slice(2)));
  const x25519SecretKey = randomX25519SecretKey();
  const committee = peers(request.message.committee);
  opts.afterRequest?.(request.blockNumber, committee);
  const verdicts = await Promise.all(
    request.message.committee.map((m) =>
      postUserTx(
        m.endpoint,
        envelopeFor(pair, x25519SecretKey, m, { arch: 'evm', transactionRequest: transaction }),
      ),
    ),
  );
  if (verdicts.some((v) => !v.accepted)) {
    throw Object.assign(new Error('refused by the committee'), { verdicts });
  }
  const sessionId = signingSessionId(pair.publicKey, hexToBytes(sigHash.slice(2)), request.blockNumber);
  const machine = createSigning({
    sessionId,
    share,
    parties: share.parties,
    messageHash: hexToBytes(sigHash.slice(2)),
  });
  const signature = await runUserParty({
    sessionId,
    partyId: pair.address,
    signer: pair,
    x25519SecretKey,
    committee,
    machine,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  return { signature, verdicts, blockNumber: request.blockNumber, sigHash, committee };
}
