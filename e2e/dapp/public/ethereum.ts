import { createStore, type EIP6963ProviderDetail } from 'mipd';
import { createWalletClient, custom, type WalletClient } from 'viem';

const RDNS = 'xyz.entropy.wallet';
const store = createStore();
const providersOut = document.getElementById('providers')!;

function show(providers: readonly EIP6963ProviderDetail[]): void {
  providersOut.textContent = JSON.stringify(
    providers.map(({ info }) => ({ rdns: info.rdns, name: info.name })),
  );
}
show(store.getProviders());
store.subscribe(show);

function wallet(): WalletClient {
  const detail = store.findProvider({ rdns: RDNS });
  if (!detail) throw new Error('Entropy Wallet not found');
  return createWalletClient({ transport: custom(detail.provider) });
}

/** viem wraps provider errors; the EIP-1193 code is on the error or its cause. */
function describe(error: unknown): string {
  let current = error as
    { code?: unknown; cause?: unknown; shortMessage?: string; message?: string } | undefined;
  while (current && typeof current.code !== 'number' && current.cause)
    current = current.cause as typeof current;
  return `Error ${String(current?.code)}: ${(error as { shortMessage?: string }).shortMessage ?? String(error)}`;
}

function button(id: string, run: () => Promise<unknown>): void {
  const out = document.getElementById(`${id}-result`)!;
  document.getElementById(id)!.addEventListener('click', async () => {
    out.textContent = 'waiting for the wallet…';
    try {
      out.textContent = JSON.stringify(await run());
    } catch (error) {
      out.textContent = describe(error);
    }
  });
}

button('chain-id', () => wallet().getChainId());
button('accounts', () => wallet().getAddresses());
button('connect', () => wallet().requestAddresses());
