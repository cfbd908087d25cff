import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { injectScript } from 'wxt/utils/inject-script';
import { bridgePageRequests, CONTENT_PORT, Disconnected, type ServerEnvelope } from '../lib/messaging';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: false,
  async main() {
    let port: ReturnType<typeof browser.runtime.connect> | undefined;
    // Requests in flight when the worker restarts are answered with an error instead of hanging.
    const inFlight = new Set<string>();

    const bridge = bridgePageRequests(window, (envelope) => {
      inFlight.add(envelope.id);
      connect().postMessage(envelope);
    });

    function connect() {
      if (port) return port;
      const opened = browser.runtime.connect({ name: CONTENT_PORT });
      opened.onMessage.addListener((message: ServerEnvelope) => {
        if ('result' in message || 'error' in message) inFlight.delete(message.id);
        bridge.deliver(message);
      });
      opened.onDisconnect.addListener(() => {
        port = undefined;
        const error = new Disconnected('The wallet restarted before answering; please try again').toJSON();
        for (const id of inFlight) bridge.deliver({ id, error });
        inFlight.clear();
      });
      port = opened;
      return opened;
    }

    await injectScript('/inpage.js', { keepInDom: false });
  },
});
