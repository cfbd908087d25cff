import { browser } from 'wxt/browser';
import type { Handler, WalletStatus } from '../../messaging';
import { protocolReady } from '../../protocol';
import { getSettings } from '../../settings';

async function walletStatus(): Promise<WalletStatus> {
  const manifest = browser.runtime.getManifest();
  return {
    name: manifest.name,
    version: manifest.version,
    endpoint: (await getSettings()).endpoint,
    engine: await protocolReady,
  };
}

export const pageStatus: Handler<'pub(wallet.status)'> = (_params, context) => {
  const manifest = browser.runtime.getManifest();
  return { name: manifest.name, version: manifest.version, origin: context.origin };
};

export const popupStatus: Handler<'pri(wallet.status)'> = () => walletStatus();
