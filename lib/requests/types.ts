import type { Hex } from 'viem';
import type { SerializedError } from '../errors';
import type { DecodedCall } from '../ethereum/decode';
import type { EvmTransactionJson } from '../ethereum/transaction';
import type { TypedDataJson } from '../ethereum/typed-data';
import type { PhishingVerdict } from './phishing';
import type { DecodedSubstratePayload } from './substrate-types';
import type { EvmNetwork } from '../settings/types';
import type { ConstraintResult } from '../tss/types';

/** What a signing request asks to sign (wallet-api.md), JSON-safe so it survives `storage.session`. */
export type SignRequestPayload =
  | {
      kind: 'evm-transaction';
      transaction: EvmTransactionJson;
      chainId: number;
      /** eth_sendTransaction: once signed, the wallet sends it to the chain's RPC and answers the hash. */
      broadcast?: boolean;
    }
  | { kind: 'personal-message'; message: Hex }
  /** `chainId`: the page's current chain when it asked, which the domain's is compared with. */
  | { kind: 'typed-data'; typedData: TypedDataJson; chainId?: number }
  | { kind: 'hash'; hash: Hex }
  | { kind: 'substrate-payload'; payload: SubstratePayloadJson }
  | { kind: 'substrate-raw'; data: Hex };

/** The first request from an origin: may it see accounts and ask for signatures? */
export interface AuthorizePayload {
  kind: 'authorize';
  /** Set for `eth_requestAccounts`: the site receives Ethereum addresses, not the Substrate ones. */
  provider?: 'ethereum';
}

/** A site asks to move to another EVM chain (EIP-3326), or to add one and move to it (EIP-3085). */
export type ChainPayload =
  | { kind: 'switch-chain'; chainId: number; name: string; fromChainId: number; fromName: string }
  | { kind: 'add-chain'; network: EvmNetwork };

export type RequestPayload = SignRequestPayload | AuthorizePayload | ChainPayload;

/** Requests are limited per origin per kind: one authorisation, one chain change, one signature at a time. */
export type RequestKind = 'authorize' | 'chain' | 'sign';

export function requestKindOf(payload: RequestPayload): RequestKind {
  if (payload.kind === 'authorize') return 'authorize';
  return payload.kind === 'switch-chain' || payload.kind === 'add-chain' ? 'chain' : 'sign';
}

/** What the Ethereum handler learnt from the chain for a transaction's approval. */
export interface EvmDisplayExtras {
  network?: EvmNetwork;
  call?: DecodedCall;
  /** The first of the account's constraints that refuses it: the validators will refuse this. */
  refusal?: ConstraintResult;
}

/** polkadot-js `SignerPayloadJSON`, as validated by lib/requests/substrate. */
export interface SubstratePayloadJson {
  address: string;
  blockHash: Hex;
  blockNumber: Hex;
  era: Hex;
  genesisHash: Hex;
  method: Hex;
  nonce: Hex;
  specVersion: Hex;
  tip: Hex;
  transactionVersion: Hex;
  signedExtensions: string[];
  version: number;
  assetId?: Hex;
  metadataHash?: Hex;
  mode?: number;
  withSignedTransaction?: boolean;
}

/** Human-readable form of what will be signed, computed once in the background for the popup. */
export type RequestDisplay =
  | { kind: 'authorize'; origin: string }
  | {
      kind: 'evm-transaction';
      type: 'legacy' | 'eip1559';
      chainId: number;
      /** The network's name in the wallet's settings, when it has one. */
      chainName?: string;
      from: string;
      to: string | null;
      value: string;
      nonce: number;
      gas: string;
      fees: Record<string, string>;
      data: Hex;
      functionSelector?: Hex;
      /** gas × max fee per gas (or gas price), and value + that, in the native currency. */
      maxFee: string;
      maxTotal: string;
      call?: DecodedCall;
      refusal?: ConstraintResult;
      /** Sent to the chain once signed (eth_sendTransaction), rather than handed back to the page. */
      broadcast: boolean;
      /** The chain's block explorer, for links to the transaction once sent. */
      explorerUrl?: string;
    }
  | { kind: 'personal-message' | 'substrate-raw'; text?: string; hex: Hex }
  | {
      kind: 'typed-data';
      primaryType: string;
      /** The page's current chain when it asked; the popup warns when the domain names another. */
      currentChainId?: number;
      domain: Record<string, unknown>;
      message: Record<string, unknown>;
    }
  | { kind: 'hash'; hash: Hex }
  | {
      kind: 'substrate-payload';
      fields: Record<string, string>;
      /** Decoded with the connected chain's metadata when the page asked (lib/requests/substrate-decode). */
      decoded?: DecodedSubstratePayload;
    }
  | ChainPayload;

export interface PendingRequest {
  id: string;
  origin: string;
  kind: RequestKind;
  /** SS58 address of the signing account; absent for authorisation requests. */
  account?: string;
  payload: RequestPayload;
  display: RequestDisplay;
  /** What the threshold key signs (EVM and hash requests). */
  sigHash?: Hex;
  /** Set when the asking site is on the phishing list: the popup warns full-screen before anything else. */
  phishing?: PhishingVerdict;
  createdAt: number;
  /** `approving` from the user's click until the answer is in; no second answer is accepted meanwhile. */
  status: 'pending' | 'approving';
}

/** The one answer every request gets. */
export type RequestOutcome =
  | { id: string; status: 'approved'; result: unknown }
  | { id: string; status: 'rejected'; error: SerializedError }
  | { id: string; status: 'failed'; error: SerializedError };

/** What the popup receives on its live subscription. */
export type QueueEvent =
  | { type: 'requests'; requests: PendingRequest[] }
  | { type: 'answered'; outcome: RequestOutcome; request?: PendingRequest }
  | { type: 'progress'; progress: SigningProgress };

/**
 * A progress report from the signer, passed through as is (JSON) to the popup and the asking page. Only
 * `requestId` is required, so the signer may report in its own shape (lib/wallet/signing sends its
 * `SigningSessionView`); the other fields are wallet-api.md's.
 */
export interface SigningProgress {
  requestId: string;
  step?: string;
  member?: { group: number; tssAccount: string; endpoint: string };
  round?: number;
  totalRounds?: number;
  detail?: unknown;
  at?: number;
}

/** What approval of a signing request resolves with. */
export interface SignResult {
  signature: Hex;
  /** eth_signTransaction: the signed serialisation. */
  signedTransaction?: Hex;
  /** eth_sendTransaction: the hash of the broadcast transaction. */
  transactionHash?: Hex;
}
