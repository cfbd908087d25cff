import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { bytesToHex } from '@noble/hashes/utils.js';
import { groupServers, prepTransaction, waitForSigningFailure } from '../../chain';
import { WalletError } from '../../errors';
import { createSigning, encodeRunRecord, type KeyShare } from '../../protocol';
import {
  groupPartyId,
  pollSignature,
  postUserTxWhenFree,
  runUserParty,
  signingSessionId,
  type CommitteePeer,
  type UserTxRequest,
  type UserTxResponse,
} from '../../tss';
import { sealEnvelope, type Sr25519Signer } from '../../wire';
import type { CommitteeMember } from '../../wire/ocw';
import {
  blameOf,
  isOthersPairRenewal,
  isReported,
  messageOf,
  pairToSetUpAgain,
  staleParty,
  type Blame,
} from './blame';
import { ConstraintViolation, OtSetupFailed, ShareRestoredElsewhere, SigningFailed } from './errors';
import { runOtSetup } from './ot-setup';
import { verifyThresholdSignature } from './verify';
import type { SessionTracker } from './view';

export interface SigningSessionOptions {
  api: ApiPromise;
  /** The requesting account's sr25519 pair: signs `prepTransaction` (and frames, without `signer`). */
  pair: KeyringPair;
  /** The same key as a faster signer of envelopes and protocol frames (`Accounts.signer`). */
  signer?: Sr25519Signer;
  /** Our X25519 secret: envelopes carry its public key, and validators encrypt point-to-point frames to it. */
  x25519SecretKey: Uint8Array;
  share: KeyShare;
  /**
   * Persists the share in place of the stored one: when a failed pairwise check discarded a pair's OT
   * setup (never reuse it), and when a new setup replaced it.
   */
  saveShare(share: KeyShare): Promise<void>;
  /**
   * Persists a run's start (`encodeRunRecord`: its session id, for each pair it runs on) beside the
   * stored share, whose reader applies it: settled before the run sends anything.
   */
  recordRun(record: Uint8Array): Promise<void>;
  sigHash: Uint8Array;
  /** What `/user/tx` carries so validators can check the hash and the constraints. */
  delivery: UserTxRequest;
  tracker: SessionTracker;
  /** Committees tried before giving up (a blamed member is excluded by the chain between attempts). */
  maxAttempts?: number;
  protocolTimeoutMs?: number;
  chainTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** Thrown inside an attempt when another committee may succeed. */
class AttemptFailed extends Error {
  constructor(
    readonly blamed: Blame[],
    override readonly cause: unknown,
  ) {
    super('attempt failed');
  }
}

function peerOf(member: CommitteeMember): CommitteePeer {
  return {
    partyId: groupPartyId(member.signingGroup),
    endpoint: member.endpoint,
    tssAccount: member.tssAccount,
    x25519PublicKey: member.x25519PublicKey,
  };
}

/**
 * The user's side of one Entropy signature (docs/signing.md): ask the chain with the hash only, hand the full
 * transaction to every committee member and collect their constraint verdicts, run the threshold protocol
 * with them, verify the result against the account's verifying key. A failed run is retried with the
 * chain's next committee (the blamed member excluded), up to `maxAttempts`; a constraint refusal is final.
 */
export async function runSigningSession(opts: SigningSessionOptions): Promise<Uint8Array> {
  const maxAttempts = opts.maxAttempts ?? 3;
  const history: Blame[][] = [];
  let share = opts.share;
  let staleRetries = 0;
  for (let attempt = 1; ; attempt++) {
    opts.tracker.startAttempt(attempt);
    try {
      share = await setUpDiscardedPairs({ ...opts, share });
      return await attemptOnce({ ...opts, share });
    } catch (error) {
      if (!(error instanceof AttemptFailed)) {
        opts.tracker.failed(describe(error));
        throw error;
      }
      history.push(error.blamed);
      const blamesUs = error.blamed.some((b) => b.party === opts.pair.address);
      // Two validators meeting with a pair under renewal (an old copy, or one discarded after a failed
      // check), which the servers complete; up to two such attempts do not count.
      if (isOthersPairRenewal(error.cause, opts.pair.address) && staleRetries < 2) staleRetries++;
      else if (attempt - staleRetries >= maxAttempts || blamesUs) {
        const failure = new SigningFailed(
          blamesUs
            ? 'The committee reports that this wallet’s own protocol messages were invalid'
            : `No signature after ${attempt} committee${attempt > 1 ? 's' : ''}: ${messageOf(error.cause)}`,
          {
            details: { attempts: attempt, blamed: history, reason: messageOf(error.cause) },
            cause: error.cause,
          },
        );
        opts.tracker.failed(describe(failure));
        throw failure;
      }
      opts.tracker.retrying(error.blamed);
    }
  }
}

function describe(error: unknown): { message: string; code: string; details?: Record<string, unknown> } {
  if (error instanceof WalletError)
    return { message: error.message, code: error.code, details: error.details };
  return { message: messageOf(error), code: 'INTERNAL' };
}

async function attemptOnce(opts: SigningSessionOptions): Promise<Uint8Array> {
  const { api, pair, tracker } = opts;
  const request = await prepTransaction(api, pair, opts.sigHash);
  const committee = request.message.committee;
  tracker.beginStep('committee');
  tracker.committee(
    request.blockNumber,
    committee.map((m) => ({
      group: m.signingGroup,
      stash: encodeAddress(m.stash, 42),
      tssAccount: encodeAddress(m.tssAccount, 42),
      endpoint: m.endpoint,
    })),
  );

  tracker.beginStep('deliver');
  tracker.status('delivering');
  // The streams to every member open while the transaction is delivered; the protocol starts only
  // once every member accepted it.
  const accepted = deliverTransaction(opts, committee).then(refuseOnViolation);
  let deliveredAll = false;
  // Registered before the party's own gate handler on `accepted`, so "everyone connected" begins
  // before our first round can leave, however early the validators report theirs.
  void accepted.then(
    () => {
      deliveredAll = true;
      tracker.beginStep('subscribe');
      tracker.status('running');
    },
    () => undefined,
  );
  const sessionId = signingSessionId(pair.publicKey, opts.sigHash, request.blockNumber);
  const machine = createSigning({
    sessionId,
    share: opts.share,
    parties: opts.share.parties,
    messageHash: opts.sigHash,
  });
  // The run's start, persisted before anything is sent, so this id never runs again with the same OT
  // setup, even after the worker restarts: its record (not the ~74 KB share), written while the
  // transaction is delivered and the first round computed.
  const recorded = opts.recordRun(
    encodeRunRecord(
      opts.share,
      opts.share.parties.filter((p) => p !== opts.share.partyId),
      sessionId,
    ),
  );
  recorded.catch(() => undefined);
  const groupOf = new Map(committee.map((m) => [groupPartyId(m.signingGroup), m.signingGroup]));
  let signature: Uint8Array;
  const party = runUserParty({
    sessionId,
    partyId: pair.address,
    signer: opts.signer ?? pair,
    x25519SecretKey: opts.x25519SecretKey,
    committee: committee.map(peerOf),
    machine,
    mayStart: accepted,
    persistStart: () => recorded,
    timeoutMs: opts.protocolTimeoutMs ?? 30_000,
    fetch: opts.fetch,
    onStart: () => tracker.beginStep('protocol'),
    onStatus: (status) => {
      const group = groupOf.get(status.partyId);
      if (group === undefined) return;
      // A stream opening before every verdict is in would hide that member's verdict in the view.
      if (status.state === 'pending' && !deliveredAll) return;
      tracker.member(group, {
        state: status.state === 'pending' ? 'subscribed' : status.state === 'failed' ? 'failed' : 'running',
        round: status.round,
        totalRounds: status.totalRounds,
      });
    },
  });
  // A refusal or an unreachable member ends the attempt here; the party's run ends with the same error.
  party.catch(() => undefined);
  await accepted;
  try {
    signature = (await party).bytes;
  } catch (error) {
    // A start that could not be persisted sent nothing, and another committee would not change that:
    // its error is the answer.
    await recorded;
    if (staleParty(error) === pair.address) {
      throw new ShareRestoredElsewhere(undefined, { details: { reason: messageOf(error) }, cause: error });
    }
    await discardFailedPair(opts, error);
    const polled = await signatureFromCommittee(opts, committee, request.blockNumber);
    if (!polled) return failAttempt(opts, request.blockNumber, error, groupOf);
    signature = polled;
  }

  tracker.beginStep('verify');
  if (!verifyThresholdSignature(signature, opts.sigHash, opts.share.verifyingKey)) {
    return failAttempt(
      opts,
      request.blockNumber,
      new SigningFailed('The committee produced a signature that does not verify against the account’s key'),
      groupOf,
    );
  }
  tracker.done(`0x${bytesToHex(signature)}`);
  return signature;
}

/** POST `/user/tx` to every member at once; a member we cannot reach fails the attempt. */
async function deliverTransaction(opts: SigningSessionOptions, committee: CommitteeMember[]) {
  const plaintext = new TextEncoder().encode(JSON.stringify(opts.delivery));
  const answers = await Promise.allSettled(
    committee.map(async (member) => {
      const envelope = sealEnvelope({
        plaintext,
        signer: opts.signer ?? opts.pair,
        senderX25519SecretKey: opts.x25519SecretKey,
        recipientX25519PublicKey: member.x25519PublicKey,
      });
      const verdict = await postUserTxWhenFree(member.endpoint, envelope, {
        fetch: opts.fetch,
        waitMs: (opts.protocolTimeoutMs ?? 30_000) * 2,
      });
      opts.tracker.verdict(
        member.signingGroup,
        verdict.accepted,
        verdict.constraints.map((c) => ({ constraint: c.constraint, passed: c.ok, reason: c.reason })),
      );
      return { member, verdict };
    }),
  );
  const unreachable: Blame[] = [];
  answers.forEach((answer, index) => {
    if (answer.status === 'fulfilled') return;
    const member = committee[index]!;
    opts.tracker.member(member.signingGroup, { state: 'failed', error: messageOf(answer.reason) });
    unreachable.push({ party: groupPartyId(member.signingGroup), reason: messageOf(answer.reason) });
  });
  if (unreachable.length > 0)
    throw new AttemptFailed(unreachable, answers.find((a) => a.status === 'rejected')!.reason);
  return answers.map(
    (a) => (a as PromiseFulfilledResult<{ member: CommitteeMember; verdict: UserTxResponse }>).value,
  );
}

/** The verdicts, or a `ConstraintViolation` naming each member's when any member refused. */
function refuseOnViolation(verdicts: { member: CommitteeMember; verdict: UserTxResponse }[]) {
  const refused = verdicts.filter(({ verdict }) => !verdict.accepted);
  if (refused.length === 0) return verdicts;
  throw new ConstraintViolation(
    refused.length === verdicts.length
      ? 'Every validator refused this transaction under the account’s constraints'
      : `${refused.length} of ${verdicts.length} validators refused this transaction under the account’s constraints`,
    {
      details: {
        verdicts: verdicts.map(({ member, verdict }) => ({
          group: member.signingGroup,
          endpoint: member.endpoint,
          accepted: verdict.accepted,
          constraints: verdict.constraints,
        })),
      },
    },
  );
}

/** The stream may have ended after the last round: the validators then hold the signature already. */
async function signatureFromCommittee(
  opts: SigningSessionOptions,
  committee: CommitteeMember[],
  blockNumber: number,
): Promise<Uint8Array | undefined> {
  try {
    const result = await Promise.any(
      committee.map((m) =>
        pollSignature(
          m.endpoint,
          { account: opts.pair.publicKey, sigHash: opts.sigHash, blockNumber },
          { timeoutMs: 1_500, fetch: opts.fetch },
        ),
      ),
    );
    if (
      result.status === 'done' &&
      verifyThresholdSignature(result.signature, opts.sigHash, opts.share.verifyingKey)
    ) {
      return result.signature;
    }
  } catch {
    // Nobody has it: the run really failed.
  }
  return undefined;
}

async function failAttempt(
  opts: SigningSessionOptions,
  blockNumber: number,
  error: unknown,
  groupOf: Map<string, number>,
): Promise<never> {
  const blamed = blameOf(error, opts.pair.address);
  for (const { party, reason } of blamed) {
    const group = groupOf.get(party);
    if (group !== undefined) opts.tracker.member(group, { state: 'blamed', error: reason });
  }
  // The committee reports misbehaviour on chain; wait for it so the next committee excludes the culprit.
  // The state of a pair is not reported: an old or discarded copy is set up again instead.
  if (blamed.length > 0 && isReported(error)) {
    await waitForSigningFailure(opts.api, opts.sigHash, {
      fromBlock: blockNumber,
      timeoutMs: opts.chainTimeoutMs ?? 30_000,
    }).catch(() => undefined);
  }
  throw new AttemptFailed(blamed, error);
}

/**
 * A failed check between us and a group burns that pair's OT correlation on both sides, whoever caught
 * it ("Don't overextend your Oblivious Transfer"): mark it discarded in our share and persist that before
 * anything else, so no later run reuses it. The next attempt sets the pair up again — also when a
 * member of the group holds an old copy: the new setup (a newer generation) reaches the whole group.
 */
async function discardFailedPair(opts: SigningSessionOptions, error: unknown): Promise<void> {
  const other = pairToSetUpAgain(error, opts.pair.address);
  const pairSetup = other === undefined ? undefined : opts.share.ot.get(other);
  if (!pairSetup) return;
  pairSetup.discarded = true;
  await opts.saveShare(opts.share);
}

/**
 * Sets up again every pair of our share that a failed check discarded, with a server of that group
 * (any member will do: it hands the new setup to the rest of its group). Returns the share to sign with.
 */
async function setUpDiscardedPairs(opts: SigningSessionOptions): Promise<KeyShare> {
  let share = opts.share;
  for (const [party, setup] of opts.share.ot) {
    if (!setup.discarded) continue;
    const group = Number(/^group-(\d+)$/.exec(party)?.[1]);
    if (!Number.isInteger(group)) continue;
    const failures: string[] = [];
    let renewed: KeyShare | undefined;
    for (const server of await groupServers(opts.api, group)) {
      try {
        renewed = await runOtSetup({
          pair: opts.pair,
          signer: opts.signer,
          x25519SecretKey: opts.x25519SecretKey,
          share,
          peer: {
            partyId: party,
            endpoint: server.endpoint,
            tssAccount: server.tssAccount,
            x25519PublicKey: server.x25519PublicKey,
          },
          timeoutMs: opts.protocolTimeoutMs,
          fetch: opts.fetch,
        });
        break;
      } catch (error) {
        failures.push(`${server.endpoint}: ${messageOf(error)}`);
      }
    }
    if (!renewed) {
      throw new OtSetupFailed(
        `This account cannot sign with signing group ${group} until its link with that group is set up again, and no server of the group completed it`,
        { details: { group, failures } },
      );
    }
    share = renewed;
    await opts.saveShare(share);
  }
  return share;
}
