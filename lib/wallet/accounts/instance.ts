import { walletVault } from '../vault/instance';
import { createAccounts } from './accounts';

/** The service worker's accounts, over the service worker's vault. */
export const walletAccounts = createAccounts(walletVault);
