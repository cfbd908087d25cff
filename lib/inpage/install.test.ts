// @vitest-environment jsdom
import { createStore } from 'mipd';
import { describe, expect, it } from 'vitest';
import { createMessageClient } from '../messaging';
import { installProviders } from './install';

describe('installing into a page that already has a wallet', () => {
  it('leaves window.ethereum to the other wallet and is still found through EIP-6963', () => {
    const other = { request: async () => null };
    (window as { ethereum?: unknown }).ethereum = other;
    const ours = installProviders(
      window,
      createMessageClient(() => {}),
      '1.0.0',
    );
    expect((window as { ethereum?: unknown }).ethereum).toBe(other);
    const store = createStore();
    expect(store.findProvider({ rdns: 'xyz.entropy.wallet' })?.provider).toBe(ours);
    store.destroy();
    expect(
      (window as unknown as { injectedWeb3: Record<string, { version: string }> }).injectedWeb3[
        'entropy-wallet'
      ],
    ).toMatchObject({ version: '1.0.0' });
  });
});
