import { isAddress } from 'viem';
import { fundFromFaucet } from '../../../devnet/evm/faucet';
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

document.getElementById('evm-faucet')!.addEventListener('click', async () => {
  const out = document.getElementById('evm-faucet-result')!;
  const address = (document.getElementById('evm-faucet-address') as HTMLInputElement).value.trim();
  const rpc = (document.getElementById('evm-faucet-rpc') as HTMLInputElement).value.trim();
  if (!isAddress(address, { strict: false })) {
    out.textContent = 'Error: not a 0x address';
    return;
  }
  out.textContent = 'sending…';
  try {
    const { hashes } = await fundFromFaucet(rpc, address);
    out.textContent = `Sent in transactions ${hashes.join(', ')}`;
  } catch (error) {
    out.textContent = `Error: ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}`;
  }
});
