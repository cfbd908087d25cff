import { browser, type Browser } from 'wxt/browser';
import { classifyPort, createRouter, servePort, type Handlers } from '../messaging';

/** Accepts ports from our content scripts and popup; anything else is disconnected unanswered. */
export function listenForPorts(handlers: Handlers): void {
  const router = createRouter(handlers);
  const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  browser.runtime.onConnect.addListener((port: Browser.runtime.Port) => {
    const context = classifyPort(port.name, port.sender, {
      extensionId: browser.runtime.id,
      extensionOrigin,
    });
    if (!context) {
      port.disconnect();
      return;
    }
    servePort(port, context, router);
  });
}
