import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDevnet } from '../../../devnet/launch';
import { connectChain } from '../../chain';
import { runRegistration } from '../registration/session';
import { afterHeadOfParity, noneExcluded, startSigningDevnet, testAccount } from './test-support';
import type { SigningSessionView } from './view';

/** Group 0's second member: signs with a wrong share at first, so the pair of groups 0 and 1 is renewed. */
const WRONG_SHARE = 1;
/** Group 1's first member: down while group 1 renews its pair with group 0, so it keeps the old one. */
const BEHIND = 2;

async function until(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a validator holding an old copy of its group’s pair with another group (it missed the renewal)', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;
  const lines: string[] = [];
  const logOf = (index: number, pattern: RegExp) =>
    lines.some((l) => l.startsWith(`[${devnet.validators[index]!.name}] `) && pattern.test(l));
  const charlie = testAccount('//Charlie', () => api);
  /**
   * One request, once no validator is excluded (for the tests after the first): the first test's failures
   * exclude members (on a slow machine a group's two at once, and the chain refuses with
   * NoAvailableValidator; or the one left is the stale one, and once it is reported its group has nobody),
   * which is not what those tests are about. An exclusion lasts 20 blocks (6 s here).
   */
  const sign = async () => {
    await noneExcluded(api, devnet);
    return charlie.sign();
  };

  beforeAll(async () => {
    devnet = await startSigningDevnet('STALE_TEST_LOG', { sessionTimeoutMs: 10_000 }, (line) =>
      lines.push(line),
    );
    api = await connectChain({ endpoint: devnet.chainUrl });
    const { pair, x25519SecretKey } = charlie;
    charlie.vault.put(await runRegistration({ api, pair, x25519SecretKey }));
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('a failed check between the groups renews their pair; the member that is down keeps the old copy', async () => {
    await devnet.stopValidator(WRONG_SHARE);
    await devnet.startValidator(WRONG_SHARE, { misbehave: 'wrong-share' });
    await devnet.stopValidator(BEHIND);
    const partner = devnet.validators.findIndex((v) => v.group === 1 && v.member !== 0);
    const renewed = () => logOf(partner, /new OT setup with group-0 for /);
    // Group 1's member checks group 0's wrong one when both are picked; requests fail while the member
    // that is down is picked too, until the chain excludes it.
    for (let tries = 0; tries < 12 && !renewed(); tries++) await charlie.sign().catch(() => undefined);
    expect(renewed()).toBe(true);
    await until('the renewal to give up on the member that is down', () =>
      logOf(partner, /new OT setup with group-0 .* did not reach the whole group/),
    );

    await devnet.stopValidator(WRONG_SHARE);
    await devnet.startValidator(WRONG_SHARE, { misbehave: null });
    await devnet.startValidator(BEHIND);
  });

  it('is refused as stale when picked; the two groups set their pair up again and the retry signs', async () => {
    const behind = devnet.validators[BEHIND]!.url;
    let view: SigningSessionView | undefined;
    for (let tries = 0; tries < 20 && !view; tries++) {
      await afterHeadOfParity(api, tries % 2);
      const signed = await sign();
      expect(signed.status).toBe('done');
      if (signed.retries.some((r) => r.blamed.some((b) => b.endpoint === behind))) view = signed;
    }

    const blamed = view!.retries.flatMap((r) => r.blamed).find((b) => b.endpoint === behind);
    expect(blamed).toMatchObject({ party: 'group-1' });
    expect(blamed!.reason).toMatch(/group-1 holds an old copy of its pair with group-0/);
    // An old copy is not misbehaviour: nobody reported the member, so the chain did not exclude it (the
    // retry may pick it again once the renewal reached it).
    const { group, member } = devnet.validators[BEHIND]!;
    const stash = devnet.genesis.signingGroups[group]![member]!.stash;
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const excluded = await api.query.relayer.excludedUntil(stash);
    expect(excluded.isNone || excluded.unwrap().toNumber() <= head).toBe(true);
    await until('the member that was behind to renew its pair with group 0', () =>
      logOf(BEHIND, /new OT setup with group-0 for /),
    );
  });

  it('then every validator signs without a retry: the renewed pair reached both groups', async () => {
    const all = devnet.validators.map((v) => v.url);
    const clean = new Set<string>();
    // A request picked while a renewal is still on its way to the rest of a group meets one more old
    // copy, which is renewed in turn: the only retries allowed are for old copies.
    for (let i = 0; i < 20 && clean.size < all.length; i++) {
      await afterHeadOfParity(api, i % 2);
      const view = await sign();
      expect(view.status).toBe('done');
      for (const { reason } of view.retries.flatMap((r) => r.blamed))
        expect(reason).toMatch(/holds an old copy/);
      if (view.retries.length === 0) view.members.forEach((m) => clean.add(m.endpoint));
    }
    expect([...clean].sort()).toEqual([...all].sort());
  });
});
