import type { BrowserContext, Page } from '@playwright/test';
import { connectChain } from '../lib/chain';
import { expect, test } from './fixtures';
import { approvalWindow, walletRequest } from './support/wallet';

const DEAD = '0x000000000000000000000000000000000000dEaD';

interface Account {
  address: string;
  registration?: { ethAddress: string };
}

/** Wallet set up from an extension page: endpoint, password, one funded account registered with Entropy. */
async function registeredWallet(setup: Page, chainUrl: string, dappUrl: string): Promise<Account> {
  const ok = async (method: string, params?: unknown) => {
    const answer = await walletRequest(setup, method, params);
    expect(answer.error, `${method}: ${answer.error?.message}`).toBeUndefined();
    return answer.result;
  };
  await ok('pri(settings.update)', { endpoint: chainUrl });
  await ok('pri(vault.create)', { password: 'correct horse battery staple' });
  const { mnemonic } = (await ok('pri(accounts.generateMnemonic)')) as { mnemonic: string };
  const account = (await ok('pri(accounts.create)', { name: 'Signer', mnemonic })) as Account;
  // Fees are paid from the demo dApp's devnet faucet, as a person trying the wallet would.
  const faucet = await setup.context().newPage();
  await faucet.goto(dappUrl);
  await faucet.locator('#faucet-address').fill(account.address);
  await faucet.locator('#faucet-chain').fill(chainUrl);
  await faucet.getByRole('button', { name: 'Send 1,000 BITS from //Alice' }).click();
  await expect(faucet.locator('#faucet-result')).toContainText('Sent in block', { timeout: 30_000 });
  await faucet.close();
  return (await ok('pri(accounts.register)', {
    address: account.address,
    constraints: { evmAcl: { addresses: [DEAD], kind: 'Allow', allowNullRecipient: false } },
  })) as Account;
}

/** The wallet's popup page, with a registered account on the network at `chainUrl`. */
async function openRegisteredWallet(
  context: BrowserContext,
  extensionId: string,
  chainUrl: string,
  dappUrl: string,
): Promise<{ wallet: Page; account: Account }> {
  const wallet = await context.newPage();
  await wallet.goto(`chrome-extension://${extensionId}/popup.html`);
  return { wallet, account: await registeredWallet(wallet, chainUrl, dappUrl) };
}

/** The Ethereum test dApp served at `origin`, connected: its authorisation approved from `wallet`. */
async function connectedDapp(context: BrowserContext, wallet: Page, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/ethereum.html`);
  await page.getByRole('button', { name: 'Connect (eth_requestAccounts)' }).click();
  await approveNext(wallet);
  await expect(page.locator('#connect-result')).toContainText('0x');
  return page;
}

async function approveNext(popup: Page): Promise<void> {
  await expect
    .poll(async () => ((await walletRequest(popup, 'pri(requests.list)')).result as unknown[]).length)
    .toBeGreaterThan(0);
  const [request] = (await walletRequest(popup, 'pri(requests.list)')).result as { id: string }[];
  void walletRequest(popup, 'pri(requests.approve)', { id: request!.id });
}

test('a registered wallet signs a dApp’s transaction, message and typed data with the threshold key, verified in the page', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const setup = await context.newPage();
  await setup.goto(`chrome-extension://${extensionId}/popup.html`);
  const account = await registeredWallet(setup, devnet.chainUrl, dapp.url);
  const ethAddress = account.registration!.ethAddress;
  expect(ethAddress).toMatch(/^0x[0-9a-fA-F]{40}$/);

  const page = await context.newPage();
  await page.goto(`${dapp.url}/ethereum.html`);
  const opened = approvalWindow(context, extensionId);
  await page.getByRole('button', { name: 'Connect (eth_requestAccounts)' }).click();
  await approveNext(await opened);
  await expect(page.locator('#connect-result')).toHaveText(JSON.stringify([ethAddress]));

  await page.getByRole('button', { name: 'Sign transaction (eth_signTransaction)' }).click();
  await approveNext(setup);
  await expect(page.locator('#sign-transaction-result')).toContainText('"verified":true', {
    timeout: 90_000,
  });
  await expect(page.locator('#sign-transaction-result')).toContainText(`"signer":"${ethAddress}"`);

  const sessions = (await walletRequest(setup, 'pri(sessions.list)')).result as {
    status: string;
    members: { group: number; state: string }[];
  }[];
  expect(sessions[0]?.status).toBe('done');
  expect(sessions[0]?.members.map((m) => m.group)).toEqual([0, 1, 2]);

  // Messages and typed data: not transactions, so the recipient list lets them through.
  await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await approveNext(setup);
  await expect(page.locator('#personal-sign-result')).toContainText('"verified":true', { timeout: 90_000 });

  await page.getByRole('button', { name: 'Sign typed data (eth_signTypedData_v4)' }).click();
  await approveNext(setup);
  await expect(page.locator('#sign-typed-data-result')).toContainText('"verified":true', { timeout: 90_000 });
});

test('a transaction the constraints refuse reaches the page as an error naming the refusal', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const { wallet: setup } = await openRegisteredWallet(context, extensionId, devnet.chainUrl, dapp.url);
  const page = await connectedDapp(context, setup, dapp.url);

  await page.locator('#recipient').fill('0x1111111111111111111111111111111111111111');
  await page.getByRole('button', { name: 'Sign transaction (eth_signTransaction)' }).click();
  await approveNext(setup);
  await expect(page.locator('#sign-transaction-result')).toContainText('Error 4001', { timeout: 90_000 });
  await expect(page.locator('#sign-transaction-result')).toContainText(
    'Every validator refused this transaction under the account’s constraints',
  );

  const sessions = (await walletRequest(setup, 'pri(sessions.list)')).result as {
    status: string;
    members: { state: string; constraintResults?: { passed: boolean; reason: string }[] }[];
  }[];
  expect(sessions[0]?.status).toBe('failed');
  expect(sessions[0]?.members.every((m) => m.state === 'constraints-failed')).toBe(true);
});

test('an unreachable chain endpoint gives the page a clear error instead of a hang', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const { wallet: setup } = await openRegisteredWallet(context, extensionId, devnet.chainUrl, dapp.url);
  const page = await connectedDapp(context, setup, dapp.url);

  // Nothing listens on port 1: the wallet must say so, within its connection timeout.
  expect(
    (await walletRequest(setup, 'pri(settings.update)', { endpoint: 'ws://127.0.0.1:1' })).error,
  ).toBeUndefined();
  await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await approveNext(setup);
  await expect(page.locator('#personal-sign-result')).toContainText(
    'the Entropy network at ws://127.0.0.1:1',
    {
      timeout: 60_000,
    },
  );
  const history = (await walletRequest(setup, 'pri(history.list)')).result as {
    outcome: string;
    error?: { code: string };
  }[];
  expect(history[0]).toMatchObject({ outcome: 'failed', error: { code: 'CHAIN_UNAVAILABLE' } });
});

test('the user’s rejection reaches the page as 4001 and nothing is signed', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const { wallet: setup } = await openRegisteredWallet(context, extensionId, devnet.chainUrl, dapp.url);
  const page = await connectedDapp(context, setup, dapp.url);

  await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await expect
    .poll(async () => ((await walletRequest(setup, 'pri(requests.list)')).result as unknown[]).length)
    .toBe(1);
  const [request] = (await walletRequest(setup, 'pri(requests.list)')).result as { id: string }[];
  await walletRequest(setup, 'pri(requests.reject)', { id: request!.id });
  await expect(page.locator('#personal-sign-result')).toContainText('Error 4001');
  expect((await walletRequest(setup, 'pri(sessions.list)')).result).toEqual([]);
  const history = (await walletRequest(setup, 'pri(history.list)')).result as { outcome: string }[];
  expect(history[0]?.outcome).toBe('rejected');
});

test('a misbehaving validator is blamed, recorded on chain, and the retry with a new committee signs', async ({
  context,
  extensionId,
  dapp,
  faultyDevnet,
}) => {
  test.setTimeout(300_000);
  const { wallet: setup } = await openRegisteredWallet(context, extensionId, faultyDevnet.chainUrl, dapp.url);
  const page = await connectedDapp(context, setup, dapp.url);

  type View = {
    status: string;
    retries: { blamed: { party: string }[] }[];
    members: { group: number; state: string }[];
  };
  // The corrupt validator sits in group 0's committee on every other block: ask until it was picked.
  let retried: View | undefined;
  for (let attempt = 0; attempt < 6 && !retried; attempt++) {
    await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
    await approveNext(setup);
    await expect(page.locator('#personal-sign-result')).toContainText('"verified":true', {
      timeout: 120_000,
    });
    const [latest] = (await walletRequest(setup, 'pri(sessions.list)')).result as View[];
    if (latest!.retries.length > 0) retried = latest;
  }
  expect(retried).toBeDefined();
  expect(retried!.status).toBe('done');
  expect(retried!.retries[0]!.blamed.map((b) => b.party)).toContain('group-0');

  const culprit = faultyDevnet.genesis.signingGroups[0]![1]!.stash;
  const api = await connectChain({ endpoint: faultyDevnet.chainUrl });
  try {
    expect((await api.query.relayer.excludedUntil(culprit)).isSome).toBe(true);
  } finally {
    await api.disconnect();
  }
});

test('a locked wallet asks for the password first, then shows the request, and signs it', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const { wallet: popup } = await openRegisteredWallet(context, extensionId, devnet.chainUrl, dapp.url);
  const page = await connectedDapp(context, popup, dapp.url);

  await popup.reload();
  await popup.getByRole('button', { name: 'Lock' }).click();
  await expect(popup.getByRole('heading', { name: 'Unlock the wallet' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await popup.bringToFront();
  // The request waits behind the lock: the password comes first.
  await expect(popup.getByRole('heading', { name: 'Unlock the wallet' })).toBeVisible();
  await expect(popup.getByRole('heading', { name: 'Sign a message' })).toHaveCount(0);
  await popup.getByLabel('Password').fill('correct horse battery staple');
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('heading', { name: 'Sign a message' })).toBeVisible();
  await popup.getByRole('button', { name: 'Approve' }).click();
  await expect(page.locator('#personal-sign-result')).toContainText('"verified":true', { timeout: 90_000 });
});

test('two tabs of two sites asking at once are both queued and each answered once', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const { wallet: setup } = await openRegisteredWallet(context, extensionId, devnet.chainUrl, dapp.url);

  // The same dApp server under two origins: two sites as far as the wallet is concerned.
  const origins = [dapp.url, dapp.url.replace('127.0.0.1', 'localhost')];
  const tabs = [];
  for (const origin of origins) tabs.push(await connectedDapp(context, setup, origin));

  await Promise.all(
    tabs.map((tab) => tab.getByRole('button', { name: 'Sign message (personal_sign)' }).click()),
  );
  await expect
    .poll(async () => ((await walletRequest(setup, 'pri(requests.list)')).result as unknown[]).length)
    .toBe(2);
  // A second request from a site that already waits for one is refused at once, not queued behind it.
  const [address] = JSON.parse((await tabs[0]!.locator('#connect-result').textContent())!) as string[];
  const again = await tabs[0]!.evaluate(
    (from) =>
      (window as unknown as { ethereum: { request(a: unknown): Promise<unknown> } }).ethereum
        .request({ method: 'personal_sign', params: ['0x00', from] })
        .catch((e: { code: number }) => e.code),
    address!,
  );
  expect(again).toBe(-32002);

  const queued = (await walletRequest(setup, 'pri(requests.list)')).result as {
    id: string;
    origin: string;
  }[];
  expect(queued.map((r) => r.origin).sort()).toEqual([...origins].sort());
  for (const request of queued) void walletRequest(setup, 'pri(requests.approve)', { id: request.id });
  for (const tab of tabs) {
    await expect(tab.locator('#personal-sign-result')).toContainText('"verified":true', { timeout: 120_000 });
  }
  const history = (await walletRequest(setup, 'pri(history.list)')).result as {
    origin: string;
    outcome: string;
  }[];
  expect(
    history
      .filter((h) => h.outcome === 'signed')
      .map((h) => h.origin)
      .sort(),
  ).toEqual([...origins].sort());
});
