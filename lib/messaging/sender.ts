import type { RequestContext } from './router';

export const CONTENT_PORT = 'entropy-wallet:content';
export const POPUP_PORT = 'entropy-wallet:popup';

/** The fields of `browser.runtime.MessageSender` we trust. */
export interface PortSender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
}

/**
 * Decides who is on the other end of a runtime port from what the browser reports about it.
 * Returns undefined for anything that is neither our content script in a tab nor our own extension page.
 */
export function classifyPort(
  portName: string,
  sender: PortSender | undefined,
  self: { extensionId: string; extensionOrigin: string },
): Omit<RequestContext, 'emit'> | undefined {
  if (!sender || sender.id !== self.extensionId) return undefined;
  if (portName === CONTENT_PORT && sender.tab) {
    const origin = sender.origin ?? originOf(sender.url);
    if (!origin || origin === 'null') return undefined;
    return { sender: 'page', origin, tabId: sender.tab.id };
  }
  // Our own pages may be a popup or a tab (approval windows). Prefix check, not URL.origin: non-web schemes
  // have an opaque origin outside Chrome.
  if (portName === POPUP_PORT && sender.url?.startsWith(`${self.extensionOrigin}/`)) {
    return { sender: 'popup', origin: self.extensionOrigin };
  }
  return undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
