import type { BrowserContext, Page } from '@playwright/test';

export type Answer = { result?: unknown; error?: { code: string; message: string } };

/** A `pri(...)` request from an extension page, over the same runtime port the popup uses. */
export function walletRequest(extensionPage: Page, method: string, params?: unknown): Promise<Answer> {
  return extensionPage.evaluate(
    ([method, params]) =>
      new Promise<Answer>((resolve) => {
        const runtime = (
          globalThis as unknown as {
            chrome: {
              runtime: {
                connect(o: { name: string }): {
                  postMessage(m: unknown): void;
                  disconnect(): void;
                  onMessage: { addListener(l: (m: Answer & { id: string }) => void): void };
                };
              };
            };
          }
        ).chrome.runtime;
        const port = runtime.connect({ name: 'entropy-wallet:popup' });
        const id = `e2e-${Math.random().toString(36).slice(2)}`;
        port.onMessage.addListener((message) => {
          if (message.id !== id || !('result' in message || 'error' in message)) return;
          port.disconnect();
          resolve({ result: message.result, error: message.error });
        });
        port.postMessage({ id, method, params });
      }),
    [method, params] as const,
  );
}

/** The approval window the wallet opens for a new request. */
export async function approvalWindow(context: BrowserContext, extensionId: string): Promise<Page> {
  const url = `chrome-extension://${extensionId}/popup.html`;
  const open = context.pages().find((p) => p.url() === url);
  return open ?? (await context.waitForEvent('page', { predicate: (p) => p.url() === url }));
}
