import { hashTypedData, type Hex, type TypedDataDefinition } from 'viem';
import type { AccountsService, ApprovedRequestSigner } from '../background/types';
import { WalletError } from '../errors';
import { messageSigHash } from '../ethereum/message';
import { assertSignedBy, messageSignatureHex } from '../ethereum/signature';
import { signedTransaction, transactionSigHash, unsignedTransaction } from '../ethereum/transaction';
import type { PermissionStore } from '../permissions/store';
import type { EvmNetwork } from '../settings/types';
import type { ConstraintResult, UserTxRequest } from '../tss/types';
import type { ConstraintSubject } from '../wallet/constraint-rules';
import { ConstraintViolation } from '../wallet/signing/errors';
import { AccountNotRegistered } from './errors';
import type { RequestExecutor } from './queue';
import { signSubstratePayload, signSubstrateRaw } from './substrate';
import type {
  PendingRequest,
  RequestPayload,
  SignRequestPayload,
  SignResult,
  SigningProgress,
} from './types';

export interface ExecutorDeps {
  accounts(): AccountsService;
  signer(): ApprovedRequestSigner;
  permissions: PermissionStore;
  /** The EVM chains: adding an approved network, broadcasting a signed transaction (returns its hash). */
  evm?: {
    addNetwork(network: EvmNetwork): Promise<void>;
    broadcast(chainId: number, signedTransaction: Hex): Promise<Hex>;
  };
  /** The account's constraints from chain storage, judged as the validators will: checked before any fee. */
  constraints?: { check(account: string, subject: ConstraintSubject): Promise<ConstraintResult[]> };
}

/** What the constraints judge of a payload: the recipient of a transaction, or the kind of data. */
export function constraintSubject(payload: ThresholdPayload): ConstraintSubject {
  switch (payload.kind) {
    case 'evm-transaction':
      return { arch: 'evm', to: payload.transaction.to ?? null };
    case 'personal-message':
      return { arch: 'message' };
    case 'typed-data':
      return { arch: 'typed-data' };
    case 'hash':
      return { arch: 'hash' };
  }
}

/** The refusal the validators are certain to give, as the error the page gets (not the user's 4001). */
export function refusalError(
  refusal: ConstraintResult,
  checkedBy: 'wallet' | 'validators',
): ConstraintViolation {
  return new ConstraintViolation(
    `The validators will refuse this: ${refusal.reason} (${refusal.constraint})`,
    {
      details: { constraint: refusal.constraint, reason: refusal.reason, checkedBy },
    },
  );
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
      const { payload } = request;
      if (payload.kind === 'authorize') {
        await deps.permissions.allow(request.origin, approval.accounts);
        return { authorised: true };
      }
      if (payload.kind === 'add-chain') {
        if (!deps.evm) throw new WalletError('This wallet cannot add networks');
        await deps.evm.addNetwork(payload.network);
        await deps.permissions.setChain(request.origin, payload.network.chainId);
        return null;
      }
      if (payload.kind === 'switch-chain') {
        await deps.permissions.setChain(request.origin, payload.chainId);
        return null;
      }
      return sign(request, payload, deps, onProgress);
    },
    async rejected(request) {
      if (request.kind === 'authorize') await deps.permissions.deny(request.origin);
    },
    rejection(request) {
      const refusal = request.display.kind === 'evm-transaction' ? request.display.refusal : undefined;
      return refusal ? refusalError(refusal, 'wallet') : undefined;
    },
  };
}

async function sign(
  request: PendingRequest,
  payload: Exclude<RequestPayload, { kind: 'authorize' | 'add-chain' | 'switch-chain' }>,
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
  // Read from chain storage now, not when the request was shown; the signer reads the keys meanwhile,
  // and submits nothing before this passed: a refusal costs no prepTransaction fee.
  const { sigHash, delivery } = signingHash(payload);
  const precheck = (async () => {
    const refusal = (await deps.constraints?.check(account, constraintSubject(payload)))?.find((r) => !r.ok);
    if (refusal) throw refusalError(refusal, 'wallet');
  })();
  // The signer awaits it, maybe only after the account's previous run (not an unhandled rejection).
  precheck.catch(() => undefined);
  const signature = await deps
    .signer()
    .signHash({ requestId: request.id, account, sigHash, delivery, precheck }, onProgress);
  await assertSignedBy(sigHash, signature, registration.ethAddress);
  if (payload.kind !== 'evm-transaction') return { signature: messageSignatureHex(signature) };
  const signed = signedTransaction(payload.transaction, signature);
  if (!payload.broadcast) return { signature: messageSignatureHex(signature), signedTransaction: signed };
  if (!deps.evm) throw new WalletError('This wallet cannot broadcast transactions');
  const transactionHash = await deps.evm.broadcast(payload.chainId, signed);
  return { signature: messageSignatureHex(signature), signedTransaction: signed, transactionHash };
}
