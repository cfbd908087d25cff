import { createStore, type EIP6963ProviderDetail } from 'mipd';
import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  erc20Abi,
  formatEther,
  formatUnits,
  isAddressEqual,
  parseEther,
  parseUnits,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
  type Address,
  type WalletClient,
} from 'viem';
import { foundry } from 'viem/chains';
import { DEVNET_TOKEN_ADDRESS } from '../../../devnet/evm/accounts';

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

function provider(): EIP6963ProviderDetail['provider'] {
  const detail = store.findProvider({ rdns: RDNS });
  if (!detail) throw new Error('Entropy Wallet not found');
  return detail.provider;
}

function wallet(): WalletClient {
  return createWalletClient({ transport: custom(provider()) });
}

/**
 * How a dApp on the devnet's anvil talks to the wallet: a wallet client for its account and a public client,
 * both over the wallet's provider (reads go through the wallet to the chain's RPC it is configured with).
 */
function onAnvil(account: Address) {
  const transport = custom(provider());
  return {
    walletClient: createWalletClient({ account, chain: foundry, transport }),
    publicClient: createPublicClient({ chain: foundry, transport, pollingInterval: 250 }),
  };
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

/**
 * Stamps the moment the wallet's answer reached the page on the button's result element, before the
 * page checks it: bench:e2e measures approval → signature in the page up to here, and the check apart.
 */
function answered(id: string): void {
  document.getElementById(`${id}-result`)!.dataset.answeredAt = String(
    performance.timeOrigin + performance.now(),
  );
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
  answered('sign-transaction');
  const signer = await recoverTransactionAddress({ serializedTransaction: signed as never });
  return { verified: isAddressEqual(signer, from), signer, signed };
});

button('personal-sign', async () => {
  const from = await account();
  const message = 'Hello from the Entropy test dApp';
  const signature = await wallet().signMessage({ account: from, message });
  answered('personal-sign');
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

const tokenInput = document.getElementById('token') as HTMLInputElement;
tokenInput.value = DEVNET_TOKEN_ADDRESS;
const token = () => tokenInput.value as Address;

button('read', async () => {
  const address = await account();
  const { publicClient } = onAnvil(address);
  const erc20 = { address: token(), abi: erc20Abi } as const;
  const balance = await publicClient.getBalance({ address });
  const units = await publicClient.readContract({ ...erc20, functionName: 'balanceOf', args: [address] });
  const symbol = await publicClient.readContract({ ...erc20, functionName: 'symbol' });
  const decimals = await publicClient.readContract({ ...erc20, functionName: 'decimals' });
  return {
    address,
    wei: balance.toString(),
    eth: formatEther(balance),
    tokenUnits: units.toString(),
    tokens: `${formatUnits(units, decimals)} ${symbol}`,
  };
});

/** Waits for the receipt through the wallet's provider too, as a dApp shows "confirmed". */
async function mined(publicClient: ReturnType<typeof onAnvil>['publicClient'], hash: `0x${string}`) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
  return { hash, status: receipt.status, blockNumber: receipt.blockNumber.toString() };
}

button('send-eth', async () => {
  const { walletClient, publicClient } = onAnvil(await account());
  // No nonce, gas or fees: the wallet fills them from the chain.
  return mined(
    publicClient,
    await walletClient.sendTransaction({ to: recipient(), value: parseEther('0.5') }),
  );
});

button('send-token', async () => {
  const { walletClient, publicClient } = onAnvil(await account());
  const decimals = await publicClient.readContract({
    address: token(),
    abi: erc20Abi,
    functionName: 'decimals',
  });
  const hash = await walletClient.writeContract({
    address: token(),
    abi: erc20Abi,
    functionName: 'transfer',
    args: [recipient(), parseUnits('12.5', decimals)],
  });
  return mined(publicClient, hash);
});

button('add-chain', async () => {
  const id = Number((document.getElementById('new-chain-id') as HTMLInputElement).value);
  const rpc = (document.getElementById('new-chain-rpc') as HTMLInputElement).value;
  await wallet().addChain({
    chain: defineChain({
      id,
      name: 'Entropy e2e chain',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpc] } },
    }),
  });
  return { chainId: await wallet().getChainId() };
});

button('switch-chain', async () => {
  await wallet().switchChain({ id: foundry.id });
  return { chainId: await wallet().getChainId() };
});
