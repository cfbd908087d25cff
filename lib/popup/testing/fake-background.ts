/** A background that answers the popup from an in-memory wallet, over the real client and envelopes. */
import type { Constraints } from '../../chain/entropy';
import { WalletError } from '../../errors';
import { createMessageClient, type MessageClient, type Method, type RequestEnvelope } from '../../messaging';
import type { OriginPermission } from '../../permissions/store';
import type { PendingRequest } from '../../requests/types';
import type { AccountInfo } from '../../wallet/accounts/types';
import type { AccountBalance } from '../../wallet/balances';
import type { NetworkStatus } from '../../wallet/network';
import type { HistoryEntry } from '../../wallet/history';
import type { SigningSessionView } from '../../wallet/signing/view';
import { builtinEvmNetworks } from '../../settings/evm-networks';
import type { EvmBalances } from '../../ethereum/balances';

export interface FakeWallet {
  initialised: boolean;
  unlocked: boolean;
  password?: string;
  autoLockMinutes: number;
  accounts: AccountInfo[];
  requests: PendingRequest[];
  sessions: SigningSessionView[];
  history: HistoryEntry[];
  permissions: OriginPermission[];
  endpoint: string;
  ethSignEnabled: boolean;
  mnemonic: string;
  /** The back-off a wrong password imposes (the real vault doubles it per failure). */
  backoffMs: number;
  retryAfterMs: number;
  /** The chain's constraints, by account. */
  constraints: Record<string, Constraints>;
  network: NetworkStatus;
  balances: Record<string, AccountBalance>;
  /** The selected EVM chain and what the accounts hold there. */
  defaultEvmChainId: number;
  evm: EvmBalances | null;
}

export class FakeRefusal extends WalletError {
  constructor(message: string, code: string, details?: Record<string, unknown>) {
    super(message, { code, ...(details ? { details } : {}) });
  }
}

export interface FakeBackground {
  client: MessageClient;
  wallet: FakeWallet;
  calls: { method: Method; params: unknown }[];
  /** Changes the wallet, then pushes the new snapshot to the popup's `pri(state.subscribe)`. */
  change(mutate: (wallet: FakeWallet) => void): void;
  /** Pushes an event on the open `method` subscription (e.g. registration progress). */
  emit(method: Method, event: unknown): void;
  /** Overrides one method's answer. */
  override(method: Method, answer: (params: unknown) => unknown): void;
}

export const TEST_MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

export function fakeBackground(initial: Partial<FakeWallet> = {}): FakeBackground {
  const wallet: FakeWallet = {
    initialised: false,
    unlocked: false,
    autoLockMinutes: 15,
    accounts: [],
    requests: [],
    sessions: [],
    history: [],
    permissions: [],
    endpoint: 'ws://127.0.0.1:9944',
    ethSignEnabled: false,
    mnemonic: TEST_MNEMONIC,
    backoffMs: 0,
    retryAfterMs: 0,
    constraints: {},
    network: {
      endpoint: 'ws://127.0.0.1:9944',
      state: 'connected',
      chain: 'Entropy devnet',
      token: { symbol: 'BITS', decimals: 10 },
    },
    balances: {},
    defaultEvmChainId: 31337,
    evm: null,
    ...initial,
  };
  const calls: FakeBackground['calls'] = [];
  const overrides = new Map<Method, (params: unknown) => unknown>();
  const subscribers = new Map<Method, Set<string>>();
  const vault = () => ({
    initialised: wallet.initialised,
    unlocked: wallet.unlocked,
    autoLockMinutes: wallet.autoLockMinutes,
    retryAfterMs: wallet.retryAfterMs,
  });
  const settings = () => ({
    endpoint: wallet.endpoint,
    ethSignEnabled: wallet.ethSignEnabled,
    evmNetworks: builtinEvmNetworks(),
    defaultEvmChainId: wallet.defaultEvmChainId,
  });
  const snapshot = () =>
    structuredClone({
      vault: vault(),
      accounts: wallet.accounts,
      requests: wallet.requests,
      sessions: wallet.sessions,
      history: wallet.history,
      settings: settings(),
      permissions: wallet.permissions,
      network: wallet.network,
      balances: wallet.balances,
      evm: wallet.evm,
    });

  /** The wallet password asked again, refused like the vault does, with its back-off in the details. */
  function checkPassword(password: unknown): void {
    if (password === wallet.password) return;
    wallet.retryAfterMs = wallet.backoffMs;
    throw new FakeRefusal(
      'That password is not right',
      'WRONG_PASSWORD',
      wallet.backoffMs > 0 ? { retryAfterMs: wallet.backoffMs } : undefined,
    );
  }

  function answer(method: Method, params: unknown): unknown {
    const p = (params ?? {}) as Record<string, unknown>;
    switch (method) {
      case 'pri(wallet.status)':
        return {
          name: 'Entropy Wallet',
          version: '1.2.3',
          endpoint: wallet.endpoint,
          engine: { sha256: 'wasm', arithmetic: 'wasm' },
        };
      case 'pri(vault.status)':
        return vault();
      case 'pri(vault.create)':
        Object.assign(wallet, { initialised: true, unlocked: true, password: p.password });
        return vault();
      case 'pri(vault.unlock)':
        checkPassword(p.password);
        wallet.unlocked = true;
        return vault();
      case 'pri(vault.changePassword)':
        checkPassword(p.current);
        wallet.password = p.next as string;
        return vault();
      case 'pri(vault.lock)':
        wallet.unlocked = false;
        return vault();
      case 'pri(vault.setAutoLock)':
        wallet.autoLockMinutes = p.minutes as number;
        return vault();
      case 'pri(settings.get)':
        return settings();
      case 'pri(settings.update)':
        if (typeof p.endpoint === 'string' && !/^wss?:\/\//.test(p.endpoint)) {
          throw new FakeRefusal('Use a ws:// or wss:// URL', 'INVALID_REQUEST');
        }
        Object.assign(wallet, p);
        return settings();
      case 'pri(accounts.list)':
        return wallet.accounts;
      case 'pri(accounts.generateMnemonic)':
        return { mnemonic: wallet.mnemonic };
      case 'pri(accounts.create)': {
        const account: AccountInfo = {
          address: `5Fake${wallet.accounts.length}`,
          name: p.name as string,
          publicKey: '0x00',
        };
        wallet.accounts.push(account);
        return account;
      }
      case 'pri(accounts.exportMnemonic)':
        checkPassword(p.password);
        return { mnemonic: wallet.mnemonic };
      case 'pri(accounts.remove)':
        checkPassword(p.password);
        wallet.accounts = wallet.accounts.filter((a) => a.address !== p.address);
        return null;
      case 'pri(accounts.rename)': {
        const renamed = { ...wallet.accounts.find((a) => a.address === p.address)!, name: p.name as string };
        wallet.accounts = wallet.accounts.map((a) => (a.address === p.address ? renamed : a));
        return renamed;
      }
      case 'pri(balances.transfer)': {
        const from = wallet.balances[p.from as string];
        if (!from || BigInt(from.transferable) < BigInt(p.amount as string)) {
          throw new FakeRefusal(
            'This account has no BITS to pay the fee — fund it from the faucet first.',
            'TRANSACTION_INVALID',
            {
              reason: '1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)',
            },
          );
        }
        return { blockNumber: 42, blockHash: `0x${'ab'.repeat(32)}` };
      }
      case 'pri(eth.send)': {
        const account = wallet.accounts.find((a) => a.address === p.from);
        const holdings = account?.registration && wallet.evm?.holdings[account.registration.ethAddress];
        if (!holdings || BigInt(holdings.native) === 0n) {
          throw new FakeRefusal(
            'The account cannot pay the value plus the maximum fee of this transaction',
            'INSUFFICIENT_FUNDS',
          );
        }
        return { queued: true };
      }
      case 'pri(constraints.get)':
        return wallet.constraints[p.address as string] ?? {};
      case 'pri(constraints.update)':
        wallet.constraints[p.address as string] = p.constraints as Constraints;
        return p.constraints;
      case 'pri(state.get)':
        return snapshot();
      case 'pri(state.subscribe)':
        return new Promise(() => undefined);
      case 'pri(requests.approve)':
      case 'pri(requests.reject)':
        wallet.requests = wallet.requests.filter((r) => r.id !== p.id);
        return method === 'pri(requests.approve)'
          ? { id: p.id, status: 'approved', result: null }
          : {
              id: p.id,
              status: 'rejected',
              error: { name: 'UserRejected', code: 'USER_REJECTED', message: 'no' },
            };
      case 'pri(permissions.list)':
        return wallet.permissions;
      case 'pri(permissions.revoke)':
        wallet.permissions = wallet.permissions.filter((x) => x.origin !== p.origin);
        return wallet.permissions;
      case 'pri(backup.export)':
        if (p.password !== wallet.password)
          throw new FakeRefusal('That password is not right', 'WRONG_PASSWORD');
        return { file: '{"backup":true}', fileName: 'entropy-wallet-backup.json' };
      default:
        throw new FakeRefusal(`${method} is not in this fake`, 'NOT_IMPLEMENTED');
    }
  }

  const client: MessageClient = createMessageClient((request: RequestEnvelope) => {
    const method = request.method as Method;
    calls.push({ method, params: request.params });
    subscribers.set(method, (subscribers.get(method) ?? new Set()).add(request.id));
    queueMicrotask(() => {
      void Promise.resolve()
        .then(() =>
          (overrides.get(request.method as Method) ?? ((params) => answer(request.method as Method, params)))(
            request.params,
          ),
        )
        .then(
          (result) => client.receive({ id: request.id, result }),
          (error: WalletError) => client.receive({ id: request.id, error: error.toJSON() }),
        );
    });
  });

  return {
    client,
    wallet,
    calls,
    change(mutate) {
      mutate(wallet);
      const event = snapshot();
      for (const id of subscribers.get('pri(state.subscribe)') ?? []) client.receive({ id, event });
    },
    emit(method, event) {
      for (const id of subscribers.get(method) ?? []) client.receive({ id, event });
    },
    override(method, fn) {
      overrides.set(method, fn);
    },
  };
}
