import { erc20Abi, type Address, type PublicClient } from 'viem';
import type { EvmNetwork, EvmToken } from '../settings/types';
import { onChain } from './rpc';

/** One address's holdings on one EVM chain, in base units (decimal strings: JSON-safe, exact). */
export interface EvmHoldings {
  /** The native currency (wei). */
  native: string;
  /** Each configured token's balance; `undefined` where the token could not be read (not deployed, reverts). */
  tokens: { token: EvmToken; balance?: string }[];
}

/**
 * The native and token balances of `addresses` on `network`, read through its RPC (each call bounded by the
 * client's timeout). The chain not answering fails the whole read; one token failing leaves only its entry
 * without a balance, so a misconfigured token never hides the ETH balance.
 */
export async function readEvmBalances(
  client: PublicClient,
  network: Pick<EvmNetwork, 'chainId' | 'name' | 'tokens'>,
  addresses: Address[],
): Promise<Record<Address, EvmHoldings>> {
  const tokens = network.tokens ?? [];
  const entries = await Promise.all(
    addresses.map(async (address) => {
      const [native, balances] = await Promise.all([
        onChain(network, () => client.getBalance({ address })),
        Promise.all(
          tokens.map((token) =>
            client
              .readContract({
                address: token.address,
                abi: erc20Abi,
                functionName: 'balanceOf',
                args: [address],
              })
              .then(
                (balance) => ({ token, balance: balance.toString() }),
                () => ({ token }),
              ),
          ),
        ),
      ]);
      return [address, { native: native.toString(), tokens: balances }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Address, EvmHoldings>;
}

/** What the home screen shows of the selected EVM chain: its state and the accounts' holdings there. */
export interface EvmBalances {
  chainId: number;
  /** The network's name and native currency, as configured. */
  name: string;
  symbol: string;
  state: 'connecting' | 'connected' | 'unreachable';
  /** Why the chain's RPC did not answer, in words. */
  error?: string;
  /** By Ethereum address (checksummed), from the last read. */
  holdings: Record<Address, EvmHoldings>;
  /** The block the holdings were read at. */
  blockNumber?: string;
}

/** How often the chain's head is polled; balances are read again when it moved. */
export const EVM_POLL_MS = 4_000;

export interface EvmFollowDeps {
  /** The selected network (settings' default EVM chain). */
  network(): Promise<EvmNetwork>;
  client(chainId: number): Promise<PublicClient>;
  /** The registered accounts' Ethereum addresses. */
  addresses(): Promise<Address[]>;
  onChange(view: EvmBalances): void;
  pollMs?: number;
}

/**
 * Follows the accounts' balances on the selected EVM chain: read at once, then again whenever the chain's
 * head moves (polled; anvil mines a block per transaction) and whenever `refresh` is called (settings or
 * accounts changed). An unreachable RPC is reported and tried again at the next poll.
 */
export function followEvmBalances(deps: EvmFollowDeps): { refresh(): void; stop(): void } {
  const pollMs = deps.pollMs ?? EVM_POLL_MS;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let view: EvmBalances | undefined;

  function publish(next: EvmBalances): void {
    view = next;
    deps.onChange(next);
  }

  async function tick(force: boolean): Promise<void> {
    const mine = ++generation;
    clearTimeout(timer);
    let network: EvmNetwork | undefined;
    try {
      network = await deps.network();
      const base = { chainId: network.chainId, name: network.name, symbol: network.nativeCurrency.symbol };
      const sameChain = view?.chainId === network.chainId;
      if (!sameChain) publish({ ...base, state: 'connecting', holdings: {} });
      const [client, addresses] = await Promise.all([deps.client(network.chainId), deps.addresses()]);
      // No Ethereum address yet (nothing registered): nothing to read, and no reason to call the RPC.
      if (addresses.length === 0) {
        if (!stopped && mine === generation) timer = setTimeout(() => void tick(false), pollMs);
        return;
      }
      const head = await onChain(network, () => client.getBlockNumber({ cacheTime: 0 }));
      if (stopped || mine !== generation) return;
      const current = view;
      if (force || !sameChain || current?.state !== 'connected' || current.blockNumber !== head.toString()) {
        const holdings = await readEvmBalances(client, network, addresses);
        if (stopped || mine !== generation) return;
        publish({ ...base, state: 'connected', holdings, blockNumber: head.toString() });
      }
    } catch (error) {
      if (stopped || mine !== generation) return;
      const message = error instanceof Error ? error.message : String(error);
      publish({
        chainId: network?.chainId ?? view?.chainId ?? 0,
        name: network?.name ?? view?.name ?? 'Ethereum network',
        symbol: network?.nativeCurrency.symbol ?? view?.symbol ?? 'ETH',
        state: 'unreachable',
        error: message,
        holdings: {},
      });
    }
    if (!stopped && mine === generation) timer = setTimeout(() => void tick(false), pollMs);
  }

  void tick(true);
  return {
    refresh: () => void tick(true),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
