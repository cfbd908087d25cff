import { storage } from 'wxt/utils/storage';
import { getSettings } from '../settings/store';

/** The user's decision about one origin. */
export interface OriginPermission {
  origin: string;
  allowed: boolean;
  /** SS58 addresses the origin may see and use; absent = all of the user's accounts. */
  accounts?: string[];
  /** The EVM chain this origin is on (wallet_switchEthereumChain is per site). */
  chainId: number;
  decidedAt: number;
}

/** The part of a WXT storage item the store uses. */
export interface PermissionItem {
  getValue(): Promise<Record<string, OriginPermission>>;
  setValue(value: Record<string, OriginPermission>): Promise<void>;
}

export interface PermissionStore {
  get(origin: string): Promise<OriginPermission | undefined>;
  list(): Promise<OriginPermission[]>;
  allow(origin: string, accounts?: string[]): Promise<OriginPermission>;
  deny(origin: string): Promise<OriginPermission>;
  /** Forgets the decision: the origin is asked again next time. */
  revoke(origin: string): Promise<void>;
  setChain(origin: string, chainId: number): Promise<OriginPermission>;
  /** Called with the origin whose permission changed (or was removed). */
  watch(listener: (origin: string, permission: OriginPermission | undefined) => void): () => void;
}

export function localPermissionItem(): PermissionItem {
  return storage.defineItem<Record<string, OriginPermission>>('local:permissions', { fallback: {} });
}

/** The chain a newly connected site starts on: the settings' default (31337 on the local network). */
async function settingsDefaultChainId(): Promise<number> {
  return (await getSettings()).defaultEvmChainId;
}

export function createPermissionStore(
  item: PermissionItem = localPermissionItem(),
  now: () => number = Date.now,
  defaultChainId: () => Promise<number> = settingsDefaultChainId,
): PermissionStore {
  const listeners = new Set<(origin: string, permission: OriginPermission | undefined) => void>();
  let chain: Promise<unknown> = Promise.resolve();
  function update(
    origin: string,
    change: (current: OriginPermission | undefined) => OriginPermission | undefined,
  ): Promise<OriginPermission | undefined> {
    const run = chain.then(async () => {
      const all = await item.getValue();
      const next = change(all[origin]);
      const { [origin]: _previous, ...rest } = all;
      await item.setValue(next ? { ...rest, [origin]: next } : rest);
      for (const listener of listeners) listener(origin, next);
      return next;
    });
    chain = run.catch(() => undefined);
    return run;
  }

  return {
    async get(origin) {
      return (await item.getValue())[origin];
    },
    async list() {
      return Object.values(await item.getValue()).sort((a, b) => a.origin.localeCompare(b.origin));
    },
    async allow(origin, accounts) {
      const chainId = await defaultChainId();
      return (await update(origin, (current) => ({
        origin,
        allowed: true,
        ...(accounts ? { accounts: [...accounts] } : {}),
        chainId: current?.chainId ?? chainId,
        decidedAt: now(),
      })))!;
    },
    async deny(origin) {
      const chainId = await defaultChainId();
      return (await update(origin, () => ({
        origin,
        allowed: false,
        chainId,
        decidedAt: now(),
      })))!;
    },
    async revoke(origin) {
      await update(origin, () => undefined);
    },
    async setChain(origin, chainId) {
      return (await update(origin, (current) => current && { ...current, chainId }))!;
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
