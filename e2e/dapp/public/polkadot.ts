import { web3Accounts, web3Enable } from '@polkadot/extension-dapp';

const injected = document.getElementById('injected')!;
const extensionsOut = document.getElementById('extensions')!;
const accountsOut = document.getElementById('accounts')!;

function showInjected(): void {
  const sources = Object.keys((window as { injectedWeb3?: Record<string, unknown> }).injectedWeb3 ?? {});
  injected.textContent = sources.length > 0 ? sources.join(', ') : 'none';
}
window.addEventListener('entropyWallet#initialized', showInjected);
window.addEventListener('load', showInjected);

function describe(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: string };
  return `Error ${String(code ?? '')}: ${message ?? String(error)}`;
}

document.getElementById('enable')!.addEventListener('click', async () => {
  extensionsOut.textContent = 'waiting for the wallet…';
  try {
    const extensions = await web3Enable('Entropy Polkadot test dApp');
    extensionsOut.textContent = JSON.stringify(extensions.map(({ name, version }) => ({ name, version })));
    const accounts = await web3Accounts();
    accountsOut.textContent = JSON.stringify(
      accounts.map(({ address, type, meta }) => ({ address, type, source: meta.source, name: meta.name })),
    );
  } catch (error) {
    extensionsOut.textContent = describe(error);
  }
});
