import { getSettings } from '../settings';
import { createChainConnection } from '../wallet/chain-connection';
import { createHistory } from '../wallet/history';
import { walletAccounts } from '../wallet/accounts/instance';
import { createRestoreService } from '../wallet/recovery/restore';
import { createRegistrationService } from '../wallet/registration/service';
import { createSigningService } from '../wallet/signing/service';
import { createSessionViews } from '../wallet/signing/sessions';
import { walletVault } from '../wallet/vault/instance';
import { holdWorker } from './keepalive';

/** Holds the worker and the vault's idle timer while a long operation runs. */
function hold(): () => void {
  return holdWorker(() => void walletVault.touch().catch(() => undefined));
}

/** The worker's long-lived services, created once per worker start. */
export const chain = createChainConnection(async () => (await getSettings()).endpoint);
export const sessionViews = createSessionViews();
export const history = createHistory();
export const signing = createSigningService({
  accounts: walletAccounts,
  api: () => chain.api(),
  views: sessionViews,
  hold,
});
export const registration = createRegistrationService({
  accounts: walletAccounts,
  api: () => chain.api(),
  hold,
});

export const recovery = createRestoreService({
  accounts: walletAccounts,
  api: () => chain.api(),
  hold,
});

/** The genesis hash if the chain answers quickly; pages listing accounts must not wait on a dead endpoint. */
export async function genesisHashIfConnected(timeoutMs = 1_000): Promise<`0x${string}` | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs));
  const hash = chain
    .api()
    .then((api) => api.genesisHash.toHex())
    .catch(() => undefined);
  return Promise.race([hash, timeout]);
}
