import type { ApiPromise } from '@polkadot/api';
import type { Hex } from 'viem';
import type { Constraints } from '../chain/entropy';
import { passThrough } from '../ethereum/read';
import { createEvmRpc, onChain, type EvmRpc } from '../ethereum/rpc';
import type { ConstraintResult } from '../tss/types';
import { evaluateConstraints, type ConstraintSubject } from '../wallet/constraint-rules';
import { storage } from 'wxt/utils/storage';
import { createPermissionStore, type PermissionStore } from '../permissions/store';
import { UnrecognizedChain } from '../ethereum/errors';
import { ServiceUnavailable } from '../requests/errors';
import { createRequestQueue, type RequestQueue } from '../requests/queue';
import { createRequestExecutor } from '../requests/executor';
import { checkPhishing } from '../requests/phishing';
import { openApprovalWindow } from '../requests/popup-window';
import { getSettings, updateSettings } from '../settings';
import type { EvmNetwork } from '../settings/types';
import { walletAccounts } from '../wallet/accounts/instance';
import type { AccountsService, ApprovedRequestSigner } from './types';

/** What the rest of the background provides at start-up (see provideServices). */
export interface ProvidedServices {
  accounts: AccountsService;
  signer: ApprovedRequestSigner;
  /** Genesis hash of the chain the wallet is connected to, reported with Substrate accounts. */
  genesisHash?: () => Promise<Hex | undefined>;
  /** Calls `listener` when accounts are added, removed or registered; returns the unsubscribe function. */
  watchAccounts: (listener: () => void) => () => void;
  /** The connected chain, whose metadata decodes Substrate payloads for the user. */
  chainApi?: () => Promise<ApiPromise>;
  /** The account's constraints as the Entropy chain stores them (the validators read the same). */
  constraints: (address: string) => Promise<Constraints>;
}

/** Everything page-facing and approval handlers use. */
export interface BackgroundServices {
  accounts(): AccountsService;
  signer(): ApprovedRequestSigner;
  genesisHash(): Promise<Hex | null>;
  watchAccounts(listener: () => void): () => void;
  /** The connected chain (absent in backgrounds without one: Substrate payloads are then shown undecoded). */
  chainApi?(): Promise<ApiPromise>;
  queue: RequestQueue;
  permissions: PermissionStore;
  /** The EVM chains sites may use, with their RPC endpoints (settings). */
  evmNetworks(): Promise<EvmNetwork[]>;
  /** The chain a site is on until it switches. */
  defaultChainId(): Promise<number>;
  ethSignEnabled(): Promise<boolean>;
  /** The EVM chains' RPC clients. */
  evm: EvmRpc;
  /** The account's constraints from chain storage, judged by the validators' rules. */
  checkConstraints(address: string, subject: ConstraintSubject): Promise<ConstraintResult[]>;
}

// The worker's accounts service exists already (its public list lives in `local:accounts.list`); the signer
// arrives with lib/wallet/signing.
let provided: Partial<ProvidedServices> = {
  accounts: walletAccounts,
  watchAccounts: (listener) => storage.watch('local:accounts.list', () => listener()),
};
let instance: BackgroundServices | undefined;

/** Called by the background's entrypoint once the accounts service and the signer exist. */
export function provideServices(services: Partial<ProvidedServices>): void {
  provided = { ...provided, ...services };
}

function required<K extends 'accounts' | 'signer' | 'chainApi' | 'constraints'>(
  name: K,
): NonNullable<ProvidedServices[K]> {
  const service = provided[name];
  if (!service)
    throw new ServiceUnavailable(`The wallet's ${name} service is not ready`, { details: { service: name } });
  return service;
}

/** Replaces the whole set (a background wired differently, or tests with in-memory services). */
export function installServices(services: BackgroundServices): void {
  instance = services;
}

/** The background's services, built on first use (the queue and permissions are ours; the rest provided). */
export function getServices(): BackgroundServices {
  if (instance) return instance;
  const permissions = createPermissionStore();
  const accounts = () => required('accounts');
  const signer = () => required('signer');
  const evm = createEvmRpc(async () => (await getSettings()).evmNetworks);
  const checkConstraints = async (address: string, subject: ConstraintSubject) =>
    evaluateConstraints(await required('constraints')(address), subject);
  const queue = createRequestQueue({
    executor: createRequestExecutor({
      accounts,
      signer,
      permissions,
      evm: {
        addNetwork: (network) => addEvmNetwork(evm, network),
        async broadcast(chainId, signed) {
          const [client, network] = await Promise.all([evm.client(chainId), evm.network(chainId)]);
          return (await passThrough(client, network, 'eth_sendRawTransaction', [signed])) as Hex;
        },
      },
      constraints: { check: checkConstraints },
    }),
    openPopup: openApprovalWindow,
    screenOrigin: checkPhishing,
  });
  instance = {
    accounts,
    signer,
    genesisHash: async () => (await provided.genesisHash?.()) ?? null,
    watchAccounts: (listener) => provided.watchAccounts?.(listener) ?? (() => undefined),
    chainApi: () => required('chainApi')(),
    queue,
    permissions,
    evmNetworks: async () => (await getSettings()).evmNetworks,
    defaultChainId: async () => (await getSettings()).defaultEvmChainId,
    ethSignEnabled: async () => (await getSettings()).ethSignEnabled,
    evm,
    checkConstraints,
  };
  return instance;
}

/** Adds an approved network once its RPC proves to serve the chain id the site claimed. */
async function addEvmNetwork(evm: EvmRpc, network: EvmNetwork): Promise<void> {
  const probe = createEvmRpc(async () => [network]);
  const client = await probe.client(network.chainId);
  const answered = await onChain(network, () => client.getChainId());
  if (answered !== network.chainId) {
    throw new UnrecognizedChain(`${network.rpcUrl} serves chain ${answered}, not ${network.chainId}`, {
      details: { chainId: network.chainId, answered },
    });
  }
  const { evmNetworks } = await getSettings();
  if (evmNetworks.some((n) => n.chainId === network.chainId)) return;
  await updateSettings({ evmNetworks: [...evmNetworks, network] });
  await evm.network(network.chainId);
}
