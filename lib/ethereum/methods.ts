import type { Address, Hex } from 'viem';
import { WalletError } from '../errors';
import { InvalidRequest, Unauthorized } from '../messaging/errors';
import type { ChainPayload, EvmDisplayExtras, SignRequestPayload, SignResult } from '../requests/types';
import { validateEvmNetwork } from '../settings/evm-networks';
import type { EvmNetwork } from '../settings/types';
import type { ConstraintResult } from '../tss/types';
import type { ConstraintSubject } from '../wallet/constraint-rules';
import { chainIdHex } from './chains';
import { decodeCall, describeCall } from './decode';
import { InvalidParams, UnrecognizedChain, UnsupportedMethod } from './errors';
import { messageSigHash, parseMessage } from './message';
import { parseAddress, parseBytes, parseBytes32, parseObject, parseSafeInteger, positional } from './params';
import { passThrough, READ_METHODS } from './read';
import { onChain, type EvmRpc } from './rpc';
import { checkFeeLimits, feeLimitContext, fillTransaction } from './send';
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
  /** The page's origin (as the browser reported it). */
  origin: string;
  /** The origin's stored grant, or undefined when it is not authorised. Never queues anything. */
  permission(): Promise<{ chainId: number; decidedAt: number } | undefined>;
  /** Queues an authorisation request when needed; resolves once the origin is authorised. */
  authorise(): Promise<void>;
  /** The origin's authorised accounts that have a registered Entropy key. */
  accounts(): Promise<EvmAccount[]>;
  ethSignEnabled(): Promise<boolean>;
  /** Queues the user's approval to switch the site's chain (or add a network and switch); resolves once done. */
  requestChain(payload: ChainPayload): Promise<void>;
  /** Forgets the origin's grant (EIP-2255 wallet_revokePermissions). */
  revoke(): Promise<void>;
  /** The chains' RPC endpoints (viem clients, bounded in time and size). */
  rpc: EvmRpc;
  /** The account's constraints from chain storage, judged against the subject (the validators' rules). */
  checkConstraints(account: EvmAccount, subject: ConstraintSubject): Promise<ConstraintResult[]>;
  /** Queues a signing request for approval; resolves with the approved result. */
  sign(
    account: EvmAccount,
    payload: SignRequestPayload,
    sigHash: Hex,
    extras?: EvmDisplayExtras,
  ): Promise<SignResult>;
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
    case 'wallet_addEthereumChain':
      return addChain(positional(params, method, 1), env);
    case 'wallet_getPermissions':
      positional(params, method, 0);
      return permissions(env);
    case 'wallet_requestPermissions':
      accountsCapability(positional(params, method, 1)[0]);
      await env.authorise();
      return permissions(env);
    case 'wallet_revokePermissions':
      accountsCapability(positional(params, method, 1)[0]);
      await env.revoke();
      return null;
    case 'eth_sendTransaction':
      return sendTransaction(positional(params, method, 1), env);
    case 'eth_sendRawTransaction': {
      const { chainId } = await requireAuthorised(env);
      const [raw] = positional(params, method, 1);
      return passThrough(await env.rpc.client(chainId), await env.rpc.network(chainId), method, [
        parseBytes(raw, 'transaction'),
      ]);
    }
    case 'personal_sign':
      return personalSign(positional(params, method, 2, 3), env);
    case 'eth_sign':
      return ethSign(positional(params, method, 2), env);
    // v3 is v4 without arrays; viem hashes both alike.
    case 'eth_signTypedData_v3':
    case 'eth_signTypedData_v4':
      return signTypedData(positional(params, method, 2), env);
    case 'eth_signTransaction':
      return signTransaction(positional(params, method, 1), env);
    default:
      if (READ_METHODS.has(method)) {
        const { chainId } = await requireAuthorised(env);
        return passThrough(await env.rpc.client(chainId), await env.rpc.network(chainId), method, params);
      }
      throw new UnsupportedMethod(`The wallet does not support "${method.slice(0, 64)}"`, {
        details: { method: method.slice(0, 64) },
      });
  }
}

async function currentChainId(env: EthereumEnv): Promise<number> {
  return (await env.permission())?.chainId ?? (await env.defaultChainId());
}

async function requireAuthorised(env: EthereumEnv): Promise<{ chainId: number; decidedAt: number }> {
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

/** EIP-3326: the user approves the switch (a site cannot move itself to another chain unseen). */
async function switchChain([arg]: unknown[], env: EthereumEnv): Promise<null> {
  const current = await requireAuthorised(env);
  const chainId = parseSafeInteger(parseObject(arg, 'chain').chainId, 'chainId');
  const networks = await env.networks();
  const network = networks.find((c) => c.chainId === chainId);
  if (!network) {
    throw new UnrecognizedChain(`Chain ${chainId} is not configured in the wallet`, { details: { chainId } });
  }
  if (current.chainId === chainId) return null;
  await env.requestChain({
    kind: 'switch-chain',
    chainId,
    name: network.name,
    fromChainId: current.chainId,
    fromName: networks.find((c) => c.chainId === current.chainId)?.name ?? `Chain ${current.chainId}`,
  });
  return null;
}

function stringList(value: unknown, param: string): string[] {
  if (!Array.isArray(value) || value.length > 16 || value.some((v) => typeof v !== 'string')) {
    throw new InvalidParams(`"${param}" must be a list of URLs`, { details: { param } });
  }
  return value as string[];
}

/**
 * EIP-3085: a network the wallet does not know yet is added once the user approves (it then becomes the
 * site's chain); a known chain id is a switch. The RPC's chain id is checked when the user approves.
 */
async function addChain([arg]: unknown[], env: EthereumEnv): Promise<null> {
  await requireAuthorised(env);
  const params = parseObject(arg, 'chain');
  const chainId = parseSafeInteger(params.chainId, 'chainId');
  if ((await env.networks()).some((n) => n.chainId === chainId)) {
    return switchChain([{ chainId: chainIdHex(chainId) }], env);
  }
  const [rpcUrl] = stringList(params.rpcUrls, 'rpcUrls');
  const explorers =
    params.blockExplorerUrls === undefined || params.blockExplorerUrls === null
      ? []
      : stringList(params.blockExplorerUrls, 'blockExplorerUrls');
  let network: EvmNetwork;
  try {
    network = validateEvmNetwork(
      {
        chainId,
        name: params.chainName,
        rpcUrl,
        nativeCurrency: params.nativeCurrency,
        ...(explorers[0] ? { blockExplorerUrl: explorers[0] } : {}),
        addedBy: env.origin,
      },
      'chain',
    );
  } catch (error) {
    if (!(error instanceof InvalidRequest)) throw error;
    throw new InvalidParams(error.message, { details: error.details });
  }
  await env.requestChain({ kind: 'add-chain', network });
  return null;
}

/** EIP-2255: the one capability this wallet grants is `eth_accounts`. */
function accountsCapability(value: unknown): void {
  const request = parseObject(value, 'permissions');
  const keys = Object.keys(request);
  if (keys.length !== 1 || keys[0] !== 'eth_accounts') {
    throw new InvalidParams('Only the "eth_accounts" permission exists', {
      details: { param: 'permissions' },
    });
  }
}

async function permissions(env: EthereumEnv): Promise<unknown[]> {
  const permission = await env.permission();
  if (!permission) return [];
  return [
    {
      invoker: env.origin,
      parentCapability: 'eth_accounts',
      caveats: [{ type: 'restrictReturnedAccounts', value: (await env.accounts()).map((a) => a.ethAddress) }],
      date: permission.decidedAt,
    },
  ];
}

/**
 * `eth_sendTransaction`: what the dApp left out is filled from the chain, limits checked and the call
 * decoded; the constraints are judged from chain storage so a certain refusal is shown before any fee is
 * paid. Once approved it is signed by the committee and broadcast; the page gets the hash.
 */
async function sendTransaction([request]: unknown[], env: EthereumEnv): Promise<Hex> {
  const { chainId } = await requireAuthorised(env);
  const account = await accountFor(parseAddress(parseObject(request, 'transaction').from, 'from'), env);
  const [network, client] = await Promise.all([env.rpc.network(chainId), env.rpc.client(chainId)]);
  const { transaction } = await onChain(network, () => fillTransaction(client, request, chainId));
  checkFeeLimits(transaction, await onChain(network, () => feeLimitContext(client, account.ethAddress)));
  const [call, verdicts] = await Promise.all([
    onChain(network, () => describeCall(client, transaction.to, transaction.data)),
    env.checkConstraints(account, { arch: 'evm', to: transaction.to ?? null }),
  ]);
  const refusal = verdicts.find((v) => !v.ok);
  const result = await env.sign(
    account,
    { kind: 'evm-transaction', transaction, chainId, broadcast: true },
    transactionSigHash(transaction),
    { network, call, ...(refusal ? { refusal } : {}) },
  );
  if (!result.transactionHash) throw new WalletError('The transaction was signed but not broadcast');
  return result.transactionHash;
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
  const network = (await env.networks()).find((n) => n.chainId === chainId);
  const refusal = (await env.checkConstraints(account, { arch: 'evm', to: transaction.to ?? null })).find(
    (v) => !v.ok,
  );
  const result = await env.sign(
    account,
    { kind: 'evm-transaction', transaction, chainId },
    transactionSigHash(transaction),
    {
      ...(network ? { network } : {}),
      call: decodeCall(transaction.to, transaction.data),
      ...(refusal ? { refusal } : {}),
    },
  );
  if (!result.signedTransaction) throw new WalletError('The signer returned no signed transaction');
  return result.signedTransaction;
}
