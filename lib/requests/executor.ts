import { hashTypedData, type Hex, type TypedDataDefinition } from 'viem';
import type { AccountsService, ApprovedRequestSigner } from '../background/services';
import { WalletError } from '../errors';
import { messageSigHash } from '../ethereum/message';
import { assertSignedBy, messageSignatureHex } from '../ethereum/signature';
import { signedTransaction, transactionSigHash, unsignedTransaction } from '../ethereum/transaction';
import type { PermissionStore } from '../permissions/store';
import type { UserTxRequest } from '../tss/types';
import { AccountNotRegistered } from './errors';
import type { RequestExecutor } from './queue';
import { signSubstratePayload, signSubstrateRaw } from './substrate';
import type { PendingRequest, SignRequestPayload, SignResult, SigningProgress } from './types';

export interface ExecutorDeps {
  accounts(): AccountsService;
  signer(): ApprovedRequestSigner;
  permissions: PermissionStore;
}

type ThresholdPayload = Exclude<SignRequestPayload, { kind: 'substrate-payload' | 'substrate-raw' }>;

/**
 * What the threshold key signs for a payload, recomputed from the payload itself at approval time, and what
 * the committee receives to recompute it and check it against the constraints.
 */
export function signingHash(payload: ThresholdPayload): { sigHash: Hex; delivery: UserTxRequest } {
  switch (payload.kind) {
    case 'evm-transaction':
      return {
        sigHash: transactionSigHash(payload.transaction),
        delivery: { arch: 'evm', transactionRequest: unsignedTransaction(payload.transaction) },
      };
    case 'personal-message':
      return {
        sigHash: messageSigHash(payload.message),
        delivery: { arch: 'message', message: payload.message },
      };
    case 'typed-data':
      return {
        sigHash: hashTypedData(payload.typedData as unknown as TypedDataDefinition),
        delivery: { arch: 'typed-data', typedData: payload.typedData },
      };
    case 'hash':
      return { sigHash: payload.hash, delivery: { arch: 'hash', hash: payload.hash } };
  }
}

/** Authorisations update the permission store; signatures go to sr25519 (Substrate) or the threshold signer. */
export function createRequestExecutor(deps: ExecutorDeps): RequestExecutor {
  return {
    async approve(request, approval, onProgress) {
      if (request.payload.kind === 'authorize') {
        await deps.permissions.allow(request.origin, approval.accounts);
        return { authorised: true };
      }
      return sign(request, request.payload, deps, onProgress);
    },
    async rejected(request) {
      if (request.kind === 'authorize') await deps.permissions.deny(request.origin);
    },
  };
}

async function sign(
  request: PendingRequest,
  payload: SignRequestPayload,
  deps: ExecutorDeps,
  onProgress: (progress: SigningProgress) => void,
): Promise<SignResult> {
  const account = request.account;
  if (!account)
    throw new WalletError('A signing request without an account', { details: { id: request.id } });
  if (payload.kind === 'substrate-payload') {
    return { signature: signSubstratePayload(await deps.accounts().pair(account), payload.payload) };
  }
  if (payload.kind === 'substrate-raw') {
    return { signature: signSubstrateRaw(await deps.accounts().pair(account), payload.data) };
  }
  const registration = (await deps.accounts().list()).find((a) => a.address === account)?.registration;
  if (!registration) {
    throw new AccountNotRegistered('This account has no registered Entropy key yet', {
      details: { account },
    });
  }
  const { sigHash, delivery } = signingHash(payload);
  const signature = await deps
    .signer()
    .signHash({ requestId: request.id, account, sigHash, delivery }, onProgress);
  await assertSignedBy(sigHash, signature, registration.ethAddress);
  return {
    signature: messageSignatureHex(signature),
    ...(payload.kind === 'evm-transaction'
      ? { signedTransaction: signedTransaction(payload.transaction, signature) }
      : {}),
  };
}
