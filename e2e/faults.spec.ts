import type { ApiPromise } from '@polkadot/api';
import type { Page } from '@playwright/test';
import { connectChain } from '../lib/chain';
import type { RunningDevnet } from '../devnet/launch';
import { expect, test } from './fixtures';
import { stopServiceWorker } from './support/extension';
import { asPopup, SESSION_MASKS, snap } from './support/screens';
import { approveInPopup, connectedDapp, historyEntries, openRegisteredWallet } from './support/setup';

/**
 * Faults a user can meet while a signature is under way, seen where the user sees them: the popup's text,
 * the page's answer, and the chain's state read with @polkadot/api.
 */

async function requestMessageSignature(page: Page): Promise<void> {
  await page.locator('#personal-sign-result').evaluate((el) => (el.textContent = ''));
  await page.getByRole('button', { name: 'Sign message (personal_sign)' }).click();
}

async function signMessage(page: Page, wallet: Page): Promise<void> {
  await requestMessageSignature(page);
  await approveInPopup(wallet);
}

/**
 * Times approvals so the request lands in a block whose committee has `member` of group 0 (the relayer's
 * rule without exclusions: member n mod size for block n). It approves when the head is `lead` blocks
 * before such a block, `lead` being how far the last request landed from the head at its approval: a fixed
 * rhythm alone can keep landing on the other member.
 */
async function aimAtGroupZeroMember(devnet: RunningDevnet, endpoint: string) {
  const api = await connectChain({ endpoint: devnet.chainUrl });
  const group = devnet.genesis.signingGroups[0]!;
  const member = group.findIndex((v) => v.endpoint === endpoint);
  let lead = 1;
  let head = 0;
  return {
    /** Approves the request the popup shows once the head is right. */
    async approve(wallet: Page): Promise<void> {
      await expect(wallet.getByRole('button', { name: 'Approve' })).toBeVisible();
      head = await nextHead(api, (n) => (n + lead) % group.length === member);
      await approveInPopup(wallet);
    },
    /** After the request landed: learn where. */
    async landed(): Promise<void> {
      lead = (await blockWithSignatureRequest(api, head + 1)) - head;
    },
    close: () => api.disconnect(),
  };
}

/** The number of the next announced block that satisfies `wanted`, as soon as it is announced. */
async function nextHead(api: ApiPromise, wanted: (n: number) => boolean): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const unsubscribe = api.rpc.chain.subscribeNewHeads((header) => {
      const n = header.number.toNumber();
      if (!wanted(n)) return;
      void unsubscribe.then((stop) => stop());
      resolve(n);
    });
    unsubscribe.catch(reject);
  });
}

/** The first block from `from` on carrying a `relayer.prepTransaction` (the wallet's signature request). */
async function blockWithSignatureRequest(api: ApiPromise, from: number): Promise<number> {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = from; n <= best; n++) {
    const { block } = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
    if (block.extrinsics.some((x) => x.method.section === 'relayer' && x.method.method === 'prepTransaction'))
      return n;
  }
  throw new Error(`no signature request in blocks ${from}–${best}`);
}

/** The endpoint of group 0's member in the committee the popup shows, once it shows one. */
async function groupZeroEndpoint(wallet: Page): Promise<string | null> {
  const member = wallet.getByRole('listitem', { name: 'Signing group 0' });
  return (await member.count()) > 0 ? member.locator('.endpoint').textContent() : null;
}

async function expectExcluded(devnet: RunningDevnet, stash: string): Promise<void> {
  const api = await connectChain({ endpoint: devnet.chainUrl });
  try {
    expect((await api.query.relayer.excludedUntil(stash)).isSome).toBe(true);
  } finally {
    await api.disconnect();
  }
}

test('a validator sending corrupt protocol messages is named in the popup, excluded on chain, and the retry signs', async ({
  context,
  extensionId,
  dapp,
  faultyDevnet,
}) => {
  test.setTimeout(300_000);
  const { wallet } = await openRegisteredWallet(context, extensionId, faultyDevnet.chainUrl, dapp.url);
  const page = await connectedDapp(context, wallet, dapp.url);
  const culprit = faultyDevnet.validators[1]!;

  // The corrupt validator sits in group 0's committee on every other block: aim at those, sign until it
  // was picked.
  const aim = await aimAtGroupZeroMember(faultyDevnet, culprit.url);
  const retries = wallet.locator('.retries');
  for (let attempt = 0; attempt < 12 && (await retries.count()) === 0; attempt++) {
    if (attempt > 0) await wallet.getByRole('button', { name: 'Close' }).click();
    await requestMessageSignature(page);
    await aim.approve(wallet);
    await expect(wallet.getByRole('heading', { name: 'Signed' })).toBeVisible({ timeout: 120_000 });
    await expect(page.locator('#personal-sign-result')).toContainText('"verified":true');
    await aim.landed();
  }
  await aim.close();
  await expect(retries).toContainText('Attempt 1');
  await expect(retries).toContainText(`Blamed group 0’s validator`);
  await expect(retries).toContainText(`(${culprit.url})`);
  await expect(wallet.getByRole('listitem', { name: 'Signing group 0' })).not.toContainText(culprit.url);
  await expectExcluded(faultyDevnet, faultyDevnet.genesis.signingGroups[0]![1]!.stash);
});

test('a TSS server killed mid-protocol: the popup shows the stalled round, the timeout names it, the next committee signs', async ({
  context,
  extensionId,
  dapp,
  crashingDevnet,
}) => {
  test.setTimeout(300_000);
  const { wallet } = await openRegisteredWallet(context, extensionId, crashingDevnet.chainUrl, dapp.url);
  await asPopup(wallet);
  const page = await connectedDapp(context, wallet, dapp.url);
  const crashing = crashingDevnet.validators[1]!;

  // Group 0's member alternates with the block the request lands in: aim at the crashing one's blocks.
  const aim = await aimAtGroupZeroMember(crashingDevnet, crashing.url);
  let stalled = false;
  for (let attempt = 0; attempt < 12 && !stalled; attempt++) {
    if (attempt > 0) await wallet.getByRole('button', { name: 'Close' }).click();
    await requestMessageSignature(page);
    await aim.approve(wallet);
    const outcome = async () => {
      if (await wallet.getByRole('heading', { name: 'Signed' }).isVisible()) return 'signed';
      return (await groupZeroEndpoint(wallet)) === crashing.url ? 'stalled' : 'running';
    };
    await expect.poll(outcome, { timeout: 120_000 }).not.toBe('running');
    stalled = (await outcome()) === 'stalled';
    await aim.landed();
  }
  await aim.close();
  expect(stalled).toBe(true);

  // It died before sending round 2: the others and the wallet wait in round 2 for it.
  const member = (group: number) => wallet.getByRole('listitem', { name: `Signing group ${group}` });
  await expect(member(0)).toContainText('Round 1 of 3');
  await expect(member(1)).toContainText('Round 2 of 3');
  await expect(member(2)).toContainText('Round 2 of 3');
  await snap(wallet, 'signing-progress-mid-protocol.png', SESSION_MASKS, { scrollbar: false });

  // The session timeout names the missing member; the chain excludes it; the retry's committee signs.
  const retries = wallet.locator('.retries');
  await expect(retries).toContainText(`Blamed group 0’s validator`, { timeout: 60_000 });
  await expect(retries).toContainText(`(${crashing.url})`);
  await expect(retries).toContainText('no progress for 12000 ms, waiting for party group-0');
  await expect(wallet.getByRole('heading', { name: 'Signed' })).toBeVisible({ timeout: 120_000 });
  await expect(member(0)).not.toContainText(crashing.url);
  await expect(page.locator('#personal-sign-result')).toContainText('"verified":true');
  await expectExcluded(crashingDevnet, crashingDevnet.genesis.signingGroups[0]![1]!.stash);

  // Its operator restarts it: it opens its stored shares and answers again.
  await expect(fetch(`${crashing.url}/health`)).rejects.toThrow();
  await crashingDevnet.startValidator(1, { misbehave: null });
  expect((await fetch(`${crashing.url}/health`)).ok).toBe(true);
  await wallet.getByRole('button', { name: 'Close' }).click();
  await signMessage(page, wallet);
  await expect(page.locator('#personal-sign-result')).toContainText('"verified":true', { timeout: 120_000 });
});

test('the service worker stopped mid-signing: the page and the popup say so, and the next request signs', async ({
  context,
  extensionId,
  dapp,
  devnet,
}) => {
  test.setTimeout(240_000);
  const { wallet } = await openRegisteredWallet(context, extensionId, devnet.chainUrl, dapp.url);
  const page = await connectedDapp(context, wallet, dapp.url);

  await page.getByRole('button', { name: 'Sign transaction (eth_signTransaction)' }).click();
  await approveInPopup(wallet);
  // The popup follows the signing: the session has begun in the worker.
  await expect(wallet.locator('section.progress')).toBeVisible();
  await stopServiceWorker(wallet);

  await expect(page.locator('#sign-transaction-result')).toContainText(
    'The wallet restarted before answering; please try again',
  );
  // A reopened popup talks to the new worker, which closed the interrupted request with the reason.
  await wallet.reload();
  const entries = await historyEntries(wallet);
  await expect(entries.first()).toContainText('Failed');
  await expect(entries.first()).toContainText(
    'The wallet restarted while this request was being signed, so it was not signed.',
  );

  // Nothing was lost: the same account signs the next request.
  await page.getByRole('button', { name: 'Sign transaction (eth_signTransaction)' }).click();
  await approveInPopup(wallet);
  await expect(page.locator('#sign-transaction-result')).toContainText('"verified":true', {
    timeout: 90_000,
  });
});
