/**
 * JSON shapes of the TSS server API (see docs/tss.md), shared by the server and its clients.
 */

/**
 * Body of `POST /user/tx`, inside the envelope: what is to be signed, in full, so each validator hashes it
 * itself and checks it against the account's constraints.
 */
export type UserTxRequest =
  /** The unsigned EVM transaction, serialised (RLP / typed envelope). */
  | { arch: 'evm'; transactionRequest: `0x${string}` }
  /** An EIP-191 `personal_sign` message (raw bytes). */
  | { arch: 'message'; message: `0x${string}` }
  /** EIP-712 typed data (`eth_signTypedData_v4`), JSON with bigints as decimal strings. */
  | { arch: 'typed-data'; typedData: unknown }
  /** A bare 32-byte hash; refused by accounts that have constraints. */
  | { arch: 'hash'; hash: `0x${string}` };

/** Body of `POST /user/new`, inside the envelope: start the DKG of the sender's pending registration. */
export interface UserNewRequest {
  /** The block in which the chain signalled the registration (`relayer.SignalRegister`). */
  blockNumber: number;
}

/** One constraint's verdict, as a validator evaluated it. */
export interface ConstraintResult {
  constraint: string;
  ok: boolean;
  reason: string;
}

/** Answer of `POST /user/tx`: this validator's verdict on every constraint. */
export interface UserTxResponse {
  validator: string;
  partyId: string;
  sigHash: `0x${string}`;
  accepted: boolean;
  constraints: ConstraintResult[];
}

/** Why a protocol session failed: who (if known) and the evidence (hex of the culprit's own messages). */
export interface SessionFailure {
  reason: string;
  code: string;
  culprit?: string;
  pair?: [string, string];
  missing?: string[];
  evidence?: string[];
  round?: number;
  /** OT_STALE: the party holding an old copy of the pair's OT setup. */
  stale?: string;
}

export type SessionState = 'pending' | 'running' | 'done' | 'failed';

export interface SessionStatus {
  partyId: string;
  state: SessionState;
  round: number;
  totalRounds: number;
  waitingFor: string[];
}

/** What one subscription stream carries. */
export type SessionEvent =
  | { type: 'frame'; frame: Uint8Array }
  | { type: 'status'; status: SessionStatus }
  | { type: 'failure'; failure: SessionFailure }
  | { type: 'signature'; signature: Uint8Array }
  | { type: 'registered'; verifyingKey: `0x${string}` }
  /** An OT setup's result is stored and handed to the validator's signing group. */
  | { type: 'ot-ready' };

/** `POST /signer/signature` answer: the signature, or the failure that ended the session. */
export type SignatureResult =
  { status: 'done'; signature: Uint8Array } | { status: 'failed'; failure: SessionFailure };

/** Body of an error answer (4xx/5xx). */
export interface ErrorBody {
  error: { name: string; code: string; message: string; details?: Record<string, unknown> };
}
