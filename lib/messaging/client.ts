import { deserializeError } from '../errors';
import { isResponse, type RequestEnvelope, type ServerEnvelope } from './envelope';
import { Disconnected } from './errors';
import type { Method, ParamsOf, ResultOf } from './table';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onEvent?: (event: unknown) => void;
}

export interface MessageClient {
  request<M extends Method>(method: M, params?: ParamsOf<M>): Promise<ResultOf<M>>;
  /** A request whose id stays open for pushed events until `unsubscribe`. */
  subscribe<M extends Method>(
    method: M,
    params: ParamsOf<M>,
    onEvent: (event: unknown) => void,
  ): { result: Promise<ResultOf<M>>; unsubscribe(): void };
  /** Feeds an envelope that arrived from the other end. */
  receive(envelope: ServerEnvelope): void;
  /** Fails every request still waiting, e.g. when the port disconnects. */
  failAll(error: Error): void;
}

let counter = 0;
function nextId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Correlates requests with answers by id over any one-way `send` channel. */
export function createMessageClient(send: (envelope: RequestEnvelope) => void): MessageClient {
  const pending = new Map<string, Pending>();

  function start(method: Method, params: unknown, onEvent?: (event: unknown) => void) {
    const id = nextId();
    const result = new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject, onEvent });
    });
    try {
      send({ id, method, params });
    } catch (error) {
      pending.get(id)?.reject(new Disconnected('The wallet could not be reached', { cause: error }));
      pending.delete(id);
    }
    return { id, result };
  }

  return {
    request(method, params) {
      return start(method, params).result as Promise<never>;
    },
    subscribe(method, params, onEvent) {
      const { id, result } = start(method, params, onEvent);
      return {
        result: result as Promise<never>,
        unsubscribe: () => {
          pending.delete(id);
        },
      };
    },
    receive(envelope) {
      const entry = pending.get(envelope.id);
      if (!entry) return;
      if (!isResponse(envelope)) {
        entry.onEvent?.(envelope.event);
        return;
      }
      if (!entry.onEvent) pending.delete(envelope.id);
      if ('error' in envelope) entry.reject(deserializeError(envelope.error));
      else entry.resolve(envelope.result);
    },
    failAll(error) {
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    },
  };
}
