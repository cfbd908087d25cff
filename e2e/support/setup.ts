import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { Constraints } from '../../lib/chain/entropy';
import { walletRequest } from './wallet';

/**
 * Set-up steps the signing and fault journeys share. They go through the background's own requests
 * from an extension page, so each spec spends its time on what it proves, not on onboarding screens
 * (e2e/popup.spec.ts covers those).
 */

export const DEAD = '0x000000000000000000000000000000000000dEaD';
export const PASSWORD = 'correct horse battery staple';

export interface Account {
  address: string;
  registration?: { ethAddress: string };
}

/** The rules the signing journeys register with: only DEAD may receive a transaction. */
export const ALLOW_ONLY_DEAD: Constraints = {
  evmAcl: { addresses: [DEAD], kind: 'Allow', allowNullRecipient: false },
};

/** Wallet set up from an extension page: endpoint, password, one funded account registered with Entropy. */
export async function registeredWallet(
  setup: Page,
  chainUrl: string,
  dappUrl: string,
  constraints: Constraints = ALLOW_ONLY_DEAD,
): Promise<Account> {
  const ok = async (method: string, params?: unknown) => {
    const answer = await walletRequest(setup, method, params);
    expect(answer.error, `${method}: ${answer.error?.message}`).toBeUndefined();
    return answer.result;
  };
  await ok('pri(settings.update)', { endpoint: chainUrl });
  await ok('pri(vault.create)', { password: PASSWORD });
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
  return (await ok('pri(accounts.register)', { address: account.address, constraints })) as Account;
}

/** The wallet's popup page, with a registered account on the network at `chainUrl`. */
export async function openRegisteredWallet(
  context: BrowserContext,
  extensionId: string,
  chainUrl: string,
  dappUrl: string,
  constraints?: Constraints,
): Promise<{ wallet: Page; account: Account }> {
  const wallet = await context.newPage();
  await wallet.goto(`chrome-extension://${extensionId}/popup.html`);
  const account = await registeredWallet(wallet, chainUrl, dappUrl, constraints);
  // Set up behind the popup's back: reopen it, as a user would, to see the wallet it now holds.
  await wallet.reload();
  await expect(wallet.getByRole('tab', { name: 'History' })).toBeVisible();
  return { wallet, account };
}

/** The Ethereum test dApp served at `origin`, connected: its authorisation approved from `wallet`. */
export async function connectedDapp(context: BrowserContext, wallet: Page, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/ethereum.html`);
  await page.getByRole('button', { name: 'Connect (eth_requestAccounts)' }).click();
  await approveNext(wallet);
  await expect(page.locator('#connect-result')).toContainText('0x');
  return page;
}

export async function approveNext(popup: Page): Promise<void> {
  await expect
    .poll(async () => ((await walletRequest(popup, 'pri(requests.list)')).result as unknown[]).length)
    .toBeGreaterThan(0);
  const [request] = (await walletRequest(popup, 'pri(requests.list)')).result as { id: string }[];
  void walletRequest(popup, 'pri(requests.approve)', { id: request!.id });
}

/** The popup's History tab, newest entry first: what a user reads to learn how each request ended. */
export async function historyEntries(popup: Page) {
  await popup.getByRole('tab', { name: 'History' }).click();
  return popup.getByRole('list', { name: 'Request history' }).getByRole('listitem');
}

/** Approves the request the popup shows, as a user would: the popup then follows its signing. */
export async function approveInPopup(popup: Page): Promise<void> {
  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Approve' }).click();
}
