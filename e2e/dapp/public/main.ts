import { fundFromAlice } from '../../../devnet/faucet';

const detected = document.getElementById('wallet-detected')!;
const result = document.getElementById('status-result')!;

function showWallet(): void {
  detected.textContent = window.entropyWallet
    ? `Entropy Wallet ${window.entropyWallet.version}`
    : 'not installed';
}

window.addEventListener('entropyWallet#initialized', showWallet);
window.addEventListener('load', showWallet);

document.getElementById('status')!.addEventListener('click', async () => {
  try {
    result.textContent = JSON.stringify(await window.entropyWallet!.status(), null, 2);
  } catch (error) {
    result.textContent = `Error: ${(error as Error).message}`;
  }
});

document.getElementById('faucet')!.addEventListener('click', async () => {
  const out = document.getElementById('faucet-result')!;
  const address = (document.getElementById('faucet-address') as HTMLInputElement).value.trim();
  const chain = (document.getElementById('faucet-chain') as HTMLInputElement).value.trim();
  out.textContent = 'sending…';
  try {
    out.textContent = `Sent in block ${await fundFromAlice(chain, address)}`;
  } catch (error) {
    out.textContent = `Error: ${(error as Error).message}`;
  }
});
