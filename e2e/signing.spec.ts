import { expect, test } from './fixtures';
import { approveNext, connectedDapp, historyEntries, openRegisteredWallet } from './support/setup';
import { approvalWindow, walletRequest } from './support/wallet';

test('a registered wallet signs a dApp’s transaction, message and typed data with the threshold key, verified in the page', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const { wallet: setup, account } = await openRegisteredWallet(
    context,
    extensionId,
    devnet.chainUrl,
    dapp.url,
  );
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

  const entries = await historyEntries(setup);
  await expect(entries.first()).toContainText('Signed');
  await expect(entries.first().locator('code.data')).toHaveText(/^0x[0-9a-f]{130}$/);

  // Messages and typed data: not transactions, so the recipient list lets them through.
  await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await approveNext(setup);
  await expect(page.locator('#personal-sign-result')).toContainText('"verified":true', { timeout: 90_000 });

  await page.getByRole('button', { name: 'Sign typed data (eth_signTypedData_v4)' }).click();
  await approveNext(setup);
  await expect(page.locator('#sign-typed-data-result')).toContainText('"verified":true', { timeout: 90_000 });
});

test('a transaction the constraints refuse is shown as refused before any fee, and the page gets an error naming the constraint', async ({
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
  // The wallet read the allow list from the chain: the approval says the validators will refuse, and
  // cannot be approved, so no prepTransaction fee is paid.
  await setup.bringToFront();
  await expect(setup.getByRole('alert')).toContainText(
    'The validators will refuse this: recipient 0x1111111111111111111111111111111111111111 is not on the allow list (evmAcl)',
  );
  await expect(setup.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await setup.getByRole('button', { name: 'Dismiss' }).click();
  // Not 4001 (the user did not say no): EIP-1474's "transaction rejected", naming the constraint.
  await expect(page.locator('#sign-transaction-result')).toContainText('Error -32003', { timeout: 30_000 });
  await expect(page.locator('#sign-transaction-result')).toContainText('(evmAcl)');
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

  // The saved chain goes away (nothing listens on port 1; the popup would refuse to save such an endpoint,
  // so it is written where the wallet keeps it): the wallet must say so, within its connection timeout.
  await setup.evaluate(() =>
    (
      globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }
    ).chrome.storage.local.set({ settings: { endpoint: 'ws://127.0.0.1:1', ethSignEnabled: false } }),
  );
  await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await approveNext(setup);
  await expect(page.locator('#personal-sign-result')).toContainText(
    'the Entropy network at ws://127.0.0.1:1',
    {
      timeout: 60_000,
    },
  );
  const entries = await historyEntries(setup);
  await expect(entries.first()).toContainText('Failed');
  await expect(entries.first()).toContainText('ws://127.0.0.1:1');
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
  await setup.bringToFront();
  await expect(setup.getByRole('heading', { name: 'Sign a message' })).toBeVisible();
  await setup.getByRole('button', { name: 'Reject' }).click();
  await expect(page.locator('#personal-sign-result')).toContainText('Error 4001');
  const entries = await historyEntries(setup);
  await expect(entries.first()).toContainText('Rejected');
  await expect(entries.first().locator('code.data')).toHaveCount(0);
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
  // The popup shows both, one at a time, each with the site that asked.
  await setup.bringToFront();
  const pending = setup.getByRole('navigation', { name: 'Pending requests' });
  await expect(pending).toContainText('1 of 2');
  const shown = [await setup.locator('.origin strong').textContent()];
  await pending.getByRole('button', { name: 'Next request' }).click();
  await expect(pending).toContainText('2 of 2');
  shown.push(await setup.locator('.origin strong').textContent());
  expect(shown.sort()).toEqual([...origins].sort());
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

  // Both approved at once (from the background's side: the popup follows one signing at a time), so the
  // two signings run side by side.
  const queued = (await walletRequest(setup, 'pri(requests.list)')).result as { id: string }[];
  expect(queued).toHaveLength(2);
  for (const request of queued) void walletRequest(setup, 'pri(requests.approve)', { id: request.id });
  for (const tab of tabs) {
    await expect(tab.locator('#personal-sign-result')).toContainText('"verified":true', { timeout: 120_000 });
  }
  // Each answered once: one signed entry per site (plus each site's connection) in the popup's history.
  const entries = await historyEntries(setup);
  await expect(entries).toHaveCount(4);
  for (const origin of origins) {
    await expect(entries.filter({ hasText: origin }).filter({ hasText: 'Signed' })).toHaveCount(1);
  }
});
