import type { RequestEnvelope, ServerEnvelope } from './envelope';
import { createMessageClient, type MessageClient } from './client';
import { Disconnected } from './errors';
import type { RequestContext, Router } from './router';

/** The part of `browser.runtime.Port` messaging needs; lets tests use an in-memory pair. */
export interface PortLike {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** Background side: answers every request arriving on `port` through `router`. */
export function servePort(
  port: PortLike,
  context: Omit<RequestContext, 'emit' | 'onClose'>,
  router: Router,
): void {
  let open = true;
  const closeListeners = new Set<() => void>();
  port.onDisconnect.addListener(() => {
    open = false;
    for (const listener of closeListeners) listener();
    closeListeners.clear();
  });
  const onClose = (listener: () => void) => {
    if (open) closeListeners.add(listener);
    else listener();
  };
  const post = (envelope: ServerEnvelope) => {
    // A port closed by the other side throws on post; the answer has nowhere to go.
    if (open) port.postMessage(envelope);
  };
  port.onMessage.addListener((raw) => {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const emit = (event: unknown) => {
      if (typeof id === 'string') post({ id, event });
    };
    void router.handle(raw, { ...context, emit, onClose }).then((response) => {
      if (response) post(response);
    });
  });
}

/** Popup / content side: a typed client over a runtime port. */
export function connectPortClient(port: PortLike): MessageClient {
  const client = createMessageClient((envelope: RequestEnvelope) => port.postMessage(envelope));
  port.onMessage.addListener((message) => client.receive(message as ServerEnvelope));
  port.onDisconnect.addListener(() => client.failAll(new Disconnected('The wallet background stopped')));
  return client;
}
