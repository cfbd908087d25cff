import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { approvalWindow, walletRequest } from './support/wallet';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

test('a Polkadot dApp finds the wallet with web3Enable once the site is authorised, and gets an approved signRaw', async ({
  context,
  extensionId,
  dapp,
}) => {
  // An account to see: the vault and one account, set up from an extension page.
  const setup = await context.newPage();
  await setup.goto(`chrome-extension://${extensionId}/popup.html`);
  expect(
    (await walletRequest(setup, 'pri(vault.create)', { password: 'correct horse battery' })).error,
  ).toBeUndefined();
  const { result: generated } = await walletRequest(setup, 'pri(accounts.generateMnemonic)');
  const { result: account } = (await walletRequest(setup, 'pri(accounts.create)', {
    name: 'E2E',
    mnemonic: (generated as { mnemonic: string }).mnemonic,
  })) as { result: { address: string } };
  await setup.close();

  const page = await context.newPage();
  await page.goto(`${dapp.url}/polkadot.html`);
  await expect(page.locator('#injected')).toHaveText('entropy-wallet');
  expect(
    await page.evaluate(
      () =>
        (window as unknown as { injectedWeb3: Record<string, { version: string }> }).injectedWeb3[
          'entropy-wallet'
        ]?.version,
    ),
  ).toBe(version);

  const popupOpened = approvalWindow(context, extensionId);
  await page.getByRole('button', { name: 'Connect with web3Enable' }).click();
  const popup = await popupOpened;
  const { result: queue } = (await walletRequest(popup, 'pri(requests.list)')) as {
    result: { id: string; origin: string; kind: string; display: unknown }[];
  };
  expect(queue).toHaveLength(1);
  expect(queue[0]).toMatchObject({
    origin: dapp.url,
    kind: 'authorize',
    display: { kind: 'authorize', origin: dapp.url },
  });
  expect(await walletRequest(popup, 'pri(requests.approve)', { id: queue[0]!.id })).toMatchObject({
    result: { status: 'approved' },
  });

  await expect(page.locator('#extensions')).toHaveText(JSON.stringify([{ name: 'entropy-wallet', version }]));
  await expect(page.locator('#accounts')).toHaveText(
    JSON.stringify([{ address: account.address, type: 'sr25519', source: 'entropy-wallet', name: 'E2E' }]),
  );
  expect((await walletRequest(popup, 'pri(permissions.list)')).result).toMatchObject([
    { origin: dapp.url, allowed: true },
  ]);

  // A new account reaches the authorised page through its subscription.
  await expect(page.locator('#accounts-live')).toHaveText('E2E');
  const { result: more } = await walletRequest(popup, 'pri(accounts.generateMnemonic)');
  await walletRequest(popup, 'pri(accounts.create)', {
    name: 'Second',
    mnemonic: (more as { mnemonic: string }).mnemonic,
  });
  await expect(page.locator('#accounts-live')).toHaveText(/^(E2E, Second|Second, E2E)$/);

  // signRaw: shown in the approval queue as text, signed locally with sr25519 once approved.
  await page.getByRole('button', { name: 'Sign a message with signRaw' }).click();
  const signRequests = async () =>
    ((await walletRequest(popup, 'pri(requests.list)')).result as { id: string; kind: string }[]).filter(
      (r) => r.kind === 'sign',
    );
  await expect.poll(async () => (await signRequests()).length).toBe(1);
  const [signRequest] = await signRequests();
  expect(signRequest).toMatchObject({
    origin: dapp.url,
    account: account.address,
    display: { kind: 'substrate-raw', text: 'Entropy e2e: prove you hold this account' },
  });
  expect(await walletRequest(popup, 'pri(requests.approve)', { id: signRequest!.id })).toMatchObject({
    result: { status: 'approved' },
  });
  await expect(page.locator('#sign-raw-result')).toHaveText('{"valid":true}');
});

test('an Ethereum dApp discovers the wallet via EIP-6963; unauthorised it gets 4100, a refused connection 4001', async ({
  context,
  extensionId,
  dapp,
}) => {
  const page = await context.newPage();
  await page.goto(`${dapp.url}/ethereum.html`);
  await expect(page.locator('#providers')).toContainText('"rdns":"xyz.entropy.wallet"');
  expect(
    await page.evaluate(
      () => (window as { ethereum?: { isEntropyWallet?: boolean } }).ethereum?.isEntropyWallet,
    ),
  ).toBe(true);

  await page.getByRole('button', { name: 'Chain id' }).click();
  // On the local network sites start on the devnet's anvil.
  await expect(page.locator('#chain-id-result')).toHaveText('31337');
  await page.getByRole('button', { name: 'eth_accounts' }).click();
  await expect(page.locator('#accounts-result')).toContainText('Error 4100');

  const popupOpened = approvalWindow(context, extensionId);
  await page.getByRole('button', { name: 'Connect (eth_requestAccounts)' }).click();
  const popup = await popupOpened;
  const { result: queue } = (await walletRequest(popup, 'pri(requests.list)')) as {
    result: { id: string; origin: string; kind: string }[];
  };
  expect(queue).toMatchObject([{ origin: dapp.url, kind: 'authorize' }]);
  expect(await walletRequest(popup, 'pri(requests.reject)', { id: queue[0]!.id })).toMatchObject({
    result: { status: 'rejected', error: { code: 'USER_REJECTED' } },
  });
  await expect(page.locator('#connect-result')).toContainText('Error 4001');

  // The refusal is remembered per origin: no new prompt, 4100 until the user revokes it.
  await page.getByRole('button', { name: 'eth_accounts' }).click();
  await expect(page.locator('#accounts-result')).toContainText('Error 4100');
  expect((await walletRequest(popup, 'pri(permissions.list)')).result).toMatchObject([
    { origin: dapp.url, allowed: false },
  ]);
  expect((await walletRequest(popup, 'pri(permissions.revoke)', { origin: dapp.url })).result).toEqual([]);
});
