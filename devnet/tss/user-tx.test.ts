import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { envelopeToJson, randomX25519SecretKey, sealEnvelope } from '../../lib/wire';
import { deriveValidatorKeys, type ValidatorKeys } from '../genesis';
import type { TssChain } from './chain';
import { MAX_WAITING_USER_TX_PER_SENDER, TssNode } from './node';
import { TssStore } from './store';
import { evmTx } from './test-support';

/** A chain with no requests on it that records which account's rules were asked for. */
function emptyChain() {
  const rulesRead: string[] = [];
  const chain = {
    bestBlock: 1,
    messages: async () => [],
    constraints: async (account: string) => {
      rulesRead.push(account);
      return { evmAcl: undefined, btcAcl: undefined };
    },
  };
  return { chain: chain as unknown as TssChain, rulesRead };
}

describe("/user/tx reads the account's rules", () => {
  let keys: ValidatorKeys;
  let dir: string;
  let store: TssStore | undefined;
  const user = new Keyring({ type: 'sr25519' }).addFromUri('//UserTx');

  beforeAll(async () => {
    await cryptoWaitReady();
    keys = await deriveValidatorKeys('validator-0-0');
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function node() {
    dir = await mkdtemp(join(tmpdir(), 'user-tx-'));
    store = await TssStore.open(dir, 'pw', { logN: 4, r: 1, p: 1 });
    const { chain, rulesRead } = emptyChain();
    const tss = new TssNode({
      options: { pruneAfterBlocks: 100, sessionTimeoutMs: 300 },
      keys,
      group: 0,
      store,
      chain,
      log: () => undefined,
    });
    const userTx = (nonce: number) =>
      tss.userTx(
        envelopeToJson(
          sealEnvelope({
            plaintext: new TextEncoder().encode(
              JSON.stringify({
                arch: 'evm',
                transactionRequest: evmTx(nonce),
              }),
            ),
            signer: user,
            senderX25519SecretKey: randomX25519SecretKey(),
            recipientX25519PublicKey: keys.x25519.publicKey,
          }),
        ),
      );
    return { userTx, rulesRead };
  }

  it('while it waits for the request, not after it is found', async () => {
    const { userTx, rulesRead } = await node();
    const answer = userTx(0).catch((e: unknown) => e);
    // The request is not there yet: the rules are read already.
    await new Promise((r) => setTimeout(r, 50));
    expect(rulesRead).toEqual([user.address]);
    expect(await answer).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('not for a transaction refused as busy', async () => {
    const { userTx, rulesRead } = await node();
    const waiting = Array.from({ length: MAX_WAITING_USER_TX_PER_SENDER }, (_, i) =>
      userTx(i).catch((e: unknown) => e),
    );
    expect(await userTx(99).catch((e: unknown) => e)).toMatchObject({ code: 'BUSY' });
    expect(rulesRead).toHaveLength(MAX_WAITING_USER_TX_PER_SENDER);
    for (const answer of await Promise.all(waiting)) expect(answer).toMatchObject({ code: 'NOT_FOUND' });
  });
});
