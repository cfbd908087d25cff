import { createStore, type StoreApi } from 'zustand/vanilla';
import { WalletError } from '../errors';
import type { MessageClient, Settings, WalletStatus } from '../messaging';

export interface WalletState {
  status?: WalletStatus;
  /** The last error the background reported, in words for the user. */
  error?: { message: string; code: string };
  loading: boolean;
  refresh(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<boolean>;
}

export type WalletStore = StoreApi<WalletState>;

function describe(error: unknown): { message: string; code: string } {
  if (error instanceof WalletError) return { message: error.message, code: error.code };
  return { message: error instanceof Error ? error.message : String(error), code: 'INTERNAL' };
}

/** Popup state mirrors the background's; it only ever asks, never derives secrets itself. */
export function createWalletStore(client: MessageClient): WalletStore {
  return createStore<WalletState>()((set) => ({
    loading: true,
    async refresh() {
      set({ loading: true });
      try {
        set({ status: await client.request('pri(wallet.status)'), error: undefined, loading: false });
      } catch (error) {
        set({ error: describe(error), loading: false });
      }
    },
    async updateSettings(patch) {
      try {
        const settings = await client.request('pri(settings.update)', patch);
        set((state) => ({
          status: state.status && { ...state.status, endpoint: settings.endpoint },
          error: undefined,
        }));
        return true;
      } catch (error) {
        set({ error: describe(error) });
        return false;
      }
    },
  }));
}
