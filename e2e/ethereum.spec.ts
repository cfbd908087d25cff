import { createPublicClient, erc20Abi, http, parseEther, parseUnits, type Address } from 'viem';
import { startAnvil } from '../devnet/evm/anvil';
import { DEVNET_TOKEN, DEVNET_TOKEN_ADDRESS } from '../devnet/evm/accounts';
import { connectChain } from '../lib/chain';
import { expect, test } from './fixtures';
import { asPopup, snap } from './support/screens';
import { connectedDapp, historyEntries, openRegisteredWallet } from './support/setup';

/** The one recipient the account's deny list names: the validators would refuse any transaction to it. */
const DENIED: Address = '0x2222222222222222222222222222222222222222';
/** A fresh address on anvil: it holds nothing until the wallet sends to it. */
const RECIPIENT: Address = '0x3333333333333333333333333333333333333333';
/** What the page's buttons send. */
const ETH_SENT = parseEther('0.5');
const TOKENS_SENT = parseUnits('12.5', DEVNET_TOKEN.decimals);
/** A second EVM chain for wallet_addEthereumChain (its RPC must answer this id when the user approves). */
const ADDED_CHAIN_ID = 1338;
/** Registration, three committee signatures and a receipt each, on a loaded two-core machine. */
const SIGNED_AND_MINED = 120_000;

/** The account's nonce and free balance on the Entropy chain: every prepTransaction changes both. */
async function entropyAccount(chainUrl: string, address: string): Promise<{ nonce: number; free: string }> {
  const api = await connectChain({ endpoint: chainUrl });
  try {
    const info = (await api.query.system!.account!(address)) as unknown as {
      nonce: { toNumber(): number };
      data: { free: { toString(): string } };
    };
    return { nonce: info.nonce.toNumber(), free: info.data.free.toString() };
  } finally {
    await api.disconnect();
  }
}

test('an unmodified viem dApp reads, sends ETH and an ERC-20 through the threshold key on anvil, is refused a denied recipient before any fee, and adds and switches networks', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(480_000);
  const anvil = createPublicClient({ transport: http(devnet.evm.url) });
  const tokenBalance = (address: Address) =>
    anvil.readContract({
      address: DEVNET_TOKEN_ADDRESS,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [address],
    });

  const { wallet, account } = await openRegisteredWallet(context, extensionId, devnet.chainUrl, dapp.url, {
    evmAcl: { addresses: [DENIED], kind: 'Deny', allowNullRecipient: false },
  });
  const ethAddress = account.registration!.ethAddress as Address;
  await asPopup(wallet);

  // The threshold address gets ETH for gas and tokens from the demo dApp's EVM faucet, as a user would.
  const faucet = await context.newPage();
  await faucet.goto(dapp.url);
  await faucet.locator('#evm-faucet-address').fill(ethAddress);
  await faucet.locator('#evm-faucet-rpc').fill(devnet.evm.url);
  await faucet.getByRole('button', { name: 'Send 10 ETH and 1,000 eUSD' }).click();
  await expect(faucet.locator('#evm-faucet-result')).toContainText('Sent in transactions', {
    timeout: 60_000,
  });
  await faucet.close();

  // The devnet's anvil listens on a free port here: the user points the 31337 network at it in Settings.
  await wallet.getByRole('tab', { name: 'Settings' }).click();
  const rpcForm = wallet.locator('form').filter({ hasText: 'Local devnet (anvil) (31337) RPC' });
  await rpcForm.getByLabel('Local devnet (anvil) (31337) RPC').fill(devnet.evm.url);
  await rpcForm.getByRole('button', { name: 'Save the RPC of Local devnet (anvil)' }).click();
  await expect(rpcForm.getByRole('status')).toHaveText('Saved');

  const page = await connectedDapp(context, wallet, dapp.url);
  await page.locator('#recipient').fill(RECIPIENT);

  // Reads through the wallet's provider (viem's public client over EIP-1193) equal what anvil says.
  const expectReadsMatchAnvil = async () => {
    await page.getByRole('button', { name: 'Read balances (getBalance, readContract)' }).click();
    await expect(page.locator('#read-result')).toContainText('"wei"', { timeout: 30_000 });
    const shown = JSON.parse((await page.locator('#read-result').textContent())!) as Record<string, string>;
    expect(shown.address?.toLowerCase()).toBe(ethAddress.toLowerCase());
    expect(shown.wei).toBe((await anvil.getBalance({ address: ethAddress })).toString());
    expect(shown.tokenUnits).toBe((await tokenBalance(ethAddress)).toString());
    return shown;
  };
  expect((await expectReadsMatchAnvil()).tokens).toBe('1000 eUSD');

  // 1. sendTransaction({ to, value }): the approval shows the transaction the wallet completed.
  let entropy = await entropyAccount(devnet.chainUrl, account.address);
  await page.getByRole('button', { name: 'Send 0.5 ETH (sendTransaction)' }).click();
  await wallet.bringToFront();
  await expect(wallet.getByRole('heading', { name: 'Sign a transaction' })).toBeVisible({ timeout: 30_000 });
  const details = wallet.locator('dl.fields').first();
  await expect(details).toContainText(RECIPIENT);
  await expect(details).toContainText('0.5 ETH');
  await expect(details).toContainText('Local devnet (anvil) (31337)');
  await expect(details).toContainText('Max total');
  await wallet.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.locator('#send-eth-result')).toContainText('"status":"success"', {
    timeout: SIGNED_AND_MINED,
  });
  expect(await anvil.getBalance({ address: RECIPIENT })).toBe(ETH_SENT);
  // The committee's signature cost a prepTransaction on the Entropy chain: the account's nonce moved.
  expect((await entropyAccount(devnet.chainUrl, account.address)).nonce).toBeGreaterThan(entropy.nonce);

  // 2. An ERC-20 transfer, shown decoded: token, recipient, amount in token units.
  await wallet.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Send 12.5 tokens (ERC-20 transfer)' }).click();
  await wallet.bringToFront();
  const decoded = wallet.getByRole('region', { name: 'Decoded call' });
  await expect(decoded).toContainText('Token transfer', { timeout: 30_000 });
  await expect(decoded).toContainText(`eUSD ${DEVNET_TOKEN_ADDRESS}`);
  await expect(decoded).toContainText(RECIPIENT);
  await expect(decoded).toContainText('12.5 eUSD');
  // The max fee per gas follows anvil's base fee, which moves with every block before this one (the rows
  // below it are behind the buttons).
  await snap(wallet, 'approval-erc20-transfer.png', [
    '.origin strong',
    'code.address',
    'div.stack > dl.fields > dd:nth-of-type(4)',
  ]);
  await wallet.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.locator('#send-token-result')).toContainText('"status":"success"', {
    timeout: SIGNED_AND_MINED,
  });
  expect(await tokenBalance(RECIPIENT)).toBe(TOKENS_SENT);
  await wallet.getByRole('button', { name: 'Close' }).click();

  // History follows each transaction to its receipt.
  const entries = await historyEntries(wallet);
  const tokenEntry = entries.filter({ hasText: `Send 12.5 eUSD to ${RECIPIENT}` });
  const ethEntry = entries.filter({ hasText: `Send 0.5 ETH to ${RECIPIENT}` });
  await expect(tokenEntry).toContainText('Confirmed', { timeout: 30_000 });
  await expect(ethEntry).toContainText('Confirmed', { timeout: 30_000 });
  const sent = JSON.parse((await page.locator('#send-eth-result').textContent())!) as { hash: string };
  await expect(ethEntry.getByLabel('Transaction hash', { exact: true })).toHaveText(sent.hash);

  // Reads again, after the wallet paid gas and sent tokens.
  expect((await expectReadsMatchAnvil()).tokens).toBe('987.5 eUSD');

  // 3. A recipient the deny list names: refused in the approval, before any prepTransaction.
  entropy = await entropyAccount(devnet.chainUrl, account.address);
  const evmNonce = await anvil.getTransactionCount({ address: ethAddress });
  await page.locator('#recipient').fill(DENIED);
  await page.getByRole('button', { name: 'Send 0.5 ETH (sendTransaction)' }).click();
  await wallet.bringToFront();
  await expect(wallet.getByRole('alert')).toContainText(
    `The validators will refuse this: recipient ${DENIED} is on the deny list (evmAcl)`,
    { timeout: 30_000 },
  );
  await expect(wallet.getByRole('button', { name: 'Approve', exact: true })).toBeDisabled();
  await wallet.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('#send-eth-result')).toContainText('Error -32003', { timeout: 30_000 });
  await expect(page.locator('#send-eth-result')).toContainText('(evmAcl)');
  // A few blocks later the Entropy account is untouched: nothing was submitted, no fee paid.
  const block = async () => {
    const api = await connectChain({ endpoint: devnet.chainUrl });
    try {
      return (await api.rpc.chain.getHeader()).number.toNumber();
    } finally {
      await api.disconnect();
    }
  };
  const seen = await block();
  await expect.poll(block, { timeout: 30_000 }).toBeGreaterThan(seen + 2);
  expect(await entropyAccount(devnet.chainUrl, account.address)).toEqual(entropy);
  expect(await anvil.getBalance({ address: DENIED })).toBe(0n);
  expect(await anvil.getTransactionCount({ address: ethAddress })).toBe(evmNonce);

  // 4. wallet_addEthereumChain: approved by the user, then the site's chain and in Settings.
  const second = await startAnvil({ port: 0, chainId: ADDED_CHAIN_ID });
  try {
    await page.locator('#new-chain-id').fill(String(ADDED_CHAIN_ID));
    await page.locator('#new-chain-rpc').fill(second.url);
    await page.getByRole('button', { name: 'Add the network (wallet_addEthereumChain)' }).click();
    await wallet.bringToFront();
    await expect(wallet.getByRole('heading', { name: 'Add a network' })).toBeVisible({ timeout: 30_000 });
    const network = wallet.locator('dl.fields');
    await expect(network).toContainText('Entropy e2e chain');
    await expect(network).toContainText(String(ADDED_CHAIN_ID));
    await expect(network).toContainText(second.url);
    // The RPC's port is a free one, different every run.
    await snap(wallet, 'approval-add-chain.png', ['.origin strong', 'dl.fields > dd:nth-of-type(3)']);
    await wallet.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.locator('#add-chain-result')).toHaveText(JSON.stringify({ chainId: ADDED_CHAIN_ID }), {
      timeout: 30_000,
    });
    await wallet.getByRole('tab', { name: 'Settings' }).click();
    await expect(wallet.getByLabel(`Entropy e2e chain (${ADDED_CHAIN_ID}) RPC`)).toHaveValue(second.url);
    await expect(wallet.getByText(`added by ${dapp.url}`)).toBeVisible();

    // wallet_switchEthereumChain back to anvil: the user sees from where to where, and approves.
    await page.getByRole('button', { name: 'Switch to anvil (wallet_switchEthereumChain)' }).click();
    await wallet.bringToFront();
    await expect(wallet.getByRole('heading', { name: 'Switch network' })).toBeVisible({ timeout: 30_000 });
    await expect(wallet.getByText('Switch this site from')).toHaveText(
      `Switch this site from Entropy e2e chain (${ADDED_CHAIN_ID}) to Local devnet (anvil) (31337)?`,
    );
    await wallet.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.locator('#switch-chain-result')).toHaveText(JSON.stringify({ chainId: 31337 }), {
      timeout: 30_000,
    });
  } finally {
    await second.stop();
  }
});
