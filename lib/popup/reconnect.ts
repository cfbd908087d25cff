import { connectPortClient, Disconnected, type MessageClient, type PortLike } from '../messaging';

export interface ReconnectOptions {
  /** The port went away (the service worker stopped or restarted): requests in flight have failed. */
  onDisconnect(): void;
  /** A new port is open: re-read the state and subscribe again. */
  onReconnect(): void;
  /** Delay before the next try after `connect` itself threw (the extension is being reloaded). */
  retryMs?: number;
}

/**
 * A `MessageClient` that never goes dead: when the port to the service worker closes (Chrome stops idle
 * workers; a crash or an update restarts it), it opens a new one at once — which starts the worker again —
 * and says so, so the popup re-reads its state instead of showing a frozen screen.
 */
export function reconnectingClient(connect: () => PortLike, options: ReconnectOptions): MessageClient {
  let current: MessageClient | undefined;
  let closing = false;

  function open(): void {
    let port: PortLike;
    try {
      port = connect();
    } catch {
      setTimeout(open, options.retryMs ?? 500);
      return;
    }
    const client = connectPortClient(port);
    const reconnected = current !== undefined;
    current = client;
    port.onDisconnect.addListener(() => {
      if (current !== client || closing) return;
      options.onDisconnect();
      open();
    });
    if (reconnected) options.onReconnect();
  }

  open();
  const active = () => {
    if (!current) throw new Disconnected('The wallet could not be reached');
    return current;
  };
  return {
    request: (method, params) => active().request(method, params),
    subscribe: (method, params, onEvent) => active().subscribe(method, params, onEvent),
    receive: (envelope) => active().receive(envelope),
    failAll(error) {
      closing = true;
      active().failAll(error);
    },
  };
}
