/** An account's Entropy registration: public data, readable while the wallet is locked. */
export interface AccountRegistration {
  /** 33-byte compressed secp256k1 verifying key produced by the DKG and confirmed on chain. */
  verifyingKey: `0x${string}`;
  /** EIP-55 Ethereum address of `verifyingKey`. */
  ethAddress: `0x${string}`;
  /** SS58 address of the account allowed to update the constraints. */
  constraintAccount: string;
}

/** What the wallet shows about an account; never anything secret. */
export interface AccountInfo {
  /** SS58, prefix 42. */
  address: string;
  name: string;
  /** sr25519 public key. */
  publicKey: `0x${string}`;
  registration?: AccountRegistration;
}
