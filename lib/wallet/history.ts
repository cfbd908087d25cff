import { storage } from 'wxt/utils/storage';
import type { SerializedError } from '../errors';
import type { ReceiptStatus } from '../ethereum/receipt';
import type { RequestQueue } from '../requests/queue';
import type { PendingRequest, RequestDisplay } from '../requests/types';

/** A transaction the wallet broadcast, and what its receipt says. */
export interface HistoryTransaction {
  hash: `0x${string}`;
  chainId: number;
  status: 'pending' | 'confirmed' | 'failed';
  /** `<explorer>/tx/<hash>` when the chain has an explorer. */
  explorerUrl?: string;
}

export interface HistoryEntry {
  id: string;
  origin: string;
  account?: string;
  kind: RequestDisplay['kind'];
  summary: string;
  outcome: 'signed' | 'authorised' | 'approved' | 'rejected' | 'failed';
  signature?: `0x${string}`;
  transaction?: HistoryTransaction;
  error?: SerializedError;
  at: number;
}

const MAX_ENTRIES = 200;
const item = storage.defineItem<HistoryEntry[]>('local:history', { fallback: [] });

/** One line a person recognises: what the request asked for. */
export function summarise(display: RequestDisplay): string {
  switch (display.kind) {
    case 'authorize':
      return `Connect ${display.origin}`;
    case 'evm-transaction': {
      const what = transactionSummary(display);
      return display.broadcast ? what : `Sign without sending: ${what}`;
    }
    case 'switch-chain':
      return `Switch to ${display.name} (${display.chainId})`;
    case 'add-chain':
      return `Add the network ${display.network.name} (${display.network.chainId})`;
    case 'personal-message':
    case 'substrate-raw':
      return display.text !== undefined
        ? `Sign message “${display.text.slice(0, 60)}”`
        : `Sign ${display.hex.slice(0, 18)}…`;
    case 'typed-data':
      return `Sign typed data ${display.primaryType}`;
    case 'hash':
      return `Sign hash ${display.hash.slice(0, 18)}…`;
    case 'substrate-payload':
      return 'Sign a Substrate transaction';
  }
}

type EvmDisplay = Extract<RequestDisplay, { kind: 'evm-transaction' }>;

function transactionSummary(display: EvmDisplay): string {
  const call = display.call;
  if (call?.kind === 'erc20') {
    const amount = call.unlimited ? 'an unlimited amount of' : (call.formatted ?? call.amount);
    const token = call.token.symbol ?? call.token.address;
    if (call.functionName === 'approve') return `Allow ${call.spender} to spend ${amount} ${token}`;
    return `Send ${amount} ${token} to ${call.recipient}`;
  }
  if (!display.to) return `Create a contract (${display.value})`;
  if (call?.kind === 'call') return `Call ${call.selector} on ${display.to} (${display.value})`;
  return `Send ${display.value} to ${display.to}`;
}

export interface History {
  list(): Promise<HistoryEntry[]>;
  add(entry: HistoryEntry): Promise<void>;
  /** Changes one entry's transaction status (from its receipt). */
  setTransactionStatus(id: string, status: HistoryTransaction['status']): Promise<void>;
  subscribe(listener: (entries: HistoryEntry[]) => void): () => void;
}

export function createHistory(): History {
  let writes = Promise.resolve();
  const listeners = new Set<(entries: HistoryEntry[]) => void>();
  return {
    list: () => item.getValue(),
    add(entry) {
      writes = writes.then(async () => {
        const entries = [entry, ...(await item.getValue()).filter((e) => e.id !== entry.id)].slice(
          0,
          MAX_ENTRIES,
        );
        await item.setValue(entries);
        for (const listener of listeners) listener(entries);
      });
      return writes;
    },
    setTransactionStatus(id, status) {
      writes = writes.then(async () => {
        const entries = (await item.getValue()).map((e) =>
          e.id === id && e.transaction ? { ...e, transaction: { ...e.transaction, status } } : e,
        );
        await item.setValue(entries);
        for (const listener of listeners) listener(entries);
      });
      return writes;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Records every answered request of the queue — signed, authorised, rejected or failed — in the history. */
export function recordQueueHistory(
  queue: RequestQueue,
  history: History,
  now: () => number = Date.now,
): () => void {
  const known = new Map<string, PendingRequest>();
  return queue.subscribe((event) => {
    if (event.type === 'requests') {
      for (const request of event.requests) known.set(request.id, request);
      return;
    }
    if (event.type !== 'answered') return;
    const request = event.request ?? known.get(event.outcome.id);
    known.delete(event.outcome.id);
    if (!request) return;
    const { outcome } = event;
    const base = {
      id: request.id,
      origin: request.origin,
      ...(request.account ? { account: request.account } : {}),
      kind: request.display.kind,
      summary: summarise(request.display),
      at: now(),
    };
    if (outcome.status === 'approved') {
      const result = outcome.result as { signature?: `0x${string}`; transactionHash?: `0x${string}` } | null;
      const display = request.display;
      const explorer = display.kind === 'evm-transaction' ? display.explorerUrl : undefined;
      void history.add({
        ...base,
        outcome:
          request.kind === 'authorize' ? 'authorised' : request.kind === 'chain' ? 'approved' : 'signed',
        ...(result?.signature ? { signature: result.signature } : {}),
        ...(result?.transactionHash && display.kind === 'evm-transaction'
          ? {
              transaction: {
                hash: result.transactionHash,
                chainId: display.chainId,
                status: 'pending' as const,
                ...(explorer ? { explorerUrl: `${explorer}/tx/${result.transactionHash}` } : {}),
              },
            }
          : {}),
      });
    } else {
      void history.add({ ...base, outcome: outcome.status, error: outcome.error });
    }
  });
}

/**
 * Follows every broadcast transaction still pending in the history until its receipt says confirmed or
 * failed (now, and for entries added later). `receipt` waits for the receipt, bounded; when it gives up the
 * entry stays pending and is followed again at the next worker start.
 */
export function trackTransactions(
  history: History,
  receipt: (chainId: number, hash: `0x${string}`) => Promise<ReceiptStatus | undefined>,
): () => void {
  const following = new Set<string>();
  const follow = (entries: HistoryEntry[]) => {
    for (const entry of entries) {
      const tx = entry.transaction;
      if (!tx || tx.status !== 'pending' || following.has(entry.id)) continue;
      following.add(entry.id);
      void receipt(tx.chainId, tx.hash)
        .then((status) => (status ? history.setTransactionStatus(entry.id, status) : undefined))
        .catch((error: unknown) =>
          console.warn('No receipt for', tx.hash, error instanceof Error ? error.message : error),
        )
        .finally(() => following.delete(entry.id));
    }
  };
  void history.list().then(follow);
  return history.subscribe(follow);
}
