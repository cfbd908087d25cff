/**
 * Entropy pallet values in @polkadot/types JSON form (accounts as SS58, byte arrays and `Bytes` as
 * 0x-hex), which is what `Ctx.json` reads and `Ctx.put` accepts.
 */
export type Hex = `0x${string}`;

export interface ServerInfo {
  tssAccount: string;
  x25519PublicKey: Hex;
  endpoint: Hex;
}

export interface CommitteeMember {
  signingGroup: number;
  stash: string;
  tssAccount: string;
  x25519PublicKey: Hex;
  endpoint: Hex;
}

export interface Message {
  account: string;
  sigRequest: { sigHash: Hex };
  committee: CommitteeMember[];
}

export interface Acl {
  addresses: Hex[];
  kind: 'Allow' | 'Deny';
  allowNullRecipient: boolean;
}

export interface Constraints {
  evmAcl: Acl | null;
  btcAcl: Acl | null;
}

/** Every party's public key share of a registration: the user's and each signing group's. */
export interface PublicShares {
  user: Hex;
  groups: [number, Hex][];
}

export interface RegisteringDetails {
  constraintAccount: string;
  committee: CommitteeMember[];
  initialConstraints: Constraints;
  confirmations: [number, Hex][];
  blockNumber: number;
  /** As the first group confirmed them; every later confirmation must agree. */
  publicShares: PublicShares | null;
}

/** What stays on chain of a registration: its identity (the `register` block) and its public shares. */
export interface RegistrationInfo {
  blockNumber: number;
  publicShares: PublicShares;
}

export interface Failure {
  sigHash: Hex;
  reporter: string;
  accused: string;
  reason: Hex;
  evidence: Hex[];
}
