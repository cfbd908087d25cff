import { createVault } from './vault';

/** The service worker's vault. All its state is in browser storage, so this object holds nothing secret. */
export const walletVault = createVault();
