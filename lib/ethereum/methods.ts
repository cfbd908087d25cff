import type { Address, Hex } from 'viem';
import { WalletError } from '../errors';
import { Unauthorized } from '../messaging/errors';
import type { SignRequestPayload, SignResult } from '../requests/types';
import type { EvmNetwork } from '../settings/types';
import { chainIdHex } from './chains';
import { UnrecognizedChain, UnsupportedMethod } from './errors';
import { messageSigHash, parseMessage } from './message';
import { parseAddress, parseBytes32, parseObject, parseSafeInteger, positional } from './params';
import { parseTransactionRequest, transactionSigHash } from './transaction';
import { parseTypedData } from './typed-data';

/** An account the origin may use on Ethereum: its Substrate address and the registered key's address. */
export interface EvmAccount {
  address: string;
  ethAddress: Address;
}

/** What the EIP-1193 methods need from the background, injected so they stay pure and testable. */
export interface EthereumEnv {
  /** The EVM chains the user configured (settings), with their RPC endpoints. */
  networks(): Promise<EvmNetwork[]>;
  defaultChainId(): Promise<number>;
  /** The origin's stored grant, or undefined when it is not authorised. Never queues anything. */
  permission(): Promise<{ chainId: number } | undefined>;
  /** Queues an authorisation request when needed; resolves once the origin is authorised. */
  authorise(): Promise<void>;
  /** The origin's authorised accounts that have a registered Entropy key. */
  accounts(): Promise<EvmAccount[]>;
  ethSignEnabled(): Promise<boolean>;
  switchChain(chainId: number): Promise<void>;
  /** Queues a signing request for approval; resolves with the approved result. */
  sign(account: EvmAccount, payload: SignRequestPayload, sigHash: Hex): Promise<SignResult>;
}

export interface EthereumRequest {
  method: string;
  params?: unknown;
}

/** Answers one EIP-1193 request for one origin. Errors are typed (see errors.ts for their EIP-1193 codes). */
export async function handleEthereumRequest(request: EthereumRequest, env: EthereumEnv): Promise<unknown> {
  const { method, params } = request;
  switch (method) {
    case 'eth_chainId':
      positional(params, method, 0);
      return chainIdHex(await currentChainId(env));
    case 'net_version':
      positional(params, method, 0);
      return String(await currentChainId(env));
    case 'eth_accounts':
      positional(params, method, 0);
      await requireAuthorised(env);
      return (await env.accounts()).map((a) => a.ethAddress);
    case 'eth_requestAccounts':
      positional(params, method, 0);
      await env.authorise();
      return (await env.accounts()).map((a) => a.ethAddress);
    case 'wallet_switchEthereumChain':
      return switchChain(positional(params, method, 1), env);
    case 'personal_sign':
      return personalSign(positional(params, method, 2, 3), env);
    case 'eth_sign':
      return ethSign(positional(params, method, 2), env);
    case 'eth_signTypedData_v4':
      return signTypedData(positional(params, method, 2), env);
    case 'eth_signTransaction':
      return signTransaction(positional(params, method, 1), env);
    default:
      throw new UnsupportedMethod(`The wallet does not support "${method.slice(0, 64)}"`, {
        details: { method: method.slice(0, 64) },
      });
  }
}

async function currentChainId(env: EthereumEnv): Promise<number> {
  return (await env.permission())?.chainId ?? (await env.defaultChainId());
}

async function requireAuthorised(env: EthereumEnv): Promise<{ chainId: number }> {
  const permission = await env.permission();
  if (!permission) {
    throw new Unauthorized('This site is not connected to the wallet; call eth_requestAccounts first');
  }
  return permission;
}

/** The authorised account behind `address`; an account the origin may not use is 4100, like no account. */
async function accountFor(address: Address, env: EthereumEnv): Promise<EvmAccount> {
  const account = (await env.accounts()).find((a) => a.ethAddress.toLowerCase() === address.toLowerCase());
  if (!account) {
    throw new Unauthorized('This site is not authorised for that account', { details: { address } });
  }
  return account;
}

async function switchChain([arg]: unknown[], env: EthereumEnv): Promise<null> {
  await requireAuthorised(env);
  const chainId = parseSafeInteger(parseObject(arg, 'chain').chainId, 'chainId');
  if (!(await env.networks()).some((c) => c.chainId === chainId)) {
    throw new UnrecognizedChain(`Chain ${chainId} is not configured in the wallet`, { details: { chainId } });
  }
  await env.switchChain(chainId);
  return null;
}

async function personalSign([message, address]: unknown[], env: EthereumEnv): Promise<Hex> {
  await requireAuthorised(env);
  const raw = parseMessage(message);
  const account = await accountFor(parseAddress(address, 'address'), env);
  return (await env.sign(account, { kind: 'personal-message', message: raw }, messageSigHash(raw))).signature;
}

async function ethSign([address, hash]: unknown[], env: EthereumEnv): Promise<Hex> {
  if (!(await env.ethSignEnabled())) {
    // eth_sign signs an opaque hash (it may be a transaction); off unless the user turned it on.
    throw new UnsupportedMethod('eth_sign is disabled in the wallet settings', {
      details: { method: 'eth_sign', setting: 'ethSignEnabled' },
    });
  }
  await requireAuthorised(env);
  const sigHash = parseBytes32(hash, 'hash');
  const account = await accountFor(parseAddress(address, 'address'), env);
  return (await env.sign(account, { kind: 'hash', hash: sigHash }, sigHash)).signature;
}

async function signTypedData([address, data]: unknown[], env: EthereumEnv): Promise<Hex> {
  const { chainId } = await requireAuthorised(env);
  // The account first: a page that may not sign with it gets 4100 without the wallet parsing its data.
  const account = await accountFor(parseAddress(address, 'address'), env);
  const { typedData, sigHash } = parseTypedData(data);
  return (await env.sign(account, { kind: 'typed-data', typedData, chainId }, sigHash)).signature;
}

async function signTransaction([request]: unknown[], env: EthereumEnv): Promise<Hex> {
  const { chainId } = await requireAuthorised(env);
  const { from, transaction } = parseTransactionRequest(request, chainId);
  const account = await accountFor(from, env);
  const result = await env.sign(
    account,
    { kind: 'evm-transaction', transaction, chainId },
    transactionSigHash(transaction),
  );
  if (!result.signedTransaction) throw new WalletError('The signer returned no signed transaction');
  return result.signedTransaction;
}
