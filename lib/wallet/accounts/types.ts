/** An account's Entropy registration: public data, readable while the wallet is locked. */
export interface AccountRegistration {
  /** 33-byte compressed secp256k1 verifying key produced by the DKG and confirmed on chain. */
  verifyingKey: `0x${string}`;
  /** EIP-55 Ethereum address of `verifyingKey`. */
  ethAddress: `0x${string}`;
  /** SS58 address of the account allowed to update the constraints. */
  constraintAccount: string;
  /**
   * `phrase`: the user's key share is derived from the recovery phrase, which restores it on any device.
   * Absent: registered before phrase recovery (a random share) — only this device or a backup file has it.
   */
  keyRecovery?: 'phrase';
}

/** What the wallet shows about an account; never anything secret. */
export interface AccountInfo {
  /** SS58, prefix 42. */
  address: string;
  name: string;
  /** sr25519 public key. */
  publicKey: `0x${string}`;
  registration?: AccountRegistration;
  /** When an encrypted backup file last included this account's key share (ms since the epoch). */
  backedUpAt?: number;
}
