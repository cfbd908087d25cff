import { defineBackground } from 'wxt/utils/define-background';
import { handlers } from '../lib/background/handlers';
import { listenForPorts } from '../lib/background/listen';
import { walletVault } from '../lib/wallet/vault/instance';

export default defineBackground({
  type: 'module',
  main() {
    // Synchronously at start-up, so an auto-lock alarm that wakes the worker finds its listener.
    walletVault.listen();
    listenForPorts(handlers);
  },
});
