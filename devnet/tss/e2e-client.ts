/**
 * A Node user of the devnet built from the wallet's own library code: registers an account with the
 * wallet's registration, and signs an EVM transaction in exactly one attempt — no retry with another
 * committee, unlike lib/wallet/signing — so the TSS tests see each failure as the committee reports it.
 * Used by the TSS tests and the load benchmark.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToBytes } from '@noble/hashes/utils.js';
import { keccak256, type Hex } from 'viem';
import { prepTransaction, type Constraints } from '../../lib/chain';
import { createSigning, type KeyShare, type Signature } from '../../lib/protocol';
import {
  groupPartyId,
  postUserTx,
  runUserParty,
  signingSessionId,
  type CommitteePeer,
  type UserTxResponse,
} from '../../lib/tss';
import { randomX25519SecretKey, sealEnvelope } from '../../lib/wire';
import type { CommitteeMember } from '../../lib/wire/ocw';
import { runRegistration } from '../../lib/wallet/registration/session';

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

/** The wallet's own registration (lib/wallet/registration): `relayer.register`, the DKG, the chain's key checked. */
export function registerAccount(
  api: ApiPromise,
  pair: KeyringPair,
  constraints: Constraints = {},
  timeoutMs = 60_000,
): Promise<KeyShare> {
  return runRegistration({ api, pair, x25519SecretKey: randomX25519SecretKey(), constraints, timeoutMs });
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
