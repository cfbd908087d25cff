import type { ApiPromise } from '@polkadot/api';

/** An account's native balance in the chain's smallest unit (decimal strings: JSON-safe, exact). */
export interface AccountBalance {
  free: string;
  /** What a transfer may spend: free minus what is frozen. */
  transferable: string;
}

interface AccountData {
  data: {
    free: { toBigInt(): bigint };
    frozen?: { toBigInt(): bigint };
    miscFrozen?: { toBigInt(): bigint };
  };
}

export function balanceOf(info: unknown): AccountBalance {
  const { data } = info as AccountData;
  const free = data.free.toBigInt();
  const frozen = (data.frozen ?? data.miscFrozen)?.toBigInt() ?? 0n;
  return { free: free.toString(), transferable: (free > frozen ? free - frozen : 0n).toString() };
}

/**
 * Follows the balances of `addresses` (`system.account`), calling `onChange` with all of them at once on
 * every change. Resolves with the unsubscribe function.
 */
export async function subscribeBalances(
  api: ApiPromise,
  addresses: string[],
  onChange: (balances: Record<string, AccountBalance>) => void,
): Promise<() => void> {
  if (addresses.length === 0) {
    onChange({});
    return () => undefined;
  }
  const unsubscribe = await api.query.system.account.multi(addresses, (infos: unknown[]) => {
    onChange(Object.fromEntries(addresses.map((address, i) => [address, balanceOf(infos[i])])));
  });
  return unsubscribe as unknown as () => void;
}
