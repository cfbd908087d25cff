import type { KeyringPair } from '@polkadot/keyring/types';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { createOtSetup, type KeyShare } from '../../protocol';
import { otSetupSessionId, postOtSetup, runUserParty, type CommitteePeer } from '../../tss';
import { sealEnvelope, type Sr25519Signer } from '../../wire';

export interface OtSetupOptions {
  pair: KeyringPair;
  /** The same key as a faster signer of the envelope and frames (defaults to `pair`). */
  signer?: Sr25519Signer;
  x25519SecretKey: Uint8Array;
  share: KeyShare;
  /** The validator whose group's OT setup with us is set up again. */
  peer: CommitteePeer;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A fresh base-OT setup between our share and one validator's group, after a failed pairwise check
 * discarded theirs (docs/signing.md): the validator runs it on its server and hands the result to its
 * group; we get the new share, which the caller persists in place of the old one.
 */
export async function runOtSetup(opts: OtSetupOptions): Promise<KeyShare> {
  const { pair, peer } = opts;
  // A fresh random context per run: an OT setup must never repeat a session id.
  const context = randomBytes(32);
  const sessionId = otSetupSessionId(pair.address, context, [pair.address, peer.partyId]);
  const envelope = sealEnvelope({
    plaintext: new TextEncoder().encode(
      JSON.stringify({ account: pair.address, context: `0x${bytesToHex(context)}` }),
    ),
    signer: opts.signer ?? pair,
    senderX25519SecretKey: opts.x25519SecretKey,
    recipientX25519PublicKey: peer.x25519PublicKey,
  });
  await postOtSetup(peer.endpoint, envelope, { fetch: opts.fetch });
  return runUserParty({
    sessionId,
    partyId: pair.address,
    signer: opts.signer ?? pair,
    x25519SecretKey: opts.x25519SecretKey,
    committee: [peer],
    machine: createOtSetup({ sessionId, share: opts.share, counterparty: peer.partyId }),
    timeoutMs: opts.timeoutMs ?? 30_000,
    fetch: opts.fetch,
    awaitOtReady: true,
  });
}
