/**
 * Types of the page-facing requests (`pub(...)` entries in lib/messaging/table.ts) that the inpage script
 * and the background share. Types only: the inpage bundle must stay small.
 */
import type { InjectedAccount } from '@polkadot/extension-inject/types';

type Hex = `0x${string}`;

/** What an origin may currently see; pushed on `pub(page.events)` whenever it changes. */
export interface PageState {
  authorised: boolean;
  /** The authorised sr25519 accounts, in polkadot-js' injected shape. */
  substrate: InjectedAccount[];
  /** Ethereum addresses of the authorised accounts' registered Entropy keys. */
  evm: Hex[];
  /** The origin's current EVM chain. */
  chainId: Hex;
}

/** `entropy.sign(...)`: exactly one of transaction, message, hash; `address` picks the account (SS58). */
export interface EntropySignParams {
  address?: string;
  /** An EVM transaction request (as eth_signTransaction's; `from` defaults to the account's address). */
  transaction?: Record<string, unknown>;
  /** Text, or hex bytes; signed as an EIP-191 personal message. */
  message?: string;
  /** A 32-byte hash, signed as is. */
  hash?: Hex;
}

export interface EntropySignResult {
  /** 65 bytes r‖s‖v, v = 27/28. */
  signature: Hex;
  sigHash: Hex;
  /** The account's 33-byte compressed secp256k1 verifying key. */
  verifyingKey: Hex;
  /** For transactions: the signed serialisation. */
  signedTransaction?: Hex;
}

/**
 * Pushed on a `pub(entropy.sign)` request while the threshold signing runs: the signer's own report (committee
 * members, rounds, retries), with `requestId` set to the page's id.
 */
export interface EntropyProgressEvent {
  type: 'progress';
  progress: { requestId: string; [field: string]: unknown };
}
