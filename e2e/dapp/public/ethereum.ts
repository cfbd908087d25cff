import { createStore, type EIP6963ProviderDetail } from 'mipd';
import {
  createWalletClient,
  custom,
  isAddressEqual,
  parseEther,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
  type WalletClient,
} from 'viem';

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

/** viem wraps provider errors; the EIP-1193 code is on the error or its cause, the wallet's words in `details`. */
function describe(error: unknown): string {
  let current = error as { code?: unknown; cause?: unknown; details?: string } | undefined;
  while (current && typeof current.code !== 'number' && current.cause)
    current = current.cause as typeof current;
  const { shortMessage, details } = error as { shortMessage?: string; details?: string };
  return `Error ${String(current?.code)}: ${details ?? shortMessage ?? String(error)}`;
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

/** The connected account, asked for once per click so a page reload needs no state. */
async function account(): Promise<`0x${string}`> {
  const [address] = await wallet().getAddresses();
  if (!address) throw new Error('not connected');
  return address;
}

/** Reads the recipient from the page, so a test can ask for a transaction the constraints refuse. */
function recipient(): `0x${string}` {
  return (document.getElementById('recipient') as HTMLInputElement).value as `0x${string}`;
}

button('sign-transaction', async () => {
  const from = await account();
  const signed = await wallet().signTransaction({
    account: from,
    chain: null,
    // The site's current chain (31337, the devnet's anvil, on the local network).
    chainId: await wallet().getChainId(),
    to: recipient(),
    value: parseEther('0.25'),
    nonce: 0,
    gas: 21_000n,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
  const signer = await recoverTransactionAddress({ serializedTransaction: signed as never });
  return { verified: isAddressEqual(signer, from), signer, signed };
});

button('personal-sign', async () => {
  const from = await account();
  const message = 'Hello from the Entropy test dApp';
  const signature = await wallet().signMessage({ account: from, message });
  return { verified: await verifyMessage({ address: from, message, signature }), signature };
});

button('sign-typed-data', async () => {
  const from = await account();
  const chainId = await wallet().getChainId();
  const typedData = {
    domain: { name: 'Entropy test', version: '1', chainId },
    types: { Mail: [{ name: 'contents', type: 'string' }] },
    primaryType: 'Mail',
    message: { contents: 'Threshold signatures' },
  } as const;
  const signature = await wallet().signTypedData({ account: from, ...typedData });
  return { verified: await verifyTypedData({ address: from, ...typedData, signature }), signature };
});
