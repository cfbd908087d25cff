import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKeyShare } from '../../lib/protocol';
import { canonicalParties } from '../../lib/protocol/keyShare';
import { syntheticShare } from '../../lib/protocol/testHarness';
import { groupPartyId } from '../../lib/tss';
import { deriveValidatorKeys, type ValidatorKeys } from '../genesis';
import type { TssChain } from './chain';
import { TssNode } from './node';
import { buildServer } from './server';
import { TssStore } from './store';

const G0 = groupPartyId(0);
const G1 = groupPartyId(1);
const user = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//DiscardReplica');

/**
 * Two servers of signing group 0 holding the same share of the user's key. The first catches a cheat on
 * its pair with group 1: its group mate, which holds the same correlation, must stop using it too.
 */
describe('a pair burnt by a failed pairwise check', () => {
  const dirs: string[] = [];
  const stores: TssStore[] = [];
  let mateServer: FastifyInstance;
  let catcher: TssNode;
  let mate: TssNode;

  async function node(keys: ValidatorKeys, chain: Partial<TssChain>): Promise<TssNode> {
    const dir = await mkdtemp(join(tmpdir(), 'discard-replica-'));
    dirs.push(dir);
    const store = await TssStore.open(dir, 'pw', { logN: 10, r: 8, p: 1 });
    stores.push(store);
    await store.putShare(user.address, encodeKeyShare(share));
    return new TssNode({
      options: { pruneAfterBlocks: 100, sessionTimeoutMs: 2_000 },
      keys,
      group: 0,
      store,
      chain: { bestBlock: 1, reportFailure: async () => undefined, ...chain } as unknown as TssChain,
      log: () => undefined,
    });
  }

  const share = syntheticShare(canonicalParties([G0, G1, user.address]), G0);

  beforeAll(async () => {
    await cryptoWaitReady();
    const [catcherKeys, mateKeys] = await Promise.all([
      deriveValidatorKeys('validator-0-0'),
      deriveValidatorKeys('validator-0-1'),
    ]);
    mate = await node(mateKeys, {
      groupOfTssAccount: async () => 0,
      registering: async () => undefined,
      isRegistered: async () => new Uint8Array(33),
    });
    mateServer = buildServer(mate, () => ({}));
    await mateServer.listen({ port: 0, host: '127.0.0.1' });
    const endpoint = `http://127.0.0.1:${(mateServer.server.address() as AddressInfo).port}`;
    catcher = await node(catcherKeys, {
      groupServers: async () => [
        {
          stash: new Uint8Array(32),
          tssAccount: mateKeys.tss.publicKey,
          x25519PublicKey: mateKeys.x25519.publicKey,
          endpoint,
        },
      ],
    });
  });
  afterAll(async () => {
    // The catcher's kept-alive connection to the mate would hold the close for a minute.
    mateServer?.server.closeAllConnections();
    await mateServer?.close();
    for (const store of stores) await store.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('is discarded on every server of the group that caught it', async () => {
    const request = {
      blockNumber: 1,
      sigHash: `0x${'11'.repeat(32)}`,
      account: `0x${'22'.repeat(32)}`,
      committee: [],
    };
    const failure = { code: 'PAIRWISE_CHECK', reason: 'the KOS check failed', pair: [G0, G1], culprit: G1 };
    await (catcher as unknown as { signingFailed(...args: unknown[]): Promise<void> }).signingFailed(
      request,
      failure,
      user.address,
    );
    const held = (n: TssNode) =>
      (n as unknown as { shares: { get(a: string): Promise<typeof share> } }).shares.get(user.address);
    expect((await held(catcher))!.ot.get(G1)!.discarded).toBe(true);
    await expect.poll(async () => (await held(mate))!.ot.get(G1)!.discarded, { timeout: 10_000 }).toBe(true);
    // Only that pair: the mate's pair with the user is untouched.
    expect((await held(mate))!.ot.get(user.address)!.discarded).toBe(false);
  });
});
