import { equalBytes, randomBytes } from '@noble/curves/utils.js';
import { SCALAR_BYTES, mod, modNear, q, randomScalar, scalarFromUniformBytes, writeScalar } from './curve';
import { GF_BYTES } from './gf256';
import { Transcript, taggedHash, u32Bytes, utf8 } from './hash';
import { M, OT_WIDTH, XI, matrixDigest, oteReceive, oteSend, rowHasher, xorRow } from './otExtension';
import type { OteReceiverOutput } from './otExtension';
import { expand } from './prg';
import type { PartyId } from './types';

/**
 * DKLs23 Functionality 3.5 (random vector OLE, L = 2) realised by DKLs19 Protocol 1 over the KOS
 * correlated OT, in two messages (DKLs23 §5.1): Bob's input b = ⟨g, β⟩ is random, encoded by random
 * choice bits β and the public gadget g; Alice inputs a ∈ Z_q^2. Outputs c (Alice) and d (Bob) with
 * c_i + d_i = a_i·b. Alice's check values (χ̃, χ̂ challenges, u, H(r)) let Bob detect Alice using
 * different correlations in different OT rows.
 */
export const L = 2;
export const NONCE_BYTES = 32;
/** Alice's fresh per-run salt: her own randomness in the row hash and the check's challenges. */
export const SALT_BYTES = 32;
export const TAU_BYTES = XI * OT_WIDTH * SCALAR_BYTES;

/**
 * The run's OT context: session, Bob, Alice, the generation of their pair's OT setup and Bob's fresh
 * nonce. Bob alone picks the nonce (and may repeat it); Alice's salt (below) is what she contributes.
 */
export function rvoleContext(
  sessionId: Uint8Array,
  bob: PartyId,
  alice: PartyId,
  nonce: Uint8Array,
  generation: number,
): Uint8Array {
  return taggedHash('rvole/context', sessionId, utf8(bob), utf8(alice), u32Bytes(generation), nonce);
}

/**
 * DKLs19's public gadget vector g ∈ Z_q^ξ: fixed, pseudo-random "nothing up my sleeve" values
 * from a hash of a constant tag; computed once.
 */
let gadgetVector: bigint[] | undefined;
function gadget(): bigint[] {
  if (!gadgetVector) {
    const bytes = expand(taggedHash('rvole/gadget'), XI * SCALAR_BYTES);
    gadgetVector = [];
    for (let j = 0; j < XI; j++) gadgetVector.push(scalarFromUniformBytes(bytes, j * SCALAR_BYTES));
  }
  return gadgetVector;
}

/**
 * χ̃, χ̂ by Fiat–Shamir over the run context, Bob's whole message, Alice's τ and her salt: fixed only
 * after both are committed to their correlations, so neither can pick deviations that cancel.
 */
export function rvoleChallenges(
  context: Uint8Array,
  bobMessageDigest: Uint8Array,
  tau: Uint8Array,
  salt: Uint8Array,
) {
  const t = new Transcript('rvole-check')
    .append('context', context)
    .append('bob', bobMessageDigest)
    .append('tau', taggedHash('rvole/tau', tau))
    .append('salt', salt);
  const tilde: bigint[] = [];
  const hat: bigint[] = [];
  for (let i = 0; i < L; i++) {
    tilde.push(t.challengeScalar(`chi-tilde-${i}`));
    hat.push(t.challengeScalar(`chi-hat-${i}`));
  }
  return { tilde, hat };
}

export interface BobMessage {
  nonce: Uint8Array;
  u: Uint8Array;
  xCheck: Uint8Array;
  tCheck: Uint8Array;
}

export function bobMessageDigest(m: BobMessage, uDigest: Uint8Array): Uint8Array {
  return taggedHash('rvole/bob-message', m.nonce, uDigest, m.xCheck, m.tCheck);
}

export interface BobState {
  context: Uint8Array;
  choices: Uint8Array;
  /** b = ⟨g, β⟩: Bob's random input (DKLs23's χ_{i,j}). */
  b: bigint;
  ote: OteReceiverOutput;
  digest: Uint8Array;
}

/** Bob, round 1: random β, b = ⟨g, β⟩, and the OT-extension message. */
export function bobStart(
  seeds0: Uint8Array,
  seeds1: Uint8Array,
  sessionId: Uint8Array,
  bob: PartyId,
  alice: PartyId,
  generation: number,
): { state: BobState; message: BobMessage } {
  const nonce = randomBytes(NONCE_BYTES);
  const context = rvoleContext(sessionId, bob, alice, nonce, generation);
  const choices = randomBytes(XI / 8);
  const g = gadget();
  let b = 0n;
  for (let j = 0; j < XI; j++) if ((choices[j >>> 3]! >>> (j & 7)) & 1) b += g[j]!;
  const ote = oteReceive(seeds0, seeds1, context, choices, randomBytes((M - XI) / 8));
  const message = { nonce, u: ote.u, xCheck: ote.xCheck, tCheck: ote.tCheck };
  return {
    state: { context, choices, b: mod(b), ote, digest: bobMessageDigest(message, ote.uDigest) },
    message,
  };
}

export interface AliceMessage {
  tau: Uint8Array;
  salt: Uint8Array;
  rHash: Uint8Array;
  u: bigint[];
  gamma: bigint[];
}

/**
 * Alice, round 2: checks Bob's OT extension (undefined if the KOS check fails: discard the pair),
 * then returns her output shares c and the message to Bob. Her fresh salt keys the row hash and
 * enters the challenges, so her pads are new in every run whatever Bob sends.
 */
export function aliceRespond(
  delta: Uint8Array,
  seeds: Uint8Array,
  sessionId: Uint8Array,
  bob: PartyId,
  alice: PartyId,
  generation: number,
  a: bigint[],
  bobMessage: BobMessage,
): { c: bigint[]; message: AliceMessage } | undefined {
  const context = rvoleContext(sessionId, bob, alice, bobMessage.nonce, generation);
  const uDigest = matrixDigest(bobMessage.u);
  const rows = oteSend(delta, seeds, context, bobMessage.u, uDigest, bobMessage.xCheck, bobMessage.tCheck);
  if (rows === undefined) return undefined;
  const g = gadget();
  const salt = randomBytes(SALT_BYTES);
  const H = rowHasher(context, salt);
  // α = (ã_1, ã_2, â_1, â_2): pads ã and check values â.
  const alpha = [randomScalar(), randomScalar(), randomScalar(), randomScalar()];
  const tau = new Uint8Array(TAU_BYTES);
  const tauView = new DataView(tau.buffer);
  const zA: bigint[][] = [];
  for (let j = 0; j < XI; j++) {
    const qj = rows.subarray(j * GF_BYTES, (j + 1) * GF_BYTES);
    const v0 = H(j, qj);
    const v1 = H(j, xorRow(qj, delta));
    for (let k = 0; k < OT_WIDTH; k++) {
      // τ_j = v^1_j − v^0_j + α, so Bob's z^B_j = β_j·τ_j − H(t_j) and z^A_j + z^B_j = β_j·α.
      writeScalar(tauView, (j * OT_WIDTH + k) * SCALAR_BYTES, modNear(v1[k]! - v0[k]! + alpha[k]!));
    }
    zA.push(v0);
  }
  const { tilde, hat } = rvoleChallenges(context, bobMessageDigest(bobMessage, uDigest), tau, salt);
  const r = new Uint8Array(L * XI * SCALAR_BYTES);
  const rView = new DataView(r.buffer);
  const u: bigint[] = [];
  const gamma: bigint[] = [];
  const c: bigint[] = [];
  for (let i = 0; i < L; i++) {
    let ci = 0n;
    for (let j = 0; j < XI; j++) {
      const z = zA[j]!;
      writeScalar(rView, (i * XI + j) * SCALAR_BYTES, mod(tilde[i]! * z[i]! + hat[i]! * z[L + i]!));
      ci += g[j]! * z[i]!;
    }
    u.push(mod(tilde[i]! * alpha[i]! + hat[i]! * alpha[L + i]!));
    gamma.push(mod(a[i]! - alpha[i]!));
    c.push(mod(ci));
  }
  return { c, message: { tau, salt, rHash: taggedHash('rvole/r', context, r), u, gamma } };
}

/** Bob, round 3: his output shares d, or undefined if Alice's check fails (discard the pair). */
export function bobFinish(
  state: BobState,
  tauScalars: bigint[],
  message: AliceMessage,
): bigint[] | undefined {
  const { context, choices, ote, b } = state;
  const g = gadget();
  const H = rowHasher(context, message.salt);
  const { tilde, hat } = rvoleChallenges(context, state.digest, message.tau, message.salt);
  const zB: bigint[][] = [];
  for (let j = 0; j < XI; j++) {
    const beta = (choices[j >>> 3]! >>> (j & 7)) & 1;
    const h = H(j, ote.rows.subarray(j * GF_BYTES, (j + 1) * GF_BYTES));
    const z: bigint[] = [];
    for (let k = 0; k < OT_WIDTH; k++) {
      z.push(beta ? modNear(tauScalars[j * OT_WIDTH + k]! - h[k]!) : h[k]! === 0n ? 0n : q - h[k]!);
    }
    zB.push(z);
  }
  const r = new Uint8Array(L * XI * SCALAR_BYTES);
  const rView = new DataView(r.buffer);
  const d: bigint[] = [];
  for (let i = 0; i < L; i++) {
    let di = b * message.gamma[i]!;
    for (let j = 0; j < XI; j++) {
      const beta = (choices[j >>> 3]! >>> (j & 7)) & 1;
      const z = zB[j]!;
      // r_{i,j} = β_j·u_i − (χ̃_i·z̃^B_{i,j} + χ̂_i·ẑ^B_{i,j})
      const rij = (beta ? message.u[i]! : 0n) - tilde[i]! * z[i]! - hat[i]! * z[L + i]!;
      writeScalar(rView, (i * XI + j) * SCALAR_BYTES, mod(rij));
      di += g[j]! * z[i]!;
    }
    d.push(mod(di));
  }
  return equalBytes(taggedHash('rvole/r', context, r), message.rHash) ? d : undefined;
}
