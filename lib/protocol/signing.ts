import { bytesToNumberBE } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { COMMITMENT_BYTES, SALT_BYTES, commit, opensCommitment } from './commitment';
import { pairConsistent } from './consistency';
import type { PairConsistency } from './consistency';
import type { Reader } from './codec';
import { invert, mod, keyPointFromBytes, q, randomScalar, scalarToBytes } from './curve';
import * as ec from './ecWasm';
import { Kind } from './envelope';
import { ProtocolError, asProtocolError, badInput } from './errors';
import { checkKeyShare } from './keyShare';
import type { KeyShare, PairwiseOt } from './keyShare';
import { RoundMachine } from './machine';
import type { Received } from './machine';
import { checkRunOptions } from './options';
import { assertLive, checkPairsFree, claimPairs, releasePairs } from './pairState';
import { GF_BYTES } from './gf256';
import { U_BYTES } from './otExtension';
import {
  L,
  NONCE_BYTES,
  SALT_BYTES as RVOLE_SALT_BYTES,
  TAU_BYTES,
  aliceRespond,
  bobFinish,
  bobStart,
} from './rvole';
import { rvoleArithmetic } from './rvoleWasm';
import type { AliceMessage, BobMessage, BobState } from './rvole';
import type { OutgoingMessage, PartyId, ProtocolMachine, ProtocolStep, Signature } from './types';

/**
 * DKLs23 Protocol 3.6 (signing), n-of-n, three rounds. Party P_i holds sk_i (Σ sk_i = sk) and pk_j.
 *   1. Sample the instance key r_i and inversion mask φ_i; R_i = r_i·G. Send each P_j a commitment to
 *      R_i and, as Bob of the pair's RVOLE, the OT-extension message (random input χ_{i,j}), with the
 *      generation of the pair's OT setup (both must hold the same one).
 *   2. As Alice of P_j's RVOLE, input (r_i, sk_i) → shares (c_u, c_v). Send P_j the opening of R_i,
 *      Γ^u = c_u·G, Γ^v = c_v·G, ψ_{i,j} = φ_i − χ_{i,j} and the RVOLE answer.
 *   3. Open the commitments, finish our RVOLEs (d_u, d_v), check χ_{i,j}·R_j − Γ^u = d_u·G and
 *      χ_{i,j}·pk_j − Γ^v = d_v·G; R = Σ R_j, r = x(R);
 *      u_i = r_i·φ_i + Σ_j (d_u + c_u + ψ_{j,i}·r_i),  v_i = sk_i·φ_i + Σ_j (d_v + c_v + ψ_{j,i}·sk_i),
 *      w_i = H(m)·φ_i + r·v_i; broadcast (w_i, u_i).
 *   Output: s = Σ w / Σ u, low-s normalised, verified by every party before it is returned.
 */
type SignBody =
  | { round: 1; generation: number; commitment: Uint8Array; bob: BobMessage }
  | {
      round: 2;
      /** Points as libsecp256k1's 65-byte encodings (`ecWasm.ts`). */
      R: Uint8Array;
      salt: Uint8Array;
      gammaU: Uint8Array;
      gammaV: Uint8Array;
      psi: bigint;
      alice: AliceMessage;
    }
  | { round: 3; w: bigint; u: bigint };

const COMMIT_PURPOSE = 'sign/instance-point';

/** The affine x coordinate of a 65-byte uncompressed point. */
const affineX = (P: Uint8Array) => bytesToNumberBE(P.subarray(1, 33));

/** A failed pairwise check: the pair's correlation may have leaked, so it is discarded at once. */
function pairFailure(
  share: KeyShare,
  ot: PairwiseOt,
  peer: PartyId,
  reason: string,
  round: number,
): ProtocolError {
  ot.discarded = true;
  const pair: [PartyId, PartyId] = [share.partyId, peer];
  return new ProtocolError(
    `Pairwise check between ${pair[0]} and ${pair[1]} failed (${reason}); their OT setup is discarded and ` +
      `must be set up again (createOtSetup) before this pair signs again. Persist the updated key share.`,
    { code: 'PAIRWISE_CHECK', details: { pair, reason, round, otDiscarded: true } },
  );
}

/**
 * The points of signing are handled by libsecp256k1 (`ecWasm.ts`) as 65-byte uncompressed encodings
 * (replaces noble's BigInt points: its constant-time multiplications, point decoding and ECDSA
 * verification were about half of signing's CPU); scalars stay bigints.
 */
class SigningMachine extends RoundMachine<Signature, SignBody> {
  private readonly sk: bigint;
  private readonly publicShares = new Map<PartyId, Uint8Array>();
  private readonly e: bigint;
  /** Instance key r_i, inversion mask φ_i, instance point R_i (r_i·G by constant-time ecmult_gen). */
  private readonly r = randomScalar();
  private readonly phi = randomScalar();
  private readonly R = ec.mulBase(scalarToBytes(this.r));
  private readonly RBytes = ec.compress(this.R);
  private readonly salt: Uint8Array;
  private readonly commitment: Uint8Array;
  private readonly bob = new Map<PartyId, BobState>();
  private readonly alice = new Map<PartyId, bigint[]>();
  private readonly round1 = new Map<PartyId, Received<SignBody>>();
  /** The live OT setup of each pair, held by this run from start() until it ends (pairState.ts). */
  private pairs = new Map<PartyId, PairwiseOt>();
  private uShare = 0n;
  private wShare = 0n;
  private rx = 0n;
  private bigR: Uint8Array = new Uint8Array(ec.UNCOMPRESSED);

  constructor(
    sessionId: Uint8Array,
    private readonly share: KeyShare,
    parties: PartyId[],
    private readonly messageHash: Uint8Array,
  ) {
    super(Kind.Sign, sessionId, share.partyId, parties, 3);
    this.sk = share.secretShare;
    share.parties.forEach((p, i) => this.publicShares.set(p, keyPointFromBytes(share.publicShares[i]!)!));
    this.e = mod(bytesToNumberBE(messageHash));
    const c = commit(COMMIT_PURPOSE, sessionId, this.self, this.RBytes);
    this.salt = c.salt;
    this.commitment = c.commitment;
  }

  protected isBroadcast(round: number): boolean {
    return round === 3;
  }

  protected override onEnd(): void {
    releasePairs(this.pairs, this);
  }

  private pair(p: PartyId): PairwiseOt {
    return this.pairs.get(p)!;
  }

  protected begin(): OutgoingMessage[] {
    // Records the session id in every pair's run record: the caller persists the share before sending.
    this.pairs = claimPairs(this.share, this.others, this.sessionId, this);
    assertLive(this.share, this.pairs, this);
    return this.others.map((p) => {
      const pair = this.pair(p);
      const ot = pair.asReceiver;
      const { state, message } = bobStart(
        ot.seeds0,
        ot.seeds1,
        this.sessionId,
        this.self,
        p,
        pair.generation,
      );
      this.bob.set(p, state);
      return this.send(1, p, (w) => {
        w.u32(pair.generation)
          .bytes(this.commitment)
          .bytes(message.nonce)
          .bytes(message.u)
          .bytes(message.xCheck)
          .bytes(message.tCheck);
      });
    });
  }

  protected decode(round: number, r: Reader): SignBody {
    if (round === 1) {
      const generation = r.u32();
      const commitment = r.bytes(COMMITMENT_BYTES);
      const bob = {
        nonce: r.bytes(NONCE_BYTES),
        u: r.bytes(U_BYTES),
        xCheck: r.bytes(GF_BYTES),
        tCheck: r.bytes(GF_BYTES),
      };
      return { round, generation, commitment, bob };
    }
    if (round === 2) {
      const R = r.secpPoint();
      const salt = r.bytes(SALT_BYTES);
      const gammaU = r.secpPoint();
      const gammaV = r.secpPoint();
      const psi = r.scalar();
      const tau = r.bytes(TAU_BYTES);
      if (rvoleArithmetic().tauOutOfRange(tau) >= 0) throw r.fail('τ entry out of range');
      const aliceSalt = r.bytes(RVOLE_SALT_BYTES);
      const rHash = r.bytes(32);
      const u: bigint[] = [];
      const gamma: bigint[] = [];
      for (let i = 0; i < L; i++) u.push(r.scalar());
      for (let i = 0; i < L; i++) gamma.push(r.scalar());
      return {
        round,
        R,
        salt,
        gammaU,
        gammaV,
        psi,
        alice: { tau, salt: aliceSalt, rHash, u, gamma },
      };
    }
    return { round: 3, w: r.scalar(), u: r.scalar() };
  }

  protected complete(round: number, messages: Map<PartyId, Received<SignBody>>): ProtocolStep<Signature> {
    if (round === 1) return { messages: this.afterRound1(messages) };
    if (round === 2) return { messages: this.afterRound2(messages) };
    return { messages: [], result: this.afterRound3(messages) };
  }

  /** Both sides of every pair must hold the same setup: an older one is a stale copy (OT_STALE). */
  private checkGenerations(messages: Map<PartyId, Received<SignBody>>): void {
    for (const p of this.others) {
      const theirs = (messages.get(p)!.body as Extract<SignBody, { round: 1 }>).generation;
      const ours = this.pair(p).generation;
      if (theirs === ours) continue;
      const stale = theirs < ours ? p : this.self;
      throw new ProtocolError(
        `${this.self} and ${p} hold different setups of their pair (generation ${ours} here, ${theirs} there): ` +
          `${stale} holds an old copy and must set the pair up again`,
        {
          code: 'OT_STALE',
          details: {
            pair: [this.self, p],
            reason: 'OT setup generations differ',
            ours,
            theirs,
            stale,
            round: 1,
          },
        },
      );
    }
  }

  private afterRound1(messages: Map<PartyId, Received<SignBody>>): OutgoingMessage[] {
    this.checkGenerations(messages);
    assertLive(this.share, this.pairs, this);
    const out: OutgoingMessage[] = [];
    for (const p of this.others) {
      const m = messages.get(p)!;
      const b = m.body as Extract<SignBody, { round: 1 }>;
      this.round1.set(p, m);
      const pair = this.pair(p);
      const ot = pair.asSender;
      // We are Alice in P_j's RVOLE with input (r_i, sk_i).
      const res = aliceRespond(
        ot.delta,
        ot.seeds,
        this.sessionId,
        p,
        this.self,
        pair.generation,
        [this.r, this.sk],
        b.bob,
      );
      if (!res) throw pairFailure(this.share, pair, p, `${p}'s OT-extension consistency check failed`, 1);
      this.alice.set(p, res.c);
      const [cu, cv] = res.c as [bigint, bigint];
      const psi = mod(this.phi - this.bob.get(p)!.b);
      // Γ^u = c_u·G and Γ^v = c_v·G by constant-time ecmult_gen, compressed as sent.
      const gammaU = ec.mulBase(scalarToBytes(cu), ec.COMPRESSED);
      const gammaV = ec.mulBase(scalarToBytes(cv), ec.COMPRESSED);
      out.push(
        this.send(2, p, (w) => {
          w.bytes(this.RBytes).bytes(this.salt).bytes(gammaU).bytes(gammaV).scalar(psi);
          w.bytes(res.message.tau).bytes(res.message.salt).bytes(res.message.rHash);
          for (const x of res.message.u) w.scalar(x);
          for (const x of res.message.gamma) w.scalar(x);
        }),
      );
    }
    return out;
  }

  private afterRound2(messages: Map<PartyId, Received<SignBody>>): OutgoingMessage[] {
    let u = mod(this.r * this.phi);
    let v = mod(this.sk * this.phi);
    const instancePoints = [this.R];
    const checks: PairConsistency[] = [];
    for (const p of this.others) {
      const m = messages.get(p)!;
      const b = m.body as Extract<SignBody, { round: 2 }>;
      const first = this.round1.get(p)!;
      const commitment = (first.body as Extract<SignBody, { round: 1 }>).commitment;
      if (!opensCommitment(COMMIT_PURPOSE, this.sessionId, p, commitment, b.salt, ec.compress(b.R))) {
        throw new ProtocolError(`${p}'s instance point does not open its round-1 commitment`, {
          code: 'BAD_PROOF',
          details: {
            culprit: p,
            reason: 'commitment does not open',
            round: 2,
            evidence: [bytesToHex(first.payload), bytesToHex(m.payload)],
          },
        });
      }
      const state = this.bob.get(p)!;
      const d = bobFinish(state, b.alice);
      if (!d) throw pairFailure(this.share, this.pair(p), p, `${p}'s multiplication check failed`, 2);
      const [du, dv] = d as [bigint, bigint];
      const { gammaU, gammaV } = b;
      checks.push({ peer: p, chi: state.b, R: b.R, pk: this.publicShares.get(p)!, gammaU, gammaV, du, dv });
      const [cu, cv] = this.alice.get(p)! as [bigint, bigint];
      u += du + cu + b.psi * this.r;
      v += dv + cv + b.psi * this.sk;
      instancePoints.push(b.R);
    }
    this.checkConsistency(checks);
    const bigR = ec.sum(instancePoints);
    if (!bigR) throw new ProtocolError('Combined instance point is the identity', { code: 'UNEXPECTED' });
    this.bigR = bigR;
    this.rx = mod(affineX(bigR));
    if (this.rx === 0n) throw new ProtocolError('x(R) is zero; sign again', { code: 'UNEXPECTED' });
    this.uShare = mod(u);
    this.wShare = mod(this.e * this.phi + this.rx * mod(v));
    // (w_i, u_i) carry our RVOLE outputs: only while every pair is still live.
    assertLive(this.share, this.pairs, this);
    return [this.send(3, null, (w) => w.scalar(this.wShare).scalar(this.uShare))];
  }

  /** The DKLs23 consistency check of every pair (consistency.ts); the first pair that fails is named. */
  private checkConsistency(checks: PairConsistency[]): void {
    for (const c of checks) {
      if (!pairConsistent(c))
        throw pairFailure(
          this.share,
          this.pair(c.peer),
          c.peer,
          `${c.peer}'s inputs are inconsistent with R_j or pk_j`,
          2,
        );
    }
  }

  private afterRound3(messages: Map<PartyId, Received<SignBody>>): Signature {
    let w = this.wShare;
    let u = this.uShare;
    for (const m of messages.values()) {
      const b = m.body as Extract<SignBody, { round: 3 }>;
      w += b.w;
      u += b.u;
    }
    u = mod(u);
    if (u === 0n) throw new ProtocolError('Σ u_i is zero; sign again', { code: 'BAD_SIGNATURE' });
    let s = mod(mod(w) * invert(u));
    // x(R) ≥ q would need recovery id 2/3, which r‖s‖v with v ∈ {0,1} cannot carry (probability ~2^-128).
    if (affineX(this.bigR) >= q) throw new ProtocolError('x(R) ≥ q; sign again', { code: 'BAD_SIGNATURE' });
    // The parity of R's y: the last byte of its uncompressed encoding.
    let recovery = this.bigR[64]! & 1;
    if (s > q >> 1n) {
      s = q - s;
      recovery ^= 1;
    }
    const r = scalarToBytes(this.rx);
    const sBytes = scalarToBytes(s);
    const compact = new Uint8Array(64);
    compact.set(r);
    compact.set(sBytes, 32);
    if (
      s === 0n ||
      // libsecp256k1's verification (replaces noble's `verify`, ~7× slower; all inputs are public).
      !ec.verifyEcdsa(this.messageHash, this.share.verifyingKey, compact)
    ) {
      throw new ProtocolError(
        'The combined signature does not verify; the faulty party cannot be identified',
        {
          code: 'BAD_SIGNATURE',
          details: { reason: 'signature does not verify (some party sent a wrong w_i or u_i)', round: 3 },
        },
      );
    }
    const bytes = new Uint8Array(65);
    bytes.set(compact);
    bytes[64] = recovery;
    return { r, s: sBytes, recovery: recovery as 0 | 1, bytes };
  }
}

/** Three-round DKLs23 signing of a 32-byte message hash by all parties of the share's group. */
export function createSigning(opts: {
  sessionId: Uint8Array;
  share: KeyShare;
  parties: PartyId[];
  messageHash: Uint8Array;
}): ProtocolMachine<Signature> {
  return asProtocolError(() => {
    if (typeof opts !== 'object' || opts === null) throw badInput('options must be an object');
    const { share } = opts;
    checkKeyShare(share);
    const parties = checkRunOptions(opts.sessionId, share.partyId, opts.parties);
    if (parties.length !== share.parties.length || parties.some((p, i) => p !== share.parties[i])) {
      throw new ProtocolError(
        'Invalid protocol options: n-of-n signing needs exactly the parties of the key share',
        {
          code: 'BAD_INPUT',
          details: { reason: 'parties differ from the key share', expected: share.parties },
        },
      );
    }
    if (!(opts.messageHash instanceof Uint8Array) || opts.messageHash.length !== 32)
      throw badInput('messageHash must be 32 bytes');
    // Refuse early what start() would refuse (it checks again, atomically, when it claims the pairs).
    checkPairsFree(
      share,
      parties.filter((p) => p !== share.partyId),
      opts.sessionId,
    );
    return new SigningMachine(opts.sessionId.slice(), share, parties, opts.messageHash.slice());
  });
}

/**
 * Throws the reason `share` cannot start signing run `sessionId` now — the id already ran
 * (SESSION_REUSED), a pair is discarded (OT_DISCARDED) or held by another run (PAIR_BUSY) — so a caller
 * can refuse a request before it builds a run. `start()` checks the same again when it claims the pairs.
 */
export function assertCanSign(share: KeyShare, sessionId: Uint8Array): void {
  asProtocolError(() => {
    checkKeyShare(share);
    checkPairsFree(
      share,
      share.parties.filter((p) => p !== share.partyId),
      sessionId,
    );
  });
}
