import { storage } from 'wxt/utils/storage';
import type { SerializedError } from '../errors';
import type { RequestQueue } from '../requests/queue';
import type { PendingRequest, RequestDisplay } from '../requests/types';

export interface HistoryEntry {
  id: string;
  origin: string;
  account?: string;
  kind: RequestDisplay['kind'];
  summary: string;
  outcome: 'signed' | 'authorised' | 'rejected' | 'failed';
  signature?: `0x${string}`;
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
    case 'evm-transaction':
      return display.to ? `Send ${display.value} to ${display.to}` : `Create a contract (${display.value})`;
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

export interface History {
  list(): Promise<HistoryEntry[]>;
  add(entry: HistoryEntry): Promise<void>;
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
      const signature = (outcome.result as { signature?: `0x${string}` } | null)?.signature;
      void history.add({
        ...base,
        outcome: request.kind === 'authorize' ? 'authorised' : 'signed',
        ...(signature ? { signature } : {}),
      });
    } else {
      void history.add({ ...base, outcome: outcome.status, error: outcome.error });
    }
  });
}
