import { web3Accounts, web3AccountsSubscribe, web3Enable, web3FromSource } from '@polkadot/extension-dapp';
import { stringToHex, stringToU8a, u8aWrapBytes } from '@polkadot/util';
import { decodeAddress, sr25519Verify } from '@polkadot/util-crypto';

/** What the dApp asks the wallet to sign (the test checks the approval window shows this text). */
const MESSAGE = 'Entropy e2e: prove you hold this account';

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
    const live = document.getElementById('accounts-live')!;
    await web3AccountsSubscribe((list) => {
      live.textContent = list.map((a) => a.meta.name).join(', ');
    });
  } catch (error) {
    extensionsOut.textContent = describe(error);
  }
});

const signRawOut = document.getElementById('sign-raw-result')!;
document.getElementById('sign-raw')!.addEventListener('click', async () => {
  signRawOut.textContent = 'waiting for the wallet…';
  try {
    const [account] = await web3Accounts();
    if (!account) throw new Error('no account');
    const { signer } = await web3FromSource(account.meta.source);
    const { signature } = await signer.signRaw!({
      address: account.address,
      data: stringToHex(MESSAGE),
      type: 'bytes',
    });
    // Strict check: sr25519 over the <Bytes>-wrapped message, as polkadot-js signs and verifies it.
    const valid = sr25519Verify(
      u8aWrapBytes(stringToU8a(MESSAGE)),
      signature,
      decodeAddress(account.address),
    );
    signRawOut.textContent = JSON.stringify({ valid });
  } catch (error) {
    signRawOut.textContent = describe(error);
  }
});
