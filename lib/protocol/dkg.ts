import { bytesToHex } from '@noble/hashes/utils.js';
import { COMMITMENT_BYTES, SALT_BYTES, commit, opensCommitment } from './commitment';
import type { Reader } from './codec';
import { G, Point, pointToBytes, q, randomScalar } from './curve';
import { Kind } from './envelope';
import { ProtocolError, asProtocolError, badInput } from './errors';
import { taggedHash, utf8 } from './hash';
import type { KeyShare } from './keyShare';
import { RoundMachine } from './machine';
import type { Received } from './machine';
import { checkRunOptions } from './options';
import { PairSetup } from './pairSetup';
import type { SetupMsg1 } from './pairSetup';
import { proveSchnorr, readSchnorr, verifySchnorr, writeSchnorr } from './schnorr';
import type { SchnorrProof } from './schnorr';
import type { OutgoingMessage, PartyId, ProtocolMachine, ProtocolStep } from './types';

/**
 * DKLs23 n-of-n key generation (DKLs23 §6 with t = n: additive shares, no polynomial), five rounds,
 * all point-to-point so the pairwise base-OT setup rides along:
 *   1. commit to pk_i = sk_i·G                    | base OT: A
 *   2. open pk_i, Schnorr proof of sk_i           | base OT: B_1..B_κ
 *   3. echo of everything "broadcast" in 1–2      | base OT: challenges ξ
 *   4.                                             | base OT: responses ρ'
 *   5.                                             | base OT: openings
 * Output: pk = Σ pk_i, the share sk_i, all pk_j, and the verified pairwise OT seeds.
 */
type DkgBody =
  | { round: 1; commitment: Uint8Array; ot: SetupMsg1 }
  | { round: 2; pk: Point; salt: Uint8Array; proof: SchnorrProof; B: Uint8Array[] }
  | { round: 3; echo: Uint8Array; challenge: Uint8Array }
  | { round: 4; response: Uint8Array }
  | { round: 5; opening: Uint8Array };

const COMMIT_PURPOSE = 'dkg/public-share';
const PROOF_PURPOSE = 'dkg/secret-share';

class DkgMachine extends RoundMachine<KeyShare, DkgBody> {
  private readonly pk: Point;
  private readonly salt: Uint8Array;
  private readonly commitment: Uint8Array;
  private readonly setups = new Map<PartyId, PairSetup>();
  private readonly round1 = new Map<PartyId, Received<DkgBody>>();
  private readonly ownRound1 = new Map<PartyId, Uint8Array>();
  private readonly publicShares = new Map<PartyId, Point>();
  private echo: Uint8Array = new Uint8Array();

  constructor(
    sessionId: Uint8Array,
    self: PartyId,
    parties: PartyId[],
    private readonly sk: bigint,
  ) {
    super(Kind.Dkg, sessionId, self, parties, 5);
    this.pk = G.multiply(sk);
    const c = commit(COMMIT_PURPOSE, sessionId, self, pointToBytes(this.pk));
    this.salt = c.salt;
    this.commitment = c.commitment;
    for (const p of this.others) this.setups.set(p, new PairSetup(sessionId, self, p));
    this.publicShares.set(self, this.pk);
  }

  protected isBroadcast(): boolean {
    return false;
  }

  protected begin(): OutgoingMessage[] {
    return this.others.map((p) => {
      const m = this.send(1, p, (w) => {
        w.bytes(this.commitment);
        this.setups.get(p)!.write1(w);
      });
      this.ownRound1.set(p, m.payload);
      return m;
    });
  }

  protected decode(round: number, r: Reader): DkgBody {
    switch (round) {
      case 1:
        return { round, commitment: r.bytes(COMMITMENT_BYTES), ot: PairSetup.read1(r) };
      case 2:
        return {
          round,
          pk: r.point(),
          salt: r.bytes(SALT_BYTES),
          proof: readSchnorr(r),
          B: PairSetup.read2(r),
        };
      case 3:
        return { round, echo: r.bytes(32), challenge: PairSetup.read3(r) };
      case 4:
        return { round, response: PairSetup.read4(r) };
      default:
        return { round: 5, opening: PairSetup.read5(r) };
    }
  }

  protected complete(round: number, messages: Map<PartyId, Received<DkgBody>>): ProtocolStep<KeyShare> {
    switch (round) {
      case 1:
        return { messages: this.afterRound1(messages) };
      case 2:
        return { messages: this.afterRound2(messages) };
      case 3:
        return { messages: this.afterRound3(messages) };
      case 4:
        return { messages: this.afterRound4(messages) };
      default:
        return { messages: [], result: this.afterRound5(messages) };
    }
  }

  private body<N extends DkgBody['round']>(m: Received<DkgBody>, round: N): Extract<DkgBody, { round: N }> {
    if (m.body.round !== round) throw new ProtocolError('Message of the wrong round', { code: 'INTERNAL' });
    return m.body as Extract<DkgBody, { round: N }>;
  }

  private afterRound1(messages: Map<PartyId, Received<DkgBody>>): OutgoingMessage[] {
    for (const [p, m] of messages) {
      this.round1.set(p, m);
      this.setups.get(p)!.on1(this.body(m, 1).ot, m.payload);
    }
    return this.others.map((p) =>
      this.send(2, p, (w) => {
        w.point(this.pk).bytes(this.salt);
        writeSchnorr(w, proveSchnorr(PROOF_PURPOSE, this.sessionId, this.self, [], this.sk, this.pk));
        this.setups.get(p)!.write2(w);
      }),
    );
  }

  private afterRound2(messages: Map<PartyId, Received<DkgBody>>): OutgoingMessage[] {
    for (const [p, m] of messages) {
      const b = this.body(m, 2);
      const first = this.round1.get(p)!;
      const evidence = [bytesToHex(first.payload), bytesToHex(m.payload)];
      if (
        !opensCommitment(
          COMMIT_PURPOSE,
          this.sessionId,
          p,
          this.body(first, 1).commitment,
          b.salt,
          pointToBytes(b.pk),
        )
      ) {
        throw new ProtocolError(`${p}'s public key share does not open its round-1 commitment`, {
          code: 'BAD_PROOF',
          details: { culprit: p, reason: 'commitment does not open', round: 2, evidence },
        });
      }
      if (!verifySchnorr(PROOF_PURPOSE, this.sessionId, p, [], b.pk, b.proof)) {
        throw new ProtocolError(`${p}'s proof of knowledge of its key share does not verify`, {
          code: 'BAD_PROOF',
          details: {
            culprit: p,
            reason: 'invalid Schnorr proof',
            round: 2,
            evidence: [bytesToHex(m.payload)],
          },
        });
      }
      this.publicShares.set(p, b.pk);
      this.setups.get(p)!.on2(b.B, m.payload, this.ownRound1.get(p)!);
    }
    // Echo: every party must have seen the same commitments and public shares.
    const seen: Uint8Array[] = [];
    for (const p of this.parties) {
      const c = p === this.self ? this.commitment : this.body(this.round1.get(p)!, 1).commitment;
      seen.push(utf8(p), c, pointToBytes(this.publicShares.get(p)!));
    }
    this.echo = taggedHash('dkg/echo', this.sessionId, ...seen);
    return this.others.map((p) =>
      this.send(3, p, (w) => {
        w.bytes(this.echo);
        this.setups.get(p)!.write3(w);
      }),
    );
  }

  private afterRound3(messages: Map<PartyId, Received<DkgBody>>): OutgoingMessage[] {
    for (const [p, m] of messages) {
      const b = this.body(m, 3);
      if (bytesToHex(b.echo) !== bytesToHex(this.echo)) {
        throw new ProtocolError(`${p} saw different commitments or public shares than ${this.self}`, {
          code: 'UNEXPECTED',
          details: {
            pair: [this.self, p],
            reason: 'inconsistent broadcast (some party sent different values to different parties)',
            round: 3,
          },
        });
      }
      this.setups.get(p)!.on3(b.challenge);
    }
    return this.others.map((p) => this.send(4, p, (w) => this.setups.get(p)!.write4(w)));
  }

  private afterRound4(messages: Map<PartyId, Received<DkgBody>>): OutgoingMessage[] {
    for (const [p, m] of messages) this.setups.get(p)!.on4(this.body(m, 4).response);
    return this.others.map((p) => this.send(5, p, (w) => this.setups.get(p)!.write5(w)));
  }

  private afterRound5(messages: Map<PartyId, Received<DkgBody>>): KeyShare {
    for (const [p, m] of messages) this.setups.get(p)!.on5(this.body(m, 5).opening);
    const verifyingKey = this.parties.reduce((acc, p) => acc.add(this.publicShares.get(p)!), Point.ZERO);
    if (verifyingKey.is0()) throw new ProtocolError('Verifying key is the identity', { code: 'UNEXPECTED' });
    return {
      partyId: this.self,
      parties: this.parties,
      verifyingKey: pointToBytes(verifyingKey),
      secretShare: this.sk,
      publicShares: this.parties.map((p) => pointToBytes(this.publicShares.get(p)!)),
      ot: new Map(this.others.map((p) => [p, this.setups.get(p)!.result(0)])),
    };
  }
}

/**
 * n-of-n distributed key generation among `parties` (2..16), as `self`. The secret share is sampled
 * unless `secretShare` is given: a share derived elsewhere (the user's, from the recovery phrase,
 * docs/protocol.md) goes through the same commitment and proof of knowledge as a sampled one; only the
 * salt, the proof's nonce and the OT setup are fresh, so a retried run with the same share reveals nothing new.
 */
export function createDkg(opts: {
  sessionId: Uint8Array;
  self: PartyId;
  parties: PartyId[];
  secretShare?: bigint;
}): ProtocolMachine<KeyShare> {
  return asProtocolError(() => {
    if (typeof opts !== 'object' || opts === null) throw badInput('options must be an object');
    const parties = checkRunOptions(opts.sessionId, opts.self, opts.parties);
    const { secretShare } = opts;
    if (
      secretShare !== undefined &&
      (typeof secretShare !== 'bigint' || secretShare <= 0n || secretShare >= q)
    ) {
      throw badInput('a given secret share must be a non-zero scalar below q');
    }
    return new DkgMachine(opts.sessionId.slice(), opts.self, parties, secretShare ?? randomScalar());
  });
}
