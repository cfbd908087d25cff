/**
 * Every request that crosses into the background, in one table.
 *
 * `pub(...)` requests may come from pages (through the content script); `pri(...)` requests only from the
 * extension's own pages (the popup). The router enforces the prefix against the sender it actually saw.
 */
export interface WalletStatus {
  name: string;
  version: string;
  /** The chain endpoint the wallet talks to. */
  endpoint: string;
}

export interface PageStatus extends WalletStatus {
  /** The origin the background attributed the request to, taken from the browser's sender info. */
  origin: string;
}

export interface Settings {
  endpoint: string;
}

export interface RequestTable {
  'pub(wallet.status)': { params: undefined; result: PageStatus };
  'pri(wallet.status)': { params: undefined; result: WalletStatus };
  'pri(settings.get)': { params: undefined; result: Settings };
  'pri(settings.update)': { params: Partial<Settings>; result: Settings };
}

export type Method = keyof RequestTable;
export type ParamsOf<M extends Method> = RequestTable[M]['params'];
export type ResultOf<M extends Method> = RequestTable[M]['result'];

export type SenderKind = 'page' | 'popup';

export function senderKindFor(method: string): SenderKind | undefined {
  if (method.startsWith('pub(')) return 'page';
  if (method.startsWith('pri(')) return 'popup';
  return undefined;
}
