import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createEntropyWalletGlobal } from '../lib/inpage/entropy-wallet';
import { installProviders } from '../lib/inpage/install';
import { createWindowClient } from '../lib/messaging';

export default defineUnlistedScript(() => {
  const client = createWindowClient(window);
  Object.defineProperty(window, 'entropyWallet', {
    value: createEntropyWalletGlobal(client, __WALLET_VERSION__),
    configurable: false,
    writable: false,
  });
  installProviders(window, client, __WALLET_VERSION__);
  window.dispatchEvent(new Event('entropyWallet#initialized'));
});
