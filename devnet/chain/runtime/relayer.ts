/**
 * `relayer`: registration through a committee that runs DKG with the user, signature requests with
 * their committees, and failure reports that keep an accused validator out of new committees.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToU8a } from '@polkadot/util';
import { checkConstraints, storeConstraints } from './constraints';
import type { Frozen } from '../metadata';
import type { Ctx } from './context';
import type {
  CommitteeMember,
  Constraints,
  Failure,
  Hex,
  Message,
  PublicShares,
  RegisteringDetails,
  RegistrationInfo,
} from './entropy-types';
import { selectCommittee, stashOfTss } from './staking';

const PALLET = 'Relayer';

function committeeOrFail(ctx: Ctx): CommitteeMember[] {
  const committee = selectCommittee(ctx, ctx.blockNumber);
  if (!committee) return ctx.fail(PALLET, 'NoAvailableValidator');
  return committee;
}

/** The committee member whose TSS account signed, or a `NotInCommittee` failure. */
function memberOf<M extends Frozen<CommitteeMember>>(
  ctx: Ctx,
  committee: readonly M[],
  tssAccount: string,
): M {
  const stash = stashOfTss(ctx, tssAccount);
  const member = committee.find((m) => m.stash === stash && m.tssAccount === tssAccount);
  if (!member) return ctx.fail(PALLET, 'NotInCommittee');
  return member;
}

export function register(
  ctx: Ctx,
  origin: string,
  constraintAccount: string,
  initialConstraints: Constraints,
): void {
  if (ctx.raw(PALLET, 'Registered', origin)) ctx.fail(PALLET, 'AlreadyRegistered');
  if (ctx.raw(PALLET, 'Registering', origin)) ctx.fail(PALLET, 'AlreadyRegistering');
  checkConstraints(ctx, initialConstraints);
  const committee = committeeOrFail(ctx);
  const details: RegisteringDetails = {
    constraintAccount,
    committee,
    initialConstraints,
    confirmations: [],
    blockNumber: ctx.blockNumber,
    publicShares: null,
  };
  ctx.put(PALLET, 'Registering', origin, details);
  ctx.deposit(PALLET, 'SignalRegister', [origin, committee]);
}

/**
 * The public shares must be one per committee group plus the user's, valid points summing to the
 * verifying key: what a restoring wallet reads back has to rebuild exactly this key.
 */
function publicSharesValid(shares: PublicShares, committee: CommitteeMember[], verifyingKey: Hex): boolean {
  const groups = shares.groups.map(([g]) => g);
  const expected = committee.map((m) => m.signingGroup).sort((a, b) => a - b);
  if (groups.length !== expected.length || groups.some((g, i) => g !== expected[i])) return false;
  try {
    const sum = [shares.user, ...shares.groups.map(([, pk]) => pk)]
      .map((pk) => secp256k1.Point.fromBytes(hexToU8a(pk)))
      .reduce((a, b) => a.add(b));
    return sum.equals(secp256k1.Point.fromBytes(hexToU8a(verifyingKey)));
  } catch {
    return false;
  }
}

const sameShares = (a: PublicShares, b: PublicShares) => JSON.stringify(a) === JSON.stringify(b);

export function confirmRegister(
  ctx: Ctx,
  origin: string,
  account: string,
  signingGroup: number,
  verifyingKey: Hex,
  publicShares: PublicShares,
): void {
  const details = ctx.json<RegisteringDetails>(PALLET, 'Registering', account);
  if (!details) return ctx.fail(PALLET, 'NotRegistering');
  const member = memberOf(ctx, details.committee, origin);
  if (member.signingGroup !== signingGroup) ctx.fail(PALLET, 'NotInCommittee');
  if (details.confirmations.some(([g]) => g === signingGroup)) ctx.fail(PALLET, 'AlreadyConfirmed');
  if (!publicSharesValid(publicShares, details.committee, verifyingKey))
    ctx.fail(PALLET, 'InvalidPublicShares');
  if (
    details.confirmations.some(([, key]) => key !== verifyingKey) ||
    (details.publicShares && !sameShares(details.publicShares, publicShares))
  ) {
    // Two groups hold different keys: the DKG went wrong, the user has to register again.
    ctx.remove(PALLET, 'Registering', account);
    ctx.deposit(PALLET, 'RegistrationFailed', [account]);
    return;
  }
  details.confirmations.push([signingGroup, verifyingKey]);
  details.publicShares = publicShares;
  ctx.deposit(PALLET, 'RegistrationConfirmed', [account, signingGroup]);
  if (details.confirmations.length < details.committee.length) {
    ctx.put(PALLET, 'Registering', account, details);
    return;
  }
  ctx.remove(PALLET, 'Registering', account);
  ctx.put(PALLET, 'Registered', account, verifyingKey);
  const info: RegistrationInfo = { blockNumber: details.blockNumber, publicShares };
  ctx.put(PALLET, 'RegistrationInfo', account, info);
  ctx.put('Constraints', 'ConstraintAccount', account, details.constraintAccount);
  storeConstraints(ctx, account, details.initialConstraints);
  ctx.deposit(PALLET, 'AccountRegistered', [account, verifyingKey]);
}

export function prepTransaction(ctx: Ctx, origin: string, sigHash: Hex): void {
  if (!ctx.raw(PALLET, 'Registered', origin)) ctx.fail(PALLET, 'NotRegistered');
  const message: Message = { account: origin, sigRequest: { sigHash }, committee: committeeOrFail(ctx) };
  ctx.append(PALLET, 'Messages', ctx.blockNumber, message);
  ctx.deposit(PALLET, 'SignatureRequested', [message]);
}

/** The request `sigHash` of block `blockNumber` whose committee has `origin`'s TSS account. */
function findRequest(
  ctx: Ctx,
  origin: string,
  blockNumber: number,
  sigHash: Hex,
): { message: Frozen<Message>; member: Frozen<CommitteeMember> } {
  const candidates = ctx
    .viewOrDefault<Message[]>(PALLET, 'Messages', blockNumber)
    .filter((m) => m.sigRequest.sigHash === sigHash);
  if (candidates.length === 0) ctx.fail(PALLET, 'MessageNotFound');
  const stash = stashOfTss(ctx, origin);
  const message = candidates.find((m) =>
    m.committee.some((c) => c.stash === stash && c.tssAccount === origin),
  );
  if (!message) return ctx.fail(PALLET, 'NotInCommittee');
  return { message, member: memberOf(ctx, message.committee, origin) };
}

export function reportFailure(
  ctx: Ctx,
  origin: string,
  blockNumber: number,
  sigHash: Hex,
  accused: string,
  reason: Hex,
  evidence: Hex[],
): void {
  const { message, member } = findRequest(ctx, origin, blockNumber, sigHash);
  const accusedMember = message.committee.find((c) => c.stash === accused || c.tssAccount === accused);
  if (!accusedMember && accused !== message.account) ctx.fail(PALLET, 'AccusedNotInCommittee');
  if (hexToU8a(reason).length > ctx.config.maxReasonLength) ctx.fail(PALLET, 'ReasonTooLong');
  if (evidence.reduce((n, e) => n + hexToU8a(e).length, 0) > ctx.config.maxEvidenceBytes)
    ctx.fail(PALLET, 'EvidenceTooLarge');
  // Keyed by the request's block (as Entropy's `Failures`), so every report on a request is in one list.
  const failures = ctx.jsonOrDefault<Failure[]>(PALLET, 'Failures', blockNumber);
  const accusedAccount = accusedMember ? accusedMember.stash : accused;
  if (
    failures.some((f) => f.sigHash === sigHash && f.reporter === member.stash && f.accused === accusedAccount)
  ) {
    ctx.fail(PALLET, 'AlreadyReported');
  }
  const failure: Failure = { sigHash, reporter: member.stash, accused: accusedAccount, reason, evidence };
  failures.push(failure);
  ctx.put(PALLET, 'Failures', blockNumber, failures);
  ctx.deposit(PALLET, 'SigningFailed', [blockNumber, failure]);
  const period = ctx.jsonOrDefault<number>(PALLET, 'ExclusionPeriod');
  if (accusedMember && period > 0) {
    const until = Math.max(
      ctx.blockNumber + period,
      ctx.json<number>(PALLET, 'ExcludedUntil', accusedMember.stash) ?? 0,
    );
    ctx.put(PALLET, 'ExcludedUntil', accusedMember.stash, until);
    ctx.deposit(PALLET, 'ValidatorExcluded', [accusedMember.stash, until]);
  }
}

export function confirmDone(ctx: Ctx, origin: string, blockNumber: number, sigHash: Hex): void {
  const { member } = findRequest(ctx, origin, blockNumber, sigHash);
  const done = ctx.jsonOrDefault<[Hex, string][]>(PALLET, 'SignaturesDone', blockNumber);
  if (done.some(([h, s]) => h === sigHash && s === member.stash)) ctx.fail(PALLET, 'AlreadyConfirmed');
  done.push([sigHash, member.stash]);
  ctx.put(PALLET, 'SignaturesDone', blockNumber, done);
  ctx.deposit(PALLET, 'SignatureDone', [blockNumber, sigHash, member.stash]);
}
