import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { defaultGenesis } from '../genesis';
import { startChain } from './index';
import { account, submit, tx } from './testing';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('--data-dir persistence', () => {
  it('continues the chain with its state after a restart, and refuses another genesis', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'devnet-chain-'));
    dirs.push(dataDir);
    const genesis = (await defaultGenesis({ groups: 2, groupSize: 1 })).config;
    const ring = new Keyring({ type: 'sr25519' });
    const [alice, dave] = [ring.addFromUri('//Alice'), ring.addFromUri('//Dave')];

    const first = await startChain({ port: 0, blockTime: 0, genesis, dataDir, log: () => undefined });
    const api1 = await ApiPromise.create({ provider: new WsProvider(first.url), noInitWarn: true });
    await submit(tx(api1, 'balances', 'transferKeepAlive')(dave.address, 777n * 10n ** 10n), alice);
    const balance = (await account(api1, dave.address)).free;
    const head = await api1.rpc.chain.getHeader();
    await api1.disconnect();
    await first.stop();

    const second = await startChain({ port: 0, blockTime: 0, genesis, dataDir, log: () => undefined });
    const api2 = await ApiPromise.create({ provider: new WsProvider(second.url), noInitWarn: true });
    try {
      expect(api2.genesisHash.toHex()).toBe(first.genesisHash);
      expect((await api2.rpc.chain.getHeader()).hash.toHex()).toBe(head.hash.toHex());
      expect((await account(api2, dave.address)).free).toBe(balance);
      expect((await account(api2, alice.address)).nonce).toBe(1);
      // The chain goes on from there: nonce 1 is accepted, block numbers continue.
      const r = await submit(tx(api2, 'system', 'remark')('0x01'), alice);
      const n = (await api2.rpc.chain.getHeader(r.status.asFinalized)).number.toNumber();
      expect(n).toBe(head.number.toNumber() + 1);
    } finally {
      await api2.disconnect();
      await second.stop();
    }

    const other = (await defaultGenesis({ groups: 1, groupSize: 1 })).config;
    await expect(
      startChain({ port: 0, blockTime: 0, genesis: other, dataDir, log: () => undefined }),
    ).rejects.toThrow(/another genesis/);
  });
});
