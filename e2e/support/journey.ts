import { expect, type BrowserContext, type Page } from '@playwright/test';
import { fundFromAlice } from '../../devnet/faucet';
import type { SigningSessionView } from '../../lib/wallet/signing/view';
import { approvalWindow, walletRequest } from './wallet';

/**
 * The main job as a user does it, screen by screen in the wallet's own popup: onboarding, registration, a
 * dApp's connection and signature requests approved in the window the wallet opens. The headless demo
 * (scripts/demo-headless.ts) and the end-to-end latency benchmark (bench/e2e-latency.ts) share it, so both
 * measure the product, not shortcuts. Runs outside the Playwright test runner too.
 */

export const JOURNEY_PASSWORD = 'quiet-harbour-lantern-97';

/** Registration runs a DKG over several blocks: generous for 6 s blocks on a loaded machine. */
const REGISTRATION_TIMEOUT = 240_000;
const SIGNATURE_TIMEOUT = 180_000;

/** The popup as the toolbar shows it (its real size), pointed at `chainUrl`. */
export async function openPopup(
  context: BrowserContext,
  extensionId: string,
  chainUrl: string,
): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole('button', { name: 'Change the network' }).click();
  await popup.getByLabel('Network endpoint').fill(chainUrl);
  await popup.getByRole('button', { name: 'Save' }).click();
  await expect(popup.getByRole('status')).toHaveText('Saved', { timeout: 30_000 });
  return popup;
}

/** Creates the vault and one account: password, recovery phrase, three words typed back. Returns the phrase. */
export async function onboard(popup: Page, password = JOURNEY_PASSWORD): Promise<string> {
  await popup.getByRole('button', { name: 'Create a new account' }).click();
  await popup.getByLabel('Password', { exact: true }).fill(password);
  await popup.getByLabel('Repeat the password').fill(password);
  await popup.getByRole('button', { name: 'Continue' }).click();
  const phrase = popup.getByRole('list', { name: 'Recovery phrase' });
  await expect(phrase.getByRole('listitem')).toHaveCount(12);
  const words = await phrase.getByRole('listitem').allTextContents();
  await popup.getByLabel('I have written these words down').check();
  await popup.getByRole('button', { name: 'Continue' }).click();
  const fields = popup.getByLabel(/^Word \d+$/);
  await expect(fields).toHaveCount(3);
  for (const field of await fields.all()) {
    const label = await popup.locator(`label[for="${await field.getAttribute('id')}"]`).textContent();
    const word = words[Number(label?.replace('Word ', '')) - 1];
    if (!word) throw new Error(`The confirmation asks for "${label}", which is not a word of the phrase`);
    await field.fill(word);
  }
  await popup.getByRole('button', { name: 'Create the account' }).click();
  await expect(popup.getByRole('heading', { name: 'Register with Entropy' })).toBeVisible();
  return words.join(' ');
}

export interface Registered {
  /** The account's Substrate address (sr25519). */
  address: string;
  /** The Ethereum address of the threshold key the network generated with this device. */
  ethAddress: `0x${string}`;
}

/**
 * From the registration screen onboarding stops at: funds the account from //Alice (fees), registers it
 * with the default rules (no recipient blocked), waits for the chain's confirmation and opens the wallet.
 */
export async function register(popup: Page, chainUrl: string): Promise<Registered> {
  const address = await popup.getByLabel(/Constraint account/).inputValue();
  await fundFromAlice(chainUrl, address);
  await popup.getByRole('button', { name: 'Register' }).click();
  const done = popup.getByText('Your Ethereum address');
  await expect(done.or(popup.getByRole('alert'))).toBeVisible({ timeout: REGISTRATION_TIMEOUT });
  if (!(await done.isVisible())) {
    throw new Error(`Registration failed: ${await popup.getByRole('alert').textContent()}`);
  }
  const ethAddress = (await popup.locator('.card code.address').textContent())?.trim() ?? '';
  if (!/^0x[0-9a-fA-F]{40}$/.test(ethAddress)) throw new Error(`No Ethereum address shown: "${ethAddress}"`);
  await popup.getByRole('button', { name: 'Open the wallet' }).click();
  await expect(popup.getByRole('tablist')).toBeVisible();
  return { address, ethAddress: ethAddress as `0x${string}` };
}

/**
 * Opens the Ethereum demo dApp and connects it: the wallet opens its approval window, where the user
 * clicks Connect. Returns the page and that window, which the wallet reuses for every later request.
 * A popup page still open from onboarding would be taken for that window: close it first.
 */
export async function connect(
  context: BrowserContext,
  extensionId: string,
  dappUrl: string,
): Promise<{ page: Page; approvals: Page }> {
  const page = await context.newPage();
  await page.goto(`${dappUrl}/ethereum.html`);
  const opened = approvalWindow(context, extensionId);
  await page.getByRole('button', { name: 'Connect (eth_requestAccounts)' }).click();
  const approvals = await opened;
  await approvals.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#connect-result')).toContainText('0x');
  return { page, approvals };
}

/** The dApp's signature buttons, by the id of their result element. */
export type DappSignature = 'personal-sign' | 'sign-transaction';

const BUTTONS: Record<DappSignature, string> = {
  'personal-sign': 'Sign message (personal_sign)',
  'sign-transaction': 'Sign transaction (eth_signTransaction)',
};

export interface SignatureRun {
  /** What the page shows: its JSON result (`{ verified, signature | signed, … }`) or `Error …`. */
  result: string;
  /** Epoch milliseconds (sub-millisecond, `performance`) of the click on Approve, taken in the popup. */
  approvedAt: number;
  /** Epoch milliseconds at which the wallet's signature reached the page (the dApp's call resolved). */
  answeredAt?: number;
  /** Epoch milliseconds at which the page's result element changed to the answer, once the page checked it. */
  shownAt: number;
  /** The wallet's record of the signing session (steps with their times), from `pri(sessions.list)`. */
  session: SigningSessionView;
}

/**
 * One signature as a user asks for it: the page's button, then Approve in the wallet's window, then the
 * result in the page. Both ends are timestamped inside the browser (a capturing click listener in the
 * popup, a MutationObserver on the page's result), so the polling of this driver adds nothing.
 */
export async function requestSignature(
  page: Page,
  approvals: Page,
  kind: DappSignature,
  options: {
    /** Runs with the request on screen, right before the click on Approve (e.g. to pick the moment). */
    beforeApprove?: () => Promise<void>;
  } = {},
): Promise<SignatureRun> {
  await page.evaluate((id) => {
    const out = document.getElementById(`${id}-result`);
    if (!out) throw new Error(`The page has no #${id}-result`);
    const w = window as unknown as { entropyShownAt?: number };
    delete w.entropyShownAt;
    delete out.dataset.answeredAt;
    out.textContent = '';
    const observer = new MutationObserver(() => {
      const text = out.textContent ?? '';
      if (text === '' || text.startsWith('waiting')) return;
      w.entropyShownAt = performance.timeOrigin + performance.now();
      observer.disconnect();
    });
    observer.observe(out, { childList: true, characterData: true, subtree: true });
  }, kind);
  await page.getByRole('button', { name: BUTTONS[kind] }).click();

  let requestId: string | undefined;
  await expect
    .poll(
      async () => {
        const pending = (await walletRequest(approvals, 'pri(requests.list)')).result as
          { id: string; status: string }[] | undefined;
        requestId = pending?.find((r) => r.status === 'pending')?.id;
        return requestId;
      },
      { timeout: 30_000, message: 'the wallet never listed the page’s request' },
    )
    .toBeDefined();
  const approve = approvals.getByRole('button', { name: 'Approve', exact: true });
  await expect(approve).toBeEnabled();
  await approvals.evaluate(() => {
    const w = window as unknown as { entropyApprovedAt?: number };
    delete w.entropyApprovedAt;
    document.addEventListener(
      'click',
      (event) => {
        const button = (event.target as Element | null)?.closest('button');
        if (button?.textContent?.trim() === 'Approve')
          w.entropyApprovedAt = performance.timeOrigin + performance.now();
      },
      { capture: true, once: true },
    );
  });
  await options.beforeApprove?.();
  await approve.click();

  const shownAt = await page.waitForFunction(
    () => (window as unknown as { entropyShownAt?: number }).entropyShownAt,
    undefined,
    { timeout: SIGNATURE_TIMEOUT, polling: 50 },
  );
  const result = (await page.locator(`#${kind}-result`).textContent()) ?? '';
  const stamp = await page.locator(`#${kind}-result`).getAttribute('data-answered-at');
  const answeredAt = stamp === null ? undefined : Number(stamp);
  const approvedAt = await approvals.evaluate(
    () => (window as unknown as { entropyApprovedAt?: number }).entropyApprovedAt,
  );
  if (approvedAt === undefined) throw new Error('The click on Approve was not recorded in the popup');

  const ended = approvals.getByRole('button', { name: 'Close' });
  await expect(ended).toBeVisible({ timeout: 30_000 });
  const sessions = (await walletRequest(approvals, 'pri(sessions.list)')).result as SigningSessionView[];
  const session = sessions.find((s) => s.requestId === requestId);
  if (!session) throw new Error(`The wallet kept no signing session for request ${requestId}`);
  await ended.click();
  return { result, approvedAt, answeredAt, shownAt: (await shownAt.jsonValue()) as number, session };
}

/** Milliseconds each named step of the session's last attempt took (steps not reached count 0). */
export function stepDurations(
  session: SigningSessionView,
): Record<SigningSessionView['steps'][number]['name'], number> {
  const total = {
    submit: 0,
    committee: 0,
    deliver: 0,
    constraints: 0,
    subscribe: 0,
    protocol: 0,
    verify: 0,
  };
  for (const step of session.steps) total[step.name] += (step.endedAt ?? step.startedAt) - step.startedAt;
  return total;
}
