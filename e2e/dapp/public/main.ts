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
