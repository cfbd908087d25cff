import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import { assertCanSign, decodeKeyShare, encodeKeyShare, ProtocolError } from '../../lib/protocol';
import { syntheticShare } from '../../lib/protocol/testHarness';
import { LiveShares, MAX_RUN_RECORD_BYTES } from './shares';
import { TssStore } from './store';

const FAST = { logN: 10, r: 8, p: 1 };
const ACCOUNT = '5Alice';
// A share's parties are sorted.
const PARTIES = [ACCOUNT, 'group-0', 'group-1'].sort();
const dirs: string[] = [];
const stores: TssStore[] = [];

async function openStore(dir?: string): Promise<{ dir: string; store: TssStore }> {
  const at = dir ?? (await mkdtemp(join(tmpdir(), 'tss-shares-')));
  if (!dir) dirs.push(at);
  const store = await TssStore.open(at, 'pw', FAST);
  stores.push(store);
  return { dir: at, store };
}

/** The store closed and opened again, as by a restart, with a new set of live shares over it. */
async function restart(dir: string, store: TssStore): Promise<{ store: TssStore; shares: LiveShares }> {
  await store.close();
  stores.splice(stores.indexOf(store), 1);
  const reopened = await openStore(dir);
  return { store: reopened.store, shares: new LiveShares(reopened.store) };
}

function refusal(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return undefined;
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('LiveShares: a signing run’s start persisted as its record', () => {
  it('keeps the stored share as it was and refuses the run’s id again after a restart', async () => {
    const { dir, store } = await openStore();
    const shares = new LiveShares(store);
    const written = await shares.replace(ACCOUNT, syntheticShare(PARTIES, 'group-0'));
    const sessionId = randomBytes(32);
    await shares.recordRun(ACCOUNT, sessionId);
    // The run's record only: the ~74 KB share is not written again.
    expect(await store.getShare(ACCOUNT)).toEqual(written);
    expect((await store.getRuns(ACCOUNT))!.length).toBeLessThan(300);

    const after = await restart(dir, store);
    const share = await after.shares.require(ACCOUNT);
    expect(refusal(() => assertCanSign(share, sessionId))).toBe('SESSION_REUSED');
    expect(refusal(() => assertCanSign(share, randomBytes(32)))).toBeUndefined();
  });

  it('folds the records into the share past the bound, and every run stays refused', async () => {
    const { dir, store } = await openStore();
    const shares = new LiveShares(store);
    await shares.replace(ACCOUNT, syntheticShare(PARTIES, 'group-0'));
    const ids: Uint8Array[] = [];
    let folded = false;
    while (!folded) {
      const id = randomBytes(32);
      ids.push(id);
      await shares.recordRun(ACCOUNT, id);
      folded = (await store.getRuns(ACCOUNT)) === undefined;
      expect(ids.length).toBeLessThan(MAX_RUN_RECORD_BYTES / 50);
    }
    // The share written at the fold holds every run; no record is left beside it.
    const stored = decodeKeyShare((await store.getShare(ACCOUNT))!);
    for (const id of ids) expect(refusal(() => assertCanSign(stored, id))).toBe('SESSION_REUSED');

    const next = randomBytes(32);
    await shares.recordRun(ACCOUNT, next);
    const after = await restart(dir, store);
    const share = await after.shares.require(ACCOUNT);
    for (const id of [...ids, next]) expect(refusal(() => assertCanSign(share, id))).toBe('SESSION_REUSED');
  });

  it('keeps recorded runs when the share is replaced by a copy of the same setups without them', async () => {
    const { dir, store } = await openStore();
    const shares = new LiveShares(store);
    const original = syntheticShare(PARTIES, 'group-0');
    const copy = decodeKeyShare(encodeKeyShare(original));
    await shares.replace(ACCOUNT, original);
    const sessionId = randomBytes(32);
    await shares.recordRun(ACCOUNT, sessionId);
    // A whole share from our group, written before this run: the same pairs, not this run.
    await shares.replace(ACCOUNT, copy);
    expect(refusal(() => assertCanSign(copy, sessionId))).toBe('SESSION_REUSED');

    const after = await restart(dir, store);
    const share = await after.shares.require(ACCOUNT);
    expect(refusal(() => assertCanSign(share, sessionId))).toBe('SESSION_REUSED');
  });

  it('writes the records into the share with any whole write of it, in the same write', async () => {
    const { dir, store } = await openStore();
    const shares = new LiveShares(store);
    await shares.replace(ACCOUNT, syntheticShare(PARTIES, 'group-0'));
    const first = randomBytes(32);
    await shares.recordRun(ACCOUNT, first);
    await shares.update(ACCOUNT);
    expect(await store.getRuns(ACCOUNT)).toBeUndefined();
    const stored = decodeKeyShare((await store.getShare(ACCOUNT))!);
    expect(refusal(() => assertCanSign(stored, first))).toBe('SESSION_REUSED');

    const next = randomBytes(32);
    await shares.recordRun(ACCOUNT, next);
    const after = await restart(dir, store);
    const share = await after.shares.require(ACCOUNT);
    for (const id of [first, next]) expect(refusal(() => assertCanSign(share, id))).toBe('SESSION_REUSED');
  });
});
