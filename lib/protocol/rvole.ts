import { equalBytes, randomBytes } from '@noble/curves/utils.js';
import { SCALAR_BYTES, mod, randomScalar } from './curve';
import { Transcript, taggedHash, u32Bytes, utf8 } from './hash';
import { M, OT_WIDTH, XI, matrixDigest, oteReceive, oteSend, rowPads } from './otExtension';
import type { OteReceiverOutput } from './otExtension';
import { L, gadget } from './rvoleArithmetic';
import { rvoleArithmetic } from './rvoleWasm';
import type { PartyId } from './types';

/**
 * DKLs23 Functionality 3.5 (random vector OLE, L = 2) realised by DKLs19 Protocol 1 over the KOS
 * correlated OT, in two messages (DKLs23 §5.1): Bob's input b = ⟨g, β⟩ is random, encoded by random
 * choice bits β and the public gadget g; Alice inputs a ∈ Z_q^2. Outputs c (Alice) and d (Bob) with
 * c_i + d_i = a_i·b. Alice's check values (χ̃, χ̂ challenges, u, H(r)) let Bob detect Alice using
 * different correlations in different OT rows. The vector arithmetic mod q is rvoleArithmetic.ts's.
 */
export { L };
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
  const salt = randomBytes(SALT_BYTES);
  // v^0_j = H(j, q_j) and v^1_j = H(j, q_j ⊕ Δ): Bob's pad for β_j = 0 and for β_j = 1.
  const v0 = rowPads(context, salt, rows);
  const v1 = rowPads(context, salt, rows, delta);
  // α = (ã_1, ã_2, â_1, â_2): pads ã and check values â.
  const alpha = [randomScalar(), randomScalar(), randomScalar(), randomScalar()];
  const arithmetic = rvoleArithmetic();
  // τ_j = v^1_j − v^0_j + α, so Bob's z^B_j = β_j·τ_j − H(t_j) and z^A_j + z^B_j = β_j·α.
  const tau = arithmetic.aliceTau(v0, v1, alpha);
  const { tilde, hat } = rvoleChallenges(context, bobMessageDigest(bobMessage, uDigest), tau, salt);
  // z^A_j = v^0_j: r_{i,j} = χ̃_i·z̃^A_{i,j} + χ̂_i·ẑ^A_{i,j} and c_i = ⟨g, z̃^A_i⟩.
  const { r, c } = arithmetic.aliceCheck(v0, tilde, hat);
  const u: bigint[] = [];
  const gamma: bigint[] = [];
  for (let i = 0; i < L; i++) {
    u.push(mod(tilde[i]! * alpha[i]! + hat[i]! * alpha[L + i]!));
    gamma.push(mod(a[i]! - alpha[i]!));
  }
  return { c, message: { tau, salt, rHash: taggedHash('rvole/r', context, r), u, gamma } };
}

/** Bob, round 3: his output shares d, or undefined if Alice's check fails (discard the pair). */
export function bobFinish(state: BobState, message: AliceMessage): bigint[] | undefined {
  const { context, choices, ote, b } = state;
  const { tilde, hat } = rvoleChallenges(context, state.digest, message.tau, message.salt);
  // h_j = H(j, t_j); z^B_j = β_j·τ_j − h_j;
  // r_{i,j} = β_j·u_i − (χ̃_i·z̃^B_{i,j} + χ̂_i·ẑ^B_{i,j}) and d_i = b·γ_i + ⟨g, z̃^B_i⟩.
  const h = rowPads(context, message.salt, ote.rows);
  const { r, d } = rvoleArithmetic().bobCheck(h, message.tau, choices, {
    tilde,
    hat,
    u: message.u,
    gamma: message.gamma,
    b,
  });
  return equalBytes(taggedHash('rvole/r', context, r), message.rHash) ? d : undefined;
}
