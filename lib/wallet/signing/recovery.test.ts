import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type RunningDevnet } from '../../../devnet/launch';
import { connectChain } from '../../chain';
import { getHealth } from '../../tss';
import type { KeyShare } from '../../protocol';
import { randomX25519SecretKey } from '../../wire';
import { runRegistration } from '../registration/session';
import { afterHeadOfParity, DEAD, signer } from './test-support';
import type { SigningSessionView } from './view';

/** Validator 1 is group 0's second member: in the committee of every other block. */
const CRASHING = 1;

describe('a TSS server killed in the middle of the protocol', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;
  const dave = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Dave');
  const x25519SecretKey = randomX25519SecretKey();
  let share: KeyShare;
  const sign = signer({
    api: () => api,
    pair: dave,
    x25519SecretKey,
    load: () => share,
    save: (saved) => (share = saved),
    // The live share holds every run's start: the worker would read it back with the record applied.
    record: () => undefined,
  });

  /**
   * Signs until a committee included the given validator. Group 0's member alternates with the block:
   * each try alternates the parity.
   */
  async function signWith(endpoint: string): Promise<SigningSessionView> {
    for (let tries = 0; tries < 12; tries++) {
      await afterHeadOfParity(api, tries % 2);
      const view = await sign();
      const first = view.retries[0]?.blamed ?? [];
      if (first.some((b) => b.endpoint === endpoint) || view.members.some((m) => m.endpoint === endpoint))
        return view;
    }
    throw new Error(`no committee included ${endpoint}`);
  }

  beforeAll(async () => {
    devnet = await startDevnet({
      groups: 2,
      groupSize: 2,
      blockTime: 300,
      chainPort: 0,
      tssBasePort: 0,
      sessionTimeoutMs: 4_000,
      exclusionPeriod: 8,
      misbehave: { [CRASHING]: 'crash' },
    });
    api = await connectChain({ endpoint: devnet.chainUrl });
    share = await runRegistration({
      api,
      pair: dave,
      x25519SecretKey,
      constraints: { evmAcl: { addresses: [DEAD], kind: 'Allow', allowNullRecipient: false } },
    });
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  it('times out naming the missing member, the chain excludes it, and the next committee signs', async () => {
    const crashing = devnet.validators[CRASHING]!;
    const view = await signWith(crashing.url);

    expect(view.status).toBe('done');
    expect(view.attempt).toBe(2);
    const [blamed] = view.retries[0]!.blamed;
    expect(blamed).toMatchObject({ party: 'group-0', group: 0, endpoint: crashing.url });
    expect(blamed!.reason).toMatch(/group-0/);
    expect(view.members.map((m) => m.endpoint)).not.toContain(crashing.url);

    const stash = devnet.genesis.signingGroups[0]![1]!.stash;
    expect((await api.query.relayer.excludedUntil(stash)).isSome).toBe(true);
    await expect(getHealth(crashing.url)).rejects.toThrow(/unreachable/);
  });

  it('restarted, the server reopens its stored shares and signs again once its exclusion ends', async () => {
    const crashing = devnet.validators[CRASHING]!;
    await devnet.startValidator(CRASHING, { misbehave: null });
    expect((await getHealth(crashing.url)).ok).toBe(true);

    const view = await signWith(crashing.url);
    expect(view.status).toBe('done');
    expect(view.retries).toEqual([]);
    expect(view.members.find((m) => m.group === 0)?.endpoint).toBe(crashing.url);
  });
});
