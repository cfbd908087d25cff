import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDevnet } from '../../../devnet/launch';
import { connectChain, groupServers } from '../../chain';
import type { KeyShare } from '../../protocol';
import { groupPartyId } from '../../tss';
import { runRegistration } from '../registration/session';
import { runOtSetup } from './ot-setup';
import { afterHeadOfParity, noneExcluded, startSigningDevnet, testAccount } from './test-support';
import type { SigningSessionView } from './view';

/** Group 0's second member: down while the group sets its pair with us up again, so it keeps the old one. */
const BEHIND = 1;

const generation = (share: KeyShare) => share.ot.get('group-0')!.generation;

describe('a validator holding an old copy of its group’s pair with us (it missed the last setup)', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;
  const ferdie = testAccount('//Ferdie', () => api);
  const { pair, x25519SecretKey, sign } = ferdie;

  beforeAll(async () => {
    devnet = await startSigningDevnet('STALE_TEST_LOG', { sessionTimeoutMs: 10_000 });
    api = await connectChain({ endpoint: devnet.chainUrl });
    ferdie.vault.put(await runRegistration({ api, pair, x25519SecretKey }));

    // Group 0 sets its pair with us up again while one member is down: that member keeps generation 0.
    await devnet.stopValidator(BEHIND);
    const up = devnet.validators.findIndex((v, i) => v.group === 0 && i !== BEHIND);
    const server = (await groupServers(api, 0)).find((s) => s.endpoint === devnet.validators[up]!.url)!;
    const renewed = await runOtSetup({
      pair,
      x25519SecretKey,
      share: ferdie.share(),
      peer: {
        partyId: groupPartyId(0),
        endpoint: server.endpoint,
        tssAccount: server.tssAccount,
        x25519PublicKey: server.x25519PublicKey,
      },
    });
    ferdie.vault.put(renewed);
    await devnet.startValidator(BEHIND);
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('the setup completes without the member that was down, one generation up', () => {
    expect(generation(ferdie.share())).toBe(1);
  });

  it('is refused as stale when picked; the pair is set up again with the group and the retry signs', async () => {
    const behind = devnet.validators[BEHIND]!.url;
    let view: SigningSessionView | undefined;
    // Group 0's member alternates with the block: ask, alternating the parity, until the one that was
    // down was picked.
    for (let tries = 0; tries < 12 && !view; tries++) {
      await afterHeadOfParity(api, tries % 2);
      const signed = await sign();
      expect(signed.status).toBe('done');
      if (signed.retries.length > 0) view = signed;
      else expect(signed.members.map((m) => m.endpoint)).not.toContain(behind);
    }

    expect(view?.attempt).toBe(2);
    const [first] = view!.retries[0]!.blamed;
    expect(first).toMatchObject({ party: 'group-0', endpoint: behind });
    expect(first!.reason).toMatch(/group-0 holds an old copy/);
    // Set up again: a newer generation than either copy, and not discarded.
    const share = ferdie.share();
    expect(generation(share)).toBe(2);
    expect(share.ot.get('group-0')!.discarded).toBe(false);
  });

  it('then both members of the group sign with us, neither stale any more', async () => {
    const group0 = devnet.validators.filter((v) => v.group === 0).map((v) => v.url);
    const seen = new Set<string>();
    for (let i = 0; i < 12 && seen.size < group0.length; i++) {
      // The member blamed as stale above is excluded for 20 blocks: until then it cannot be picked.
      await noneExcluded(api, devnet);
      await afterHeadOfParity(api, i % 2);
      const view = await sign();
      expect(view.status).toBe('done');
      expect(view.retries).toEqual([]);
      view.members.filter((m) => group0.includes(m.endpoint)).forEach((m) => seen.add(m.endpoint));
    }
    expect([...seen].sort()).toEqual([...group0].sort());
    expect(generation(ferdie.share())).toBe(2);
  });
});
