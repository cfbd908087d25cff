import { fundFromAlice } from '../devnet/faucet';
import { expect, test } from './fixtures';
import { launchWithExtension } from './support/extension';
import { connect, JOURNEY_PASSWORD, onboard, openPopup } from './support/journey';

const REGISTRATION_TIMEOUT = 240_000;
const SIGNATURE_TIMEOUT = 120_000;

/**
 * The recovery phrase restores the threshold key on another device (issue 15), with two browser profiles:
 * A onboards, registers and signs; B, fresh, imports A's phrase, shows the same Ethereum address and signs
 * a message the page verifies with viem; A then gets the clear "restored on another device" error.
 */
test('the recovery phrase restores the Ethereum key in another browser profile, which then signs', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(900_000);

  // Profile A: onboard, register, sign.
  const popupA = await openPopup(context, extensionId, devnet.chainUrl);
  const phrase = await onboard(popupA);
  const address = await popupA.getByLabel(/Constraint account/).inputValue();
  await fundFromAlice(devnet.chainUrl, address);
  await popupA.getByRole('button', { name: 'Register' }).click();
  await expect(popupA.getByText('Your Ethereum address')).toBeVisible({ timeout: REGISTRATION_TIMEOUT });
  // The success screen says in words what protects the key.
  await expect(popupA.getByLabel('What protects your key')).toContainText(
    'derived from your recovery phrase',
  );
  const ethAddress = ((await popupA.locator('.card code.address').first().textContent()) ?? '').trim();
  expect(ethAddress).toMatch(/^0x[0-9a-fA-F]{40}$/);
  await popupA.getByRole('button', { name: 'Open the wallet' }).click();
  await popupA.close();
  const a = await connect(context, extensionId, dapp.url);
  await a.page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await a.approvals.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(a.page.locator('#personal-sign-result')).toContainText('"verified":true', {
    timeout: SIGNATURE_TIMEOUT,
  });
  await a.approvals.getByRole('button', { name: 'Close' }).click();

  // Profile B, fresh: import the phrase; the popup shows what it restores, then each signing group.
  const b = await launchWithExtension();
  try {
    const popupB = await openPopup(b.context, b.extensionId, devnet.chainUrl);
    await popupB.getByRole('button', { name: 'Import an account' }).click();
    await popupB.getByLabel('Password', { exact: true }).fill(JOURNEY_PASSWORD);
    await popupB.getByLabel('Repeat the password').fill(JOURNEY_PASSWORD);
    await popupB.getByRole('button', { name: 'Continue' }).click();
    await popupB.getByLabel('The words of your recovery phrase').fill(phrase);
    await popupB.getByRole('button', { name: 'Continue' }).click();
    await expect(popupB.getByRole('heading', { name: 'What your phrase restores' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(popupB.getByTestId('restore-eth-address')).toHaveText(ethAddress);
    await expect(popupB.getByText(/signing with 3 signing groups/)).toBeVisible();
    await popupB.getByRole('button', { name: 'Restore account and key' }).click();
    await expect(popupB.getByRole('list', { name: 'Signing groups' })).toBeVisible();
    await expect(popupB.getByRole('heading', { name: 'Your wallet is ready' })).toBeVisible({
      timeout: REGISTRATION_TIMEOUT,
    });
    await expect(popupB.getByText(ethAddress)).toBeVisible();
    await popupB.getByRole('button', { name: 'Open the wallet' }).click();
    await expect(popupB.getByText('The recovery phrase restores this key on any device.')).toBeVisible();
    await popupB.close();

    const signed = await connect(b.context, b.extensionId, dapp.url);
    await expect(signed.page.locator('#connect-result')).toHaveText(JSON.stringify([ethAddress]));
    await signed.page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
    await signed.approvals.getByRole('button', { name: 'Approve', exact: true }).click();
    // The page verifies the signature with viem's verifyMessage against the connected address.
    await expect(signed.page.locator('#personal-sign-result')).toContainText('"verified":true', {
      timeout: SIGNATURE_TIMEOUT,
    });
  } finally {
    await b.close();
  }

  // Profile A still holds the older pairs: a clear error naming the restore, not a hang.
  await a.page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
  await a.approvals.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(a.page.locator('#personal-sign-result')).toContainText(
    /this account was restored on another device; restore it here again to sign/i,
    { timeout: SIGNATURE_TIMEOUT },
  );
});
